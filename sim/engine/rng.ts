import seedrandom from 'seedrandom';

/**
 * A named random stream: uniform doubles in [0, 1) from seedrandom's Alea
 * generator (several times faster than the default ARC4, and of good quality).
 */
export class RandomStream {
  private readonly prng: seedrandom.PRNG;

  constructor(readonly name: string, seedKey: string) {
    this.prng = seedrandom.alea(seedKey);
  }

  /** Uniform double in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }
}

/**
 * The root seed and the streams derived from it. A stream is keyed by
 * (seed, stable name), so adding a component or changing the design never
 * shifts anyone else's draws: design variants see the same traffic and faults.
 */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly seed: number | string) {}

  /** The stream with this name, created on first use. Names look like `workload/api/host-17`. */
  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new RandomStream(name, `${String(this.seed)}\u0000${name}`);
      this.streams.set(name, s);
    }
    return s;
  }
}
