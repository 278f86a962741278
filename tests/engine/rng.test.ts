// Named streams are what make design variants comparable (common random
// numbers): a stream's draws depend only on (seed, name) and on the draws
// made on that stream, never on what other components do.
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { RandomStream, RandomStreams } from '../../sim/engine/rng.ts';

function draws(streams: RandomStreams, name: string, count: number): number[] {
  const s = streams.stream(name);
  return Array.from({ length: count }, () => s.next());
}

describe('RandomStreams', () => {
  it('the same (seed, name) gives the same sequence', () => {
    expect(draws(new RandomStreams(42), 'workload/api/host-17', 1000)).toEqual(
      draws(new RandomStreams(42), 'workload/api/host-17', 1000),
    );
    expect(draws(new RandomStreams('a seed'), 'faults', 100)).toEqual(
      draws(new RandomStreams('a seed'), 'faults', 100),
    );
  });

  it('the same name under different seeds gives different sequences', () => {
    expect(draws(new RandomStreams(42), 'faults', 100)).not.toEqual(
      draws(new RandomStreams(43), 'faults', 100),
    );
    // A number seed and its string spelling are the same seed, by design of the key.
    expect(draws(new RandomStreams(42), 'faults', 100)).toEqual(
      draws(new RandomStreams('42'), 'faults', 100),
    );
  });

  it('different names give different sequences', () => {
    const streams = new RandomStreams(42);
    const names = [
      'faults',
      'ring/tokens',
      'workload/api/host-1',
      'workload/api/host-10',
      'workload/api/host-11',
    ];
    const seqs = names.map((n) => draws(streams, n, 50).join(','));
    expect(new Set(seqs).size).toBe(names.length);
  });

  it('the name and the seed are not simply concatenated (seed 1 + "2x" differs from seed 12 + "x")', () => {
    expect(draws(new RandomStreams(1), '2x', 20)).not.toEqual(draws(new RandomStreams(12), 'x', 20));
  });

  it('creating and drawing other streams does not shift a stream’s draws', () => {
    const alone = draws(new RandomStreams(7), 'agent/host-3', 500);

    const busy = new RandomStreams(7);
    const noise = busy.stream('noise');
    const mine = busy.stream('agent/host-3');
    const interleaved: number[] = [];
    for (let i = 0; i < 500; i++) {
      // Other components come and go and draw between each of ours.
      for (let j = 0; j <= i % 3; j++) noise.next();
      busy.stream(`late-component-${i % 17}`).next();
      interleaved.push(mine.next());
    }
    expect(interleaved).toEqual(alone);
  });

  it('stream(name) returns the same stream object, continuing its sequence', () => {
    const streams = new RandomStreams(9);
    const first = streams.stream('x');
    const a = first.next();
    const second = streams.stream('x');
    expect(second).toBe(first);
    const b = second.next();
    expect([a, b]).toEqual(draws(new RandomStreams(9), 'x', 2));
  });

  it('next() is in [0, 1) and int(n) in [0, n), both roughly uniform', () => {
    const s = new RandomStreams(3).stream('uniform');
    const n = 100_000;
    const buckets = new Array<number>(10).fill(0);
    let outOfRange = 0;
    for (let i = 0; i < n; i++) {
      const u = s.next();
      if (!(u >= 0 && u < 1)) outOfRange++;
      const k = s.int(10);
      if (!(Number.isInteger(k) && k >= 0 && k < 10)) outOfRange++;
      else buckets[k]!++;
    }
    expect(outOfRange).toBe(0);
    const tol = 5 * Math.sqrt(n * 0.1 * 0.9);
    for (const c of buckets) expect(Math.abs(c - n / 10)).toBeLessThan(tol);
  });

  it('pins the first draws of a stream, so a change of generator or key derivation is visible', () => {
    const s = new RandomStreams(42).stream('pinned');
    const first = [s.next(), s.next(), s.next()];
    expect(first).toMatchInlineSnapshot(`
      [
        0.352541156578809,
        0.7944990550167859,
        0.20605186722241342,
      ]
    `);
  });

  it('draws exactly what seedrandom’s alea draws for the same key (the slab keeps its state, not its algorithm)', () => {
    for (const [seed, name] of [
      [42, 'workload/api/host-17'],
      ['a seed', 'faults'],
      [0, ''],
      [7, 'agent/edge-99999'],
    ] as const) {
      const ours = new RandomStreams(seed).stream(name);
      const theirs = seedrandom.alea(`${String(seed)}\u0000${name}`);
      for (let i = 0; i < 10_000; i++) expect(ours.next()).toBe(theirs());
    }
  });

  it('streams sharing a slab do not disturb each other, across slab boundaries', () => {
    const streams = new RandomStreams(5);
    const many = Array.from({ length: 2500 }, (_, i) => streams.stream(`s-${i}`));
    for (let round = 0; round < 3; round++) for (const s of many) s.next();
    for (const i of [0, 1023, 1024, 2499]) {
      const theirs = seedrandom.alea(`5\u0000s-${i}`);
      for (let k = 0; k < 3; k++) theirs();
      expect(many[i]!.next()).toBe(theirs());
    }
  });
});

describe('owned streams (state kept by their owner, drawn through a cursor)', () => {
  it('a stream seeded into its owner’s array draws what stream(name) would, interleaved with others', () => {
    const owned = new RandomStreams(42).claim('workload/');
    const state = new Float64Array(12);
    owned.seed('workload/api', state, 0);
    owned.seed('workload/db', state, 8); // apart in one array, as regions of the tick store are
    const cursor = RandomStream.cursor();
    const api: number[] = [];
    const db: number[] = [];
    for (let i = 0; i < 300; i++) {
      cursor.moveTo(state, 0);
      api.push(cursor.next());
      cursor.moveTo(state, 8);
      for (let j = 0; j <= i % 3; j++) db.push(cursor.next());
    }
    expect(api).toEqual(draws(new RandomStreams(42), 'workload/api', api.length));
    expect(db).toEqual(draws(new RandomStreams(42), 'workload/db', db.length));
    expect(state.slice(4, 8)).toEqual(new Float64Array(4)); // nothing written between the two states
  });

  it('a claimed name is refused to stream(), so no one restarts a sequence its owner is drawing', () => {
    const streams = new RandomStreams(1);
    const owned = streams.claim('workload/');
    expect(() => streams.stream('workload/api')).toThrow(/owned by the claim on workload\//);
    expect(() => owned.seed('faults', new Float64Array(4), 0)).toThrow(/not under workload\//);
    expect(streams.stream('workloads').next()).toBeGreaterThanOrEqual(0); // another prefix is free
  });

  it('a claim may not overlap another claim or a stream already in use', () => {
    const streams = new RandomStreams(1);
    streams.claim('workload/');
    expect(() => streams.claim('workload/api/')).toThrow(/overlap/);
    expect(() => streams.claim('work')).toThrow(/overlap/);
    streams.stream('agent/edge-1');
    expect(() => streams.claim('agent/')).toThrow(/already in use/);
    expect(() => streams.claim('')).toThrow(/empty/);
  });

  it('a cursor not yet moved to any state draws NaN, never another stream’s numbers', () => {
    expect(RandomStream.cursor().next()).toBeNaN();
  });
});
