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
  private state: Float64Array;
  private at: number;

  /**
   * A stream over the Alea state at `state[at .. at+4)`, as seeded there (RandomStreams hands out
   * seeded slots of its slabs); the default is no state, whose draws are NaN.
   */
  constructor(state: Float64Array = new Float64Array(0), at = 0) {
    this.state = state;
    this.at = at;
  }

  /**
   * A stream over state its owner keeps and seeded (OwnedStreams.seed), to be pointed at one
   * owner's state after another with `moveTo`: the tick store draws every source's ticks
   * through one such cursor instead of keeping a stream object per source.
   */
  static cursor(): RandomStream {
    return new RandomStream(); // no state until moved: a draw would be NaN, never a stream's
  }

  /** Points this stream at the state in `state[at .. at+4)`; later draws advance that state. */
  moveTo(state: Float64Array, at: number): void {
    this.state = state;
    this.at = at;
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

/** Writes seedrandom's Alea state for `key` into `state[at .. at+4)`. */
function seedAlea(key: string, state: Float64Array, at: number): void {
  const init = seedrandom.alea(key, { state: true }).state();
  state[at] = init.s0;
  state[at + 1] = init.s1;
  state[at + 2] = init.s2;
  state[at + 3] = init.c;
}

/**
 * Streams whose state their owner keeps, under a name prefix claimed from RandomStreams: seeding
 * one costs no stream object and no map entry, which a fleet of 100k sources would otherwise hold
 * for the whole run. The owner draws through a `RandomStream.cursor()`.
 */
export class OwnedStreams {
  constructor(
    private readonly keyOf: (name: string) => string,
    readonly prefix: string,
  ) {}

  /** Seeds at `state[at .. at+4)` the stream `name` (under the claimed prefix) would start with. */
  seed(name: string, state: Float64Array, at: number): void {
    if (!name.startsWith(this.prefix)) throw new Error(`stream ${name} is not under ${this.prefix}`);
    seedAlea(this.keyOf(name), state, at);
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
  private readonly claimed: string[] = [];

  constructor(readonly seed: number | string) {}

  /**
   * Hands the streams named `prefix…` to one owner that keeps their state itself. The owner is
   * then their only user: stream() refuses those names, which would restart a sequence the owner
   * is drawing.
   */
  claim(prefix: string): OwnedStreams {
    if (prefix === '') throw new Error('a claimed prefix must not be empty');
    for (const name of this.streams.keys())
      if (name.startsWith(prefix)) throw new Error(`stream ${name} is already in use under ${prefix}`);
    for (const other of this.claimed)
      if (other.startsWith(prefix) || prefix.startsWith(other))
        throw new Error(`streams under ${prefix} overlap those already claimed under ${other}`);
    this.claimed.push(prefix);
    return new OwnedStreams((name) => this.keyOf(name), prefix);
  }

  /** The stream with this name, created on first use. Names look like `workload/api/host-17`. */
  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      for (const prefix of this.claimed)
        if (name.startsWith(prefix)) throw new Error(`stream ${name} is owned by the claim on ${prefix}`);
      // Kept as the map key for the whole run: flatten it (callers build names from pieces,
      // and a string built by concatenation is a tree of its pieces until flattened).
      name = [name, ''].join('');
      if (this.slabUsed === this.slab.length) {
        this.slab = new Float64Array(SLAB_STREAMS * STATE_WORDS);
        this.slabUsed = 0;
      }
      seedAlea(this.keyOf(name), this.slab, this.slabUsed);
      s = new RandomStream(this.slab, this.slabUsed);
      this.slabUsed += STATE_WORDS;
      this.streams.set(name, s);
    }
    return s;
  }

  /** The key a stream's generator is seeded with: the seed and the name, apart. */
  private keyOf(name: string): string {
    return `${String(this.seed)}\u0000${name}`;
  }
}
