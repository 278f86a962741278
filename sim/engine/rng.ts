import seedrandom from 'seedrandom';

// Alea state of one stream in a slab: s0, s1, s2 (doubles in [0, 1)) and the carry c.
const STATE_WORDS = 4;
// Streams per slab: a slab is one allocation shared by many streams, so a
// stream costs 32 bytes of state instead of seedrandom's closures, wrapper
// object and boxed doubles (≈ 600 bytes, which a fleet of 100k hosts pays per host).
const SLAB_STREAMS = 1024;

/**
 * A named random stream: uniform doubles in [0, 1) from seedrandom's Alea
 * generator (several times faster than the default ARC4, and of good quality).
 *
 * seedrandom seeds it (its Mash of the key), and `next()` is Alea's step
 * exactly as seedrandom's `alea.js` writes it, applied to state kept in a
 * shared Float64Array slab; tests/engine/rng.test.ts pins the draws against
 * seedrandom's own generator. Float64 storage is exact: Alea's state is
 * doubles and an int32 carry.
 */
export class RandomStream {
  private readonly state: Float64Array;
  private readonly at: number;

  /** The state lives at `state[at .. at+4)` (RandomStreams hands out slots of its slabs). */
  constructor(seedKey: string, state: Float64Array = new Float64Array(STATE_WORDS), at = 0) {
    this.state = state;
    this.at = at;
    const init = seedrandom.alea(seedKey, { state: true }).state();
    this.state[this.at] = init.s0;
    this.state[this.at + 1] = init.s1;
    this.state[this.at + 2] = init.s2;
    this.state[this.at + 3] = init.c;
  }

  /** Uniform double in [0, 1). */
  next(): number {
    const st = this.state;
    const i = this.at;
    // seedrandom alea.js: t = 2091639·s0 + c·2^-32; s0 = s1; s1 = s2; s2 = t − (c = t | 0).
    const t = 2091639 * (st[i] as number) + (st[i + 3] as number) * 2.3283064365386963e-10;
    st[i] = st[i + 1] as number;
    st[i + 1] = st[i + 2] as number;
    const c = t | 0;
    st[i + 3] = c;
    const s2 = t - c;
    st[i + 2] = s2;
    return s2;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/**
 * The root seed and the streams derived from it. A stream is keyed by
 * (seed, stable name), so adding a component or changing the design never
 * shifts anyone else's draws: design variants see the same traffic and faults.
 */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();
  private slab = new Float64Array(0);
  private slabUsed = 0;

  constructor(readonly seed: number | string) {}

  /** The stream with this name, created on first use. Names look like `workload/api/host-17`. */
  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      // Kept as the map key for the whole run: flatten it (callers build names from pieces,
      // and a string built by concatenation is a tree of its pieces until flattened).
      name = [name, ''].join('');
      if (this.slabUsed === this.slab.length) {
        this.slab = new Float64Array(SLAB_STREAMS * STATE_WORDS);
        this.slabUsed = 0;
      }
      s = new RandomStream(`${String(this.seed)}\u0000${name}`, this.slab, this.slabUsed);
      this.slabUsed += STATE_WORDS;
      this.streams.set(name, s);
    }
    return s;
  }
}
