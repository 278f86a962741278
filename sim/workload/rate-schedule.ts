/**
 * A piecewise-constant multiplier on a service's line rate over virtual time
 * (a chatty burst multiplies it for a while). Segments are [startUs, factor],
 * sorted, the first starting at 0.
 */
/** A window during which the rate is multiplied by `factor`. */
export interface RateBurst {
  readonly fromUs: number;
  readonly toUs: number;
  readonly factor: number;
}

export class RateSchedule {
  private readonly starts: number[];
  private readonly factors: number[];

  constructor(segments: readonly (readonly [number, number])[] = []) {
    const sorted = [...segments].sort((a, b) => a[0] - b[0]);
    this.starts = [0];
    this.factors = [1];
    for (const [start, factor] of sorted) {
      if (start === 0) this.factors[0] = factor;
      else {
        this.starts.push(start);
        this.factors.push(factor);
      }
    }
  }

  /** Multiplies the factor by `factor` over [fromUs, toUs): overlapping bursts compound. */
  static withBursts(bursts: readonly RateBurst[]): RateSchedule {
    const cuts = new Set<number>([0]);
    for (const b of bursts) {
      cuts.add(b.fromUs);
      cuts.add(b.toUs);
    }
    const points = [...cuts].sort((a, b) => a - b);
    const segments = points.map((p): [number, number] => {
      let f = 1;
      for (const b of bursts) if (p >= b.fromUs && p < b.toUs) f *= b.factor;
      return [p, f];
    });
    return new RateSchedule(segments);
  }

  /** ∫ factor dt over [t0, t1), in factor·µs. */
  integral(t0: number, t1: number): number {
    if (this.starts.length === 1) return (this.factors[0] as number) * (t1 - t0);
    let sum = 0;
    for (let i = 0; i < this.starts.length; i++) {
      const s = Math.max(t0, this.starts[i] as number);
      const e = Math.min(t1, this.starts[i + 1] ?? Infinity);
      if (e > s) sum += (this.factors[i] as number) * (e - s);
    }
    return sum;
  }

  factorAt(tUs: number): number {
    let f = this.factors[0] as number;
    for (let i = 1; i < this.starts.length && (this.starts[i] as number) <= tUs; i++)
      f = this.factors[i] as number;
    return f;
  }
}
