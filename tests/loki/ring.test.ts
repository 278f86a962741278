import { describe, expect, test as plainTest } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { RandomStreams } from '../../sim/engine/rng.ts';
import { labelSet } from '../../sim/loki/label-set.ts';
import { Ring } from '../../sim/loki/ring.ts';
import { ringTokenOf } from '../../sim/loki/stream-id.ts';

const ids = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const all = (): boolean => true;

/** Ring tokens of S synthetic streams, through the real hashing path. */
function streamTokens(s: number): Uint32Array {
  const out = new Uint32Array(s);
  for (let i = 0; i < s; i++) out[i] = ringTokenOf(labelSet({ app: 'api', pod: `pod-${i}` }));
  return out;
}

describe('ring placement', () => {
  test.prop([
    fc.integer(),
    fc.integer({ min: 1, max: 12 }),
    fc.array(fc.nat({ max: 0xffffffff }), { maxLength: 30 }),
  ])('the same seed places every token on the same replicas', (seed, n, tokens) => {
    const a = new Ring(new RandomStreams(seed), ids(n), 16);
    const b = new Ring(new RandomStreams(seed), ids(n), 16);
    for (const t of tokens)
      expect(a.replicasFor(t, 3, all).instances).toEqual(b.replicasFor(t, 3, all).instances);
  });

  test.prop([fc.integer(), fc.integer({ min: 1, max: 12 }), fc.nat({ max: 0xffffffff })])(
    'a replica set holds min(rf, N) distinct ingesters',
    (seed, n, token) => {
      const set = new Ring(new RandomStreams(seed), ids(n), 8).replicasFor(token, 3, all);
      expect(new Set(set.instances).size).toBe(Math.min(3, n));
    },
  );

  plainTest('an unhealthy replica is not replaced: it counts against the 2-of-3 quorum', () => {
    const ring = new Ring(new RandomStreams(1), ids(6));
    const healthySet = ring.replicasFor(12345, 3, all);
    const [first, second] = healthySet.instances as [number, number, number];
    const one = ring.replicasFor(12345, 3, (id) => id !== first);
    expect(one.instances).toEqual(healthySet.instances);
    expect(one.live).toHaveLength(2);
    expect(one).toMatchObject({ minSuccess: 2, maxFailures: 0, ok: true });
    const two = ring.replicasFor(12345, 3, (id) => id !== first && id !== second);
    expect(two.ok).toBe(false); // "at least 2 live replicas required, could only find 1"
  });

  plainTest('a LEAVING instance extends the set by one and raises the quorum', () => {
    const ring = new Ring(new RandomStreams(1), ids(6));
    const base = ring.replicasFor(999, 3, all).instances;
    const ext = ring.replicasFor(999, 3, all, (id) => id === base[0]);
    expect(ext.instances.slice(0, 3)).toEqual(base);
    expect(ext.instances).toHaveLength(4);
    expect(ext.minSuccess).toBe(3);
  });

  test.prop([fc.integer(), fc.integer({ min: 4, max: 10 })])(
    'a leaving ingester re-homes only the streams it replicated',
    (seed, n) => {
      const ring = new Ring(new RandomStreams(seed), ids(n), 32);
      const tokens = streamTokens(300);
      const before = Array.from(tokens, (t) => ring.replicasFor(t, 3, all).instances);
      ring.leave(n - 1);
      tokens.forEach((t, i) => {
        const after = ring.replicasFor(t, 3, all).instances;
        if (!before[i]!.includes(n - 1)) expect(after).toEqual(before[i]);
        else expect(after).not.toContain(n - 1);
      });
    },
  );

  plainTest('a joining ingester takes about 1/(N+1) of the primary ownership, from the others only', () => {
    const ring = new Ring(new RandomStreams(5), ids(9));
    const tokens = streamTokens(20_000);
    const before = Array.from(tokens, (t) => ring.ownerOf(t));
    ring.join(9);
    let moved = 0;
    tokens.forEach((t, i) => {
      const owner = ring.ownerOf(t);
      if (owner !== before[i]) {
        moved++;
        expect(owner).toBe(9); // consistent hashing: streams only move to the newcomer
      }
    });
    expect(moved / tokens.length).toBeGreaterThan(0.07);
    expect(moved / tokens.length).toBeLessThan(0.14);
  });
});

/**
 * Load balance bound. With N ingesters × T random tokens, an ingester's share
 * of the ring is G_i / ΣG with G_i ~ Gamma(T, 1) (sum of T exponential
 * spacings). Chernoff for the gamma upper tail:
 *   P(G_i ≥ T(1+ε)) ≤ exp(−T(ε − ln(1+ε))),
 * union-bounded over N ingesters at total risk δ; the lower tail of ΣG
 * (Gamma(NT)) gives P(ΣG ≤ NT(1−η)) ≤ exp(−NTη²/2); and the multinomial
 * sampling of S streams adds P(X ≥ (1+ε_s)μ) ≤ exp(−ε_s²μ/3) per ingester.
 * So, with probability ≥ 1 − 3δ:
 *   max/mean ≤ (1+ε)(1+ε_s)/(1−η)
 * For N = 10, T = 128, S = 100,000, δ = 10⁻³ this is ≈ 1.7. With T = 1 the
 * largest of N exponential spacings is ≈ H_N = 2.93 times the mean, so the
 * same bound fails: tokens per ingester are what buys balance.
 */
function loadBound(n: number, t: number, s: number, delta: number): number {
  const target = Math.log(n / delta);
  let lo = 0;
  let hi = 100;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (t * (mid - Math.log1p(mid)) < target) lo = mid;
    else hi = mid;
  }
  const eps = hi;
  const eta = Math.sqrt((2 * Math.log(1 / delta)) / (n * t));
  const epsS = Math.sqrt((3 * Math.log(n / delta)) / (s / n));
  return ((1 + eps) * (1 + epsS)) / (1 - eta);
}

function maxOverMean(seed: number, n: number, t: number, tokens: Uint32Array): number {
  const ring = new Ring(new RandomStreams(seed), ids(n), t);
  const load = new Array<number>(n).fill(0);
  for (const token of tokens) load[ring.ownerOf(token)]!++;
  return Math.max(...load) / (tokens.length / n);
}

describe('stream load balance across ingesters', () => {
  const n = 10;
  const s = 100_000;
  const tokens = streamTokens(s);
  const bound = loadBound(n, 128, s, 1e-3);

  plainTest('the bound is about 1.7 for N=10, T=128', () => {
    expect(bound).toBeGreaterThan(1.5);
    expect(bound).toBeLessThan(1.9);
  });

  plainTest('with 128 tokens per ingester max/mean stays within the bound', () => {
    for (const seed of [1, 2, 3, 4, 5])
      expect(maxOverMean(seed, n, 128, tokens), `seed ${seed}`).toBeLessThanOrEqual(bound);
  });

  plainTest('with 1 token per ingester the same bound is broken', () => {
    for (const seed of [1, 2, 3, 4, 5])
      expect(maxOverMean(seed, n, 1, tokens), `seed ${seed}`).toBeGreaterThan(bound);
  });
});
