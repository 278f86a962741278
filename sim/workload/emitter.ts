import { binomial, lognormal, lognormalFromMean, normal, poisson } from '../engine/distributions.ts';
import type { RandomStream } from '../engine/rng.ts';
import type { RateSchedule } from './rate-schedule.ts';

/** What one source emits: k identical hosts running one service. */
export interface EmissionProfile {
  /** Hosts in the cohort; every count below is per host and is multiplied by this. */
  readonly hosts: number;
  readonly linesPerSecPerHost: number;
  readonly lineBytesMean: number;
  /** Lognormal shape of line sizes (σ of the underlying normal). */
  readonly lineBytesSigma: number;
  /** Share of lines at level error. */
  readonly errorShare: number;
  /** Emission grid: lines are drawn per tick, then spread uniformly inside it. */
  readonly tickUs: number;
  readonly rate: RateSchedule;
  /** A needle (a line a query will look for) is planted every this often; 0 = none. */
  readonly needleEveryUs: number;
}

// Stride of the tick table: [endUs, cumulative lines, cumulative bytes, cumulative errors].
const STRIDE = 4;
// Ticks the table starts with: a quiet source keeps a handful alive between
// prunes, and a fleet of 100k sources pays this per source.
const INITIAL_TICKS = 1;
// Shared by every emitter without needles: no array per source.
const NO_NEEDLES: readonly number[] = Object.freeze([]);
// Below this many lines a tick's bytes are summed line by line; above it, the
// central limit theorem makes a normal draw exact enough and O(1).
const EXACT_SUM_MAX_LINES = 16;

/**
 * The log a source writes, generated lazily on a fixed tick grid. The grid and
 * the draws depend only on the workload and its named stream, never on when
 * the agent reads, so every design variant sees the same lines (common random
 * numbers). Cumulative counts let any offset be mapped to its bytes, errors and
 * emit time without an event per line.
 */
export class Emitter {
  /**
   * Ticks kept from `base` on; older ones are pruned once nothing can re-read them.
   * A plain array of doubles, not a Float64Array: V8 stores it unboxed all the
   * same, without the ArrayBuffer and typed-array objects (≈ 180 bytes a source).
   */
  private table: number[] = new Array<number>(STRIDE * INITIAL_TICKS).fill(0);
  private first = 0; // index (in ticks) of the oldest kept tick within `table`
  private count = 0; // kept ticks
  private generatedUntilUs = 0;
  // Cumulative values at the start of the oldest kept tick.
  private baseLines = 0;
  private baseBytes = 0;
  private baseErrors = 0;
  private baseUs = 0;
  /** Needle offsets in emission order (non-decreasing); allocated with the first needle. */
  private needleOffsets: number[] | undefined;
  /** When the next needle is planted; unused (0) without needles, so no field holds Infinity (a boxed double per source). */
  private nextNeedleUs: number;

  constructor(
    readonly profile: EmissionProfile,
    private readonly rng: RandomStream,
  ) {
    lognormalFromMean(profile.lineBytesMean, profile.lineBytesSigma); // refuses a bad mean now, not at the first tick
    this.nextNeedleUs = profile.needleEveryUs;
  }

  /** Lines emitted in (0, tUs]; generates ticks as needed. */
  linesAt(tUs: number): number {
    this.ensure(tUs);
    const i = this.tickIndexForTime(tUs);
    if (i < 0) return this.baseLines;
    const t0 = this.tickStartUs(i);
    const l0 = this.tickStartLines(i);
    const t1 = this.col(i, 0);
    const l1 = this.col(i, 1);
    if (tUs >= t1) return l1;
    return l0 + Math.floor(((l1 - l0) * (tUs - t0)) / (t1 - t0));
  }

  /** Bytes of lines [fromOffset, toOffset). Offsets must not be older than the pruned horizon. */
  bytesBetween(fromOffset: number, toOffset: number): number {
    return this.cumAtOffset(toOffset, 2) - this.cumAtOffset(fromOffset, 2);
  }

  /** Error-level lines in [fromOffset, toOffset). */
  errorsBetween(fromOffset: number, toOffset: number): number {
    return this.cumAtOffset(toOffset, 3) - this.cumAtOffset(fromOffset, 3);
  }

  /** When line `offset` was emitted (interpolated inside its tick). */
  emitTimeOf(offset: number): number {
    const i = this.tickIndexForOffset(offset);
    if (i < 0) return this.baseUs;
    const t0 = this.tickStartUs(i);
    const l0 = this.tickStartLines(i);
    const t1 = this.col(i, 0);
    const l1 = this.col(i, 1);
    return l1 === l0 ? t1 : t0 + ((t1 - t0) * (offset - l0 + 0.5)) / (l1 - l0);
  }

  /**
   * Calls `visit(lines, emitUs)` for the pieces of [fromOffset, toOffset) that
   * fall in each tick, with the middle emit time of each piece: how lag is
   * measured for a batch without a loop over its lines.
   */
  forEachTickPiece(
    fromOffset: number,
    toOffset: number,
    visit: (lines: number, emitUs: number) => void,
  ): void {
    let cursor = fromOffset;
    if (cursor < this.baseLines) {
      // A straggler older than the horizon (a copy the agent already gave up on): its exact
      // emit times are forgotten; the horizon's instant bounds them from above.
      const n = Math.min(toOffset, this.baseLines) - cursor;
      visit(n, this.baseUs);
      cursor += n;
      if (cursor >= toOffset) return; // wholly older than the horizon: nothing left to look up
    }
    let i = Math.max(0, this.tickIndexForOffset(cursor));
    while (cursor < toOffset && i < this.count) {
      const t0 = this.tickStartUs(i);
      const l0 = this.tickStartLines(i);
      const t1 = this.col(i, 0);
      const l1 = this.col(i, 1);
      const end = Math.min(toOffset, l1);
      if (end > cursor) {
        const mid = (cursor + end) / 2;
        visit(end - cursor, t0 + ((t1 - t0) * (mid - l0)) / (l1 - l0));
        cursor = end;
      }
      i++;
    }
  }

  /**
   * The earliest instant in (afterUs, limitUs] by which the cumulative line
   * count reaches `target`, or undefined if it does not by limitUs.
   */
  timeWhenLinesReach(target: number, afterUs: number, limitUs: number): number | undefined {
    this.ensure(limitUs);
    if (this.linesAt(afterUs) >= target) return afterUs;
    let i = Math.max(0, this.tickIndexForTime(afterUs));
    for (; i < this.count; i++) {
      const l1 = this.col(i, 1);
      if (l1 >= target) {
        const t0 = this.tickStartUs(i);
        const l0 = this.tickStartLines(i);
        const t1 = this.col(i, 0);
        // Smallest t with l0 + floor((l1−l0)(t−t0)/(t1−t0)) ≥ target.
        const t = t0 + Math.ceil(((target - l0) * (t1 - t0)) / (l1 - l0));
        return t <= limitUs ? Math.max(t, afterUs) : undefined;
      }
      if (this.col(i, 0) >= limitUs) return undefined;
    }
    return undefined;
  }

  /** Offsets of the needles planted so far (at or before the generated horizon). */
  get needles(): readonly number[] {
    return this.needleOffsets ?? NO_NEEDLES;
  }

  /**
   * Needles with offsets in [fromOffset, toOffset), in order: the same as
   * filtering `needles`, by binary search (a sender asks on every send).
   */
  needlesIn(fromOffset: number, toOffset: number): readonly number[] {
    const all = this.needleOffsets;
    if (all === undefined) return NO_NEEDLES;
    const lo = lowerBound(all, fromOffset);
    const hi = lowerBound(all, toOffset);
    return lo >= hi ? NO_NEEDLES : all.slice(lo, hi);
  }

  /** Forgets ticks that end at or before line `offset`: nothing will ask about older lines. */
  prune(offset: number): void {
    while (this.count > 1 && this.col(0, 1) <= offset) {
      this.baseUs = this.col(0, 0);
      this.baseLines = this.col(0, 1);
      this.baseBytes = this.col(0, 2);
      this.baseErrors = this.col(0, 3);
      this.first++;
      this.count--;
    }
  }

  /** Oldest offset still mapped to bytes and times. */
  get horizonOffset(): number {
    return this.baseLines;
  }

  private col(i: number, c: number): number {
    return this.table[(this.first + i) * STRIDE + c] as number;
  }

  // Start instant and cumulative lines of kept tick i, as two scalars: these run several
  // times per event, and a tuple would be an allocation each time.
  private tickStartUs(i: number): number {
    return i === 0 ? this.baseUs : this.col(i - 1, 0);
  }

  private tickStartLines(i: number): number {
    return i === 0 ? this.baseLines : this.col(i - 1, 1);
  }

  private cumAtOffset(offset: number, c: number): number {
    const i = this.tickIndexForOffset(offset);
    const base = c === 2 ? this.baseBytes : this.baseErrors;
    if (i < 0) return base;
    const l0 = i === 0 ? this.baseLines : this.col(i - 1, 1);
    const v0 = i === 0 ? base : this.col(i - 1, c);
    const l1 = this.col(i, 1);
    const v1 = this.col(i, c);
    if (offset >= l1) return v1;
    return v0 + Math.floor(((v1 - v0) * (offset - l0)) / (l1 - l0));
  }

  /** First kept tick whose end time is ≥ tUs; −1 if tUs precedes the kept ticks. */
  private tickIndexForTime(tUs: number): number {
    if (tUs <= this.baseUs) return -1;
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.col(mid, 0) >= tUs) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** First kept tick whose cumulative lines exceed `offset` (the tick holding line `offset`). */
  private tickIndexForOffset(offset: number): number {
    if (offset < this.baseLines) {
      throw new RangeError(`line ${offset} is older than the emitter horizon ${this.baseLines}`);
    }
    let lo = 0;
    let hi = this.count - 1;
    if (this.count === 0 || this.col(hi, 1) <= offset) return this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.col(mid, 1) > offset) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private ensure(tUs: number): void {
    while (this.generatedUntilUs < tUs) this.generateTick();
  }

  private generateTick(): void {
    const p = this.profile;
    const t0 = this.generatedUntilUs;
    const t1 = t0 + p.tickUs;
    const expected = (p.hosts * p.linesPerSecPerHost * p.rate.integral(t0, t1)) / 1e6;
    const lines = expected > 0 ? poisson(this.rng, expected) : 0;
    const errors = lines > 0 && p.errorShare > 0 ? binomial(this.rng, lines, p.errorShare) : 0;
    const bytes = lines > 0 ? this.drawBytes(lines) : 0;
    const last = this.count - 1;
    const prevLines = last < 0 ? this.baseLines : this.col(last, 1);
    const prevBytes = last < 0 ? this.baseBytes : this.col(last, 2);
    const prevErrors = last < 0 ? this.baseErrors : this.col(last, 3);
    this.push(t1, prevLines + lines, prevBytes + bytes, prevErrors + errors);
    this.generatedUntilUs = t1;
    while (p.needleEveryUs > 0 && this.nextNeedleUs <= t1) {
      // The needle is the first line emitted at or after its instant.
      (this.needleOffsets ??= []).push(prevLines + Math.floor((lines * (this.nextNeedleUs - t0)) / p.tickUs));
      this.nextNeedleUs += p.needleEveryUs;
    }
  }

  private drawBytes(lines: number): number {
    const p = this.profile;
    if (lines <= EXACT_SUM_MAX_LINES) {
      let sum = 0;
      // μ is derived per tick rather than kept: a double field is a boxed number per source.
      const mu = lognormalFromMean(p.lineBytesMean, p.lineBytesSigma);
      for (let i = 0; i < lines; i++)
        sum += Math.max(1, Math.round(lognormal(this.rng, mu, p.lineBytesSigma)));
      return sum;
    }
    const variance = p.lineBytesMean * p.lineBytesMean * (Math.exp(p.lineBytesSigma * p.lineBytesSigma) - 1);
    const draw = normal(this.rng, lines * p.lineBytesMean, Math.sqrt(lines * variance));
    return Math.max(lines, Math.round(draw));
  }

  private push(endUs: number, lines: number, bytes: number, errors: number): void {
    const needed = (this.first + this.count + 1) * STRIDE;
    if (needed > this.table.length) {
      // Compact first; grow only if the live ticks fill the table.
      const capacity =
        (this.count + 1) * STRIDE * 2 > this.table.length ? this.table.length * 2 : this.table.length;
      if (capacity === this.table.length) {
        // In place: a new array every few ticks would be garbage, and the emitter's table would
        // drift away from the emitter in memory (one more cache miss per event at 100k sources).
        this.table.copyWithin(0, this.first * STRIDE, (this.first + this.count) * STRIDE);
      } else {
        const next = new Array<number>(capacity).fill(0);
        for (let k = 0; k < this.count * STRIDE; k++) next[k] = this.table[this.first * STRIDE + k] as number;
        this.table = next;
      }
      this.first = 0;
    }
    const at = (this.first + this.count) * STRIDE;
    this.table[at] = endUs;
    this.table[at + 1] = lines;
    this.table[at + 2] = bytes;
    this.table[at + 3] = errors;
    this.count++;
  }
}

/** First index of sorted `xs` whose value is ≥ x. */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
