/**
 * A piecewise-constant multiplier on a service's line rate over virtual time
 * (a chatty burst multiplies it for a while). Segments are [startUs, factor],
 * sorted, the first starting at 0.
 *
 * Overlapping bursts of one service do not compound: the largest factor in
 * force applies. A burst is a mode the service is in (debug logging turned on,
 * a retry storm); two such modes at once write as much as the louder one, and
 * compounding recurring bursts (`every: 3s` with `for: 2m48s`, fifty in force at
 * once) would put 200⁵⁰ times the rate into one tick. The factor is further
 * capped so that no host writes more than {@link MAX_LINES_PER_HOST_PER_SEC}.
 */

/**
 * The most lines one host writes per second, bursts included: 10 million, an
 * order of magnitude above what one core of the fastest loggers formats (a
 * bound that keeps every per-tick count exact in a double, not a measurement).
 */
export const MAX_LINES_PER_HOST_PER_SEC = 10_000_000;

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

  /** The factor is `factor` over [fromUs, toUs); where bursts overlap, the largest applies. */
  static withBursts(bursts: readonly RateBurst[]): RateSchedule {
    const cuts = new Set<number>([0]);
    for (const b of bursts) {
      cuts.add(b.fromUs);
      cuts.add(b.toUs);
    }
    const points = [...cuts].sort((a, b) => a - b);
    const segments = points.map((p): [number, number] => {
      let f = 1;
      for (const b of bursts) if (p >= b.fromUs && p < b.toUs) f = Math.max(f, b.factor);
      return [p, f];
    });
    return new RateSchedule(segments);
  }

  /** The largest factor at any time. */
  peakFactor(): number {
    return Math.max(...this.factors);
  }

  /** The same schedule with every factor at most `max`. */
  cappedAt(max: number): RateSchedule {
    return new RateSchedule(
      this.starts.map((s, i): [number, number] => [s, Math.min(max, this.factors[i] as number)]),
    );
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
