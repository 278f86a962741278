import { binomial, lognormal, lognormalFromMean, normal, poisson } from '../engine/distributions.ts';
import { Prefetch, prefetchDoubles } from '../engine/prefetch.ts';
import { RandomStream, type OwnedStreams } from '../engine/rng.ts';
import type { EmissionProfile } from './emission-profile.ts';
import { keptOfTick, needleKeep, sampledLinesAt, type HeadSampling } from './head-sampling.ts';

// A source's region of `data`: a header, then its kept ticks.
const FIRST = 0; // index (in ticks) of the oldest kept tick within the region
const COUNT = 1; // kept ticks
const CAPACITY = 2; // ticks the region holds
const GENERATED_US = 3; // ticks are generated up to this instant
// Cumulative values at the start of the oldest kept tick.
const BASE_LINES = 4;
const BASE_BYTES = 5;
const BASE_ERRORS = 6;
const BASE_US = 7;
// The source's random stream: Alea's state (s0, s1, s2, carry), kept here rather than in a stream
// object of its own, so a tick's draws touch no memory beyond the region they write.
const RNG = 8;
// 1 if the source plants needles: asked on every send, and here it costs no load of its own.
const PLANTS = 12;
// In a source's home region: where its region lives since a backlog moved it; 0 while at home.
const MOVED_TO = 13;
const HEADER = 14;
// A tick: [endUs, cumulative lines, cumulative bytes, cumulative errors].
const STRIDE = 4;
// A source's home region: 30 doubles (240 bytes), room for four ticks; a quiet source keeps two to four.
const INITIAL_TICKS = 4;
const HOME = HEADER + STRIDE * INITIAL_TICKS;
const NO_NEEDLES: readonly number[] = Object.freeze([]);

/** A source's planted needles, in emission order, and when the next one is due. */
interface NeedleTrack {
  readonly offsets: number[];
  /**
   * Emit times of the first `emitUs.length` needles, taken when the tick holding each was
   * generated (a needle due at a tick's end is the next tick's first line): the catalog
   * needs them after the agent let the store forget those ticks.
   */
  readonly emitUs: number[];
  nextUs: number;
}
// Below this many lines a tick's bytes are summed line by line; above it, the
// central limit theorem makes a normal draw exact enough and O(1).
const EXACT_SUM_MAX_LINES = 16;

/**
 * The logs every source of a run writes, generated lazily on a fixed tick
 * grid, kept for the whole fleet in one store. The grid and the draws depend
 * only on the workload and the source's named stream, never on when an agent
 * reads, so every design variant sees the same lines (common random numbers).
 * Cumulative counts map any offset to its bytes, errors and emit time without
 * an event per line.
 *
 * Why one store and not an object per source: an agent asks about its log on
 * every event, and at 100k sources the log's state is the first thing an event
 * misses in cache. Here a source's ticks and bookkeeping are one region of a
 * shared Float64Array at an address computed from the source's index alone
 * (its home, `source × HOME`), so the CPU fetches it in parallel with the
 * agent's record instead of after a load that says where it is (a per-source
 * offset table cost ~4 % of agents-100k; an emitter object with its own tick
 * array, ~8 % more; see docs/performance.md). A region that a backlog outgrows
 * moves to a bigger one after the homes, and its home says where it went.
 */
export class TickStore {
  private data: Float64Array;
  /** Sources whose home regions the array has room for; moved regions start after them. */
  private homes: number;
  /** End of the moved regions. */
  private used: number;
  private readonly profiles: EmissionProfile[] = [];
  /** Draws a tick's numbers from the state in its source's region. */
  private readonly cursor = RandomStream.cursor();
  /** Each planting source's needles; undefined for a source that plants none (most of a fleet). */
  private readonly needleTracks: (NeedleTrack | undefined)[] = [];
  /** Each head-sampled source's sampler (head-sampling.ts); undefined for the others (most fleets: all). */
  private readonly sampling: (HeadSampling | undefined)[] = [];

  /** `expectedSources` sizes the array up front, so a fleet's regions are allocated once. */
  constructor(expectedSources = 1) {
    this.homes = Math.max(1, expectedSources);
    this.used = this.homes * HOME;
    this.data = new Float64Array(this.used);
  }

  get sourceCount(): number {
    return this.profiles.length;
  }

  /**
   * Adds a source writing `profile` with draws from the stream `name` of `streams`; returns its
   * index (sources are numbered in order).
   */
  addSource(profile: EmissionProfile, streams: OwnedStreams, name: string, sampling?: HeadSampling): number {
    lognormalFromMean(profile.lineBytesMean, profile.lineBytesSigma); // refuses a bad mean now, not at the first tick
    const source = this.profiles.length;
    if (source === this.homes) this.growHomes();
    this.profiles.push(profile);
    this.sampling.push(sampling);
    this.needleTracks.push(
      profile.needleEveryUs > 0 ? { offsets: [], emitUs: [], nextUs: profile.needleEveryUs } : undefined,
    );
    const base = source * HOME;
    this.data[base + CAPACITY] = INITIAL_TICKS;
    if (profile.needleEveryUs > 0) this.data[base + PLANTS] = 1;
    streams.seed(name, this.data, base + RNG);
    return source;
  }

  /**
   * Loads a source's bookkeeping ahead of a query (engine/prefetch.ts): Direct, its home region
   * (all of a quiet source's ticks); Indirect, the region a backlog moved it to, if any.
   */
  prefetch(source: number, step: Prefetch): void {
    if (!(source >= 0 && source < this.profiles.length)) return;
    const home = source * HOME;
    if (step === Prefetch.Direct) prefetchDoubles(this.data, home, HOME);
    else {
      const moved = this.data[home + MOVED_TO] as number;
      if (moved > 0) prefetchDoubles(this.data, moved, HOME);
    }
  }

  profile(source: number): EmissionProfile {
    const p = this.profiles[source];
    if (p === undefined) throw new RangeError(`unknown source ${source}`);
    return p;
  }

  /** Lines emitted in (0, tUs]; generates ticks as needed. */
  linesAt(source: number, tUs: number): number {
    this.ensure(source, tUs);
    const b = this.regionOf(source);
    return this.linesAtTick(b, this.tickIndexForTime(b, tUs), tUs);
  }

  /** Lines emitted in (0, tUs], given the region and tUs's tick (tickIndexForTime). */
  private linesAtTick(b: number, i: number, tUs: number): number {
    const d = this.data;
    if (i < 0) return d[b + BASE_LINES] as number;
    // The hot queries address a tick's columns from its row, computed once: they run several
    // times per event, mostly too large for V8 to inline a per-column helper into.
    const at = this.rowOf(b, i);
    const t0 = this.startOf(b, i, at, 0);
    const l0 = this.startOf(b, i, at, 1);
    const t1 = d[at] as number;
    const l1 = d[at + 1] as number;
    if (tUs >= t1) return l1;
    return l0 + Math.floor(((l1 - l0) * (tUs - t0)) / (t1 - t0));
  }

  /** Bytes of lines [fromOffset, toOffset). Offsets must not be older than the pruned horizon. */
  bytesBetween(source: number, fromOffset: number, toOffset: number): number {
    const b = this.regionOf(source);
    return this.cumAtOffset(b, toOffset, 2) - this.cumAtOffset(b, fromOffset, 2);
  }

  /** Error-level lines in [fromOffset, toOffset). */
  errorsBetween(source: number, fromOffset: number, toOffset: number): number {
    const b = this.regionOf(source);
    return this.cumAtOffset(b, toOffset, 3) - this.cumAtOffset(b, fromOffset, 3);
  }

  /**
   * Offsets of the error-level lines in [fromOffset, toOffset), one by one: the
   * lines a tail sampler or a collector must keep exactly (DESIGN principle 4).
   * A tick of n lines with E errors has them at l0 + ceil(k·n/E) − 1, k = 1…E:
   * the offsets where the cumulative error count of {@link errorsBetween} steps,
   * so the two always agree. Offsets older than the pruned horizon have none.
   */
  errorOffsetsIn(source: number, fromOffset: number, toOffset: number): number[] {
    const out: number[] = [];
    const d = this.data;
    const b = this.regionOf(source);
    const count = d[b + COUNT] as number;
    let i = Math.max(0, this.tickIndexForOffset(b, Math.max(fromOffset, d[b + BASE_LINES] as number)));
    for (; i < count; i++) {
      const at = this.rowOf(b, i);
      const l0 = this.startOf(b, i, at, 1);
      if (l0 >= toOffset) break;
      const n = (d[at + 1] as number) - l0;
      const errors = (d[at + 3] as number) - this.startOf(b, i, at, 3);
      for (let k = 1; k <= errors; k++) {
        const o = l0 + Math.ceil((k * n) / errors) - 1;
        if (o >= fromOffset && o < toOffset) out.push(o);
      }
    }
    return out;
  }

  /** When line `offset` was emitted (interpolated inside its tick). */
  emitTimeOf(source: number, offset: number): number {
    const d = this.data;
    const b = this.regionOf(source);
    const i = this.tickIndexForOffset(b, offset);
    if (i < 0) return d[b + BASE_US] as number;
    const at = this.rowOf(b, i);
    const t0 = this.startOf(b, i, at, 0);
    const l0 = this.startOf(b, i, at, 1);
    const t1 = d[at] as number;
    const l1 = d[at + 1] as number;
    return l1 === l0 ? t1 : t0 + ((t1 - t0) * (offset - l0 + 0.5)) / (l1 - l0);
  }

  /**
   * Calls `visit(lines, emitUs)` for the pieces of [fromOffset, toOffset) that
   * fall in each tick, with the middle emit time of each piece: how lag is
   * measured for a batch without a loop over its lines.
   */
  forEachTickPiece(
    source: number,
    fromOffset: number,
    toOffset: number,
    visit: (lines: number, emitUs: number) => void,
  ): void {
    const d = this.data;
    const b = this.regionOf(source);
    const baseLines = d[b + BASE_LINES] as number;
    let cursor = fromOffset;
    if (cursor < baseLines) {
      // A straggler older than the horizon (a copy the agent already gave up on): its exact
      // emit times are forgotten; the horizon's instant bounds them from above.
      const n = Math.min(toOffset, baseLines) - cursor;
      visit(n, d[b + BASE_US] as number);
      cursor += n;
      if (cursor >= toOffset) return; // wholly older than the horizon: nothing left to look up
    }
    const count = d[b + COUNT] as number;
    let i = Math.max(0, this.tickIndexForOffset(b, cursor));
    while (cursor < toOffset && i < count) {
      const at = this.rowOf(b, i);
      const t0 = this.startOf(b, i, at, 0);
      const l0 = this.startOf(b, i, at, 1);
      const t1 = d[at] as number;
      const l1 = d[at + 1] as number;
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
  timeWhenLinesReach(source: number, target: number, afterUs: number, limitUs: number): number | undefined {
    this.ensure(source, Math.max(limitUs, afterUs));
    const d = this.data;
    const b = this.regionOf(source);
    // One search for afterUs's tick serves both the answer at afterUs and the scan after it.
    const first = this.tickIndexForTime(b, afterUs);
    if (this.linesAtTick(b, first, afterUs) >= target) return afterUs;
    const count = d[b + COUNT] as number;
    let i = Math.max(0, first);
    for (; i < count; i++) {
      const at = this.rowOf(b, i);
      const l1 = d[at + 1] as number;
      if (l1 >= target) {
        const t0 = this.startOf(b, i, at, 0);
        const l0 = this.startOf(b, i, at, 1);
        const t1 = d[at] as number;
        // Smallest t with l0 + floor((l1−l0)(t−t0)/(t1−t0)) ≥ target.
        const t = t0 + Math.ceil(((target - l0) * (t1 - t0)) / (l1 - l0));
        return t <= limitUs ? Math.max(t, afterUs) : undefined;
      }
      if ((d[at] as number) >= limitUs) return undefined;
    }
    return undefined;
  }

  /** Lines a head sampler dropped at emit in ticks ending at or before `tUs` (0 without one). */
  sampledOutAt(source: number, tUs: number): number {
    const hs = this.sampling[source];
    if (hs === undefined) return 0;
    this.ensure(source, tUs);
    return sampledLinesAt(hs, tUs);
  }

  /** What the head sampler of `source` dropped so far, or undefined when it has none. */
  headSampling(source: number): Readonly<HeadSampling> | undefined {
    return this.sampling[source];
  }

  /** Emit times of the needles whose line has been generated, in planting order (a prefix of `needles`). */
  needleEmitTimes(source: number): readonly number[] {
    return this.needleTracks[source]?.emitUs ?? NO_NEEDLES;
  }

  /** Offsets of the needles planted so far (at or before the generated horizon). */
  needles(source: number): readonly number[] {
    return this.needleTracks[source]?.offsets ?? NO_NEEDLES;
  }

  /**
   * Needles with offsets in [fromOffset, toOffset), in order: the same as
   * filtering `needles`, by binary search (a sender asks on every send).
   */
  needlesIn(source: number, fromOffset: number, toOffset: number): readonly number[] {
    if (this.data[this.regionOf(source) + PLANTS] !== 1) return NO_NEEDLES;
    const all = (this.needleTracks[source] as NeedleTrack).offsets;
    const lo = lowerBound(all, fromOffset);
    const hi = lowerBound(all, toOffset);
    return lo >= hi ? NO_NEEDLES : all.slice(lo, hi);
  }

  /**
   * Caps what {@link prune} may forget: a stage past the agents (a relay, a collector) may
   * hold lines the agent already had acknowledged, and their deliveries still ask for their
   * emit times. Absent (the usual pipeline), the agent's own horizon is final.
   */
  pruneGuard: ((source: number) => number) | undefined = undefined;

  /** Forgets ticks that end at or before line `offset`: nothing will ask about older lines. */
  prune(source: number, offset: number): void {
    if (this.pruneGuard !== undefined) offset = Math.min(offset, this.pruneGuard(source));
    const d = this.data;
    const b = this.regionOf(source);
    while ((d[b + COUNT] as number) > 1 && this.col(b, 0, 1) <= offset) {
      d[b + BASE_US] = this.col(b, 0, 0);
      d[b + BASE_LINES] = this.col(b, 0, 1);
      d[b + BASE_BYTES] = this.col(b, 0, 2);
      d[b + BASE_ERRORS] = this.col(b, 0, 3);
      d[b + FIRST] = (d[b + FIRST] as number) + 1;
      d[b + COUNT] = (d[b + COUNT] as number) - 1;
    }
  }

  /** Oldest offset still mapped to bytes and times. */
  horizonOffset(source: number): number {
    return this.data[this.regionOf(source) + BASE_LINES] as number;
  }

  // ── the region ──────────────────────────────────────────────────────────

  /** Where a source's region is: its home, unless a backlog moved it (then the home says where). */
  private regionOf(source: number): number {
    const home = source * HOME;
    const moved = this.data[home + MOVED_TO] as number;
    return moved > 0 ? moved : home;
  }

  /** Reserves a zeroed region for `ticks` ticks after the homes and earlier moves; returns its start. */
  private allocate(ticks: number): number {
    const size = HEADER + STRIDE * ticks;
    if (this.used + size > this.data.length) {
      const bigger = new Float64Array(Math.max(this.data.length * 2, this.used + size));
      bigger.set(this.data.subarray(0, this.used));
      this.data = bigger;
    }
    const base = this.used;
    this.used += size;
    this.data[base + CAPACITY] = ticks;
    return base;
  }

  /**
   * Makes room for twice the homes: the moved regions shift up by the homes added, and the homes
   * that point at them follow. Only sources added beyond the expected count get here.
   */
  private growHomes(): void {
    const homes = this.homes * 2;
    const shift = (homes - this.homes) * HOME;
    const old = this.data;
    const start = this.homes * HOME;
    const bigger = new Float64Array(Math.max(old.length, this.used) + shift);
    bigger.set(old.subarray(0, start));
    bigger.set(old.subarray(start, this.used), start + shift);
    for (let source = 0; source < this.homes; source++) {
      const at = source * HOME + MOVED_TO;
      if ((bigger[at] as number) > 0) bigger[at] = (bigger[at] as number) + shift;
    }
    this.data = bigger;
    this.homes = homes;
    this.used += shift;
  }

  private col(b: number, i: number, c: number): number {
    return this.data[b + HEADER + ((this.data[b + FIRST] as number) + i) * STRIDE + c] as number;
  }

  /**
   * Column `c` of kept tick i at its start (whose row is `at`): the previous tick's end, or for
   * the oldest kept tick the region's base values. Given the row, it costs the same as writing
   * the two loads out at each query (measured at 1k agents).
   */
  private startOf(b: number, i: number, at: number, c: number): number {
    return this.data[i === 0 ? b + baseColumn(c) : at - STRIDE + c] as number;
  }

  /** Where kept tick i of the region at `b` starts in `data` (its end time; the other columns follow). */
  private rowOf(b: number, i: number): number {
    return b + HEADER + ((this.data[b + FIRST] as number) + i) * STRIDE;
  }

  private cumAtOffset(b: number, offset: number, c: number): number {
    const d = this.data;
    const i = this.tickIndexForOffset(b, offset);
    if (i < 0) return d[b + baseColumn(c)] as number;
    const at = this.rowOf(b, i);
    const l0 = this.startOf(b, i, at, 1);
    const v0 = this.startOf(b, i, at, c);
    const l1 = d[at + 1] as number;
    const v1 = d[at + c] as number;
    if (offset >= l1) return v1;
    return v0 + Math.floor(((v1 - v0) * (offset - l0)) / (l1 - l0));
  }

  /** First kept tick whose end time is ≥ tUs; −1 if tUs precedes the kept ticks. */
  private tickIndexForTime(b: number, tUs: number): number {
    const d = this.data;
    if (tUs <= (d[b + BASE_US] as number)) return -1;
    const row0 = this.rowOf(b, 0);
    let lo = 0;
    let hi = (d[b + COUNT] as number) - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((d[row0 + mid * STRIDE] as number) >= tUs) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** First kept tick whose cumulative lines exceed `offset` (the tick holding line `offset`). */
  private tickIndexForOffset(b: number, offset: number): number {
    const d = this.data;
    const baseLines = d[b + BASE_LINES] as number;
    if (offset < baseLines) {
      throw new RangeError(`line ${offset} is older than the emitter horizon ${baseLines}`);
    }
    const count = d[b + COUNT] as number;
    const row0 = this.rowOf(b, 0);
    let lo = 0;
    let hi = count - 1;
    if (count === 0 || (d[row0 + hi * STRIDE + 1] as number) <= offset) return count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((d[row0 + mid * STRIDE + 1] as number) > offset) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private ensure(source: number, tUs: number): void {
    while ((this.data[this.regionOf(source) + GENERATED_US] as number) < tUs) this.generateTick(source);
  }

  private generateTick(source: number): void {
    const p = this.profiles[source] as EmissionProfile;
    const d0 = this.data;
    const b0 = this.regionOf(source);
    const rng = this.cursor;
    rng.moveTo(d0, b0 + RNG); // the draws come before push, which may move the region
    const t0 = d0[b0 + GENERATED_US] as number;
    const t1 = t0 + p.tickUs;
    const expected = (p.hosts * p.linesPerSecPerHost * p.rate.integral(t0, t1)) / 1e6;
    const written = expected > 0 ? poisson(rng, expected) : 0;
    const writtenErrors = written > 0 && p.errorShare > 0 ? binomial(rng, written, p.errorShare) : 0;
    const writtenBytes = written > 0 ? drawBytes(p, rng, written) : 0;
    // A head sampler thins the tick before it reaches the file, from its own stream.
    const hs = this.sampling[source];
    let lines = written;
    let errors = writtenErrors;
    let bytes = writtenBytes;
    if (hs !== undefined) {
      const kept = keptOfTick(hs.sampler, hs.rng, written, writtenErrors);
      lines = kept.lines;
      errors = kept.errors;
      bytes = written > 0 ? Math.round((writtenBytes * kept.lines) / written) : 0;
      hs.atUs.push(t1);
      hs.cumLines.push((hs.cumLines.at(-1) ?? 0) + written - lines);
      hs.errors += writtenErrors - errors;
      hs.keptErrors += errors;
    }
    const plants = d0[b0 + PLANTS] === 1;
    const last = (d0[b0 + COUNT] as number) - 1;
    const prevLines = last < 0 ? (d0[b0 + BASE_LINES] as number) : this.col(b0, last, 1);
    const prevBytes = last < 0 ? (d0[b0 + BASE_BYTES] as number) : this.col(b0, last, 2);
    const prevErrors = last < 0 ? (d0[b0 + BASE_ERRORS] as number) : this.col(b0, last, 3);
    this.push(source, t1, prevLines + lines, prevBytes + bytes, prevErrors + errors);
    this.data[this.regionOf(source) + GENERATED_US] = t1;
    const track = plants ? this.needleTracks[source] : undefined;
    // Needles planted before whose line this tick holds (due at the previous tick's end) get their time now.
    if (track !== undefined) resolveNeedleTimes(track, t0, t1, prevLines, lines);
    while (track !== undefined && track.nextUs <= t1) {
      // A needle is an error line: a head sampler decides on it one by one, and one it drops never
      // gets an offset. A kept one is the first line written at or after its instant.
      if (hs !== undefined && hs.rng.next() >= needleKeep(hs.sampler)) hs.needlesUs.push(track.nextUs);
      else track.offsets.push(prevLines + Math.floor((lines * (track.nextUs - t0)) / p.tickUs));
      track.nextUs += p.needleEveryUs;
    }
    if (track !== undefined) resolveNeedleTimes(track, t0, t1, prevLines, lines);
  }

  private push(source: number, endUs: number, lines: number, bytes: number, errors: number): void {
    let b = this.regionOf(source);
    let d = this.data;
    const first = d[b + FIRST] as number;
    const count = d[b + COUNT] as number;
    const capacity = d[b + CAPACITY] as number;
    if (first + count + 1 > capacity) {
      const from = b + HEADER + first * STRIDE;
      if (count + 1 > capacity) {
        // A backlog outgrew the region: move to one twice the size at the end (the old one is left
        // behind). Otherwise the live ticks move to the region's start: a few doubles, since a
        // region is small, and it keeps a quiet source in its first region for good.
        const moved = this.allocate(capacity * 2);
        d = this.data; // allocate may have replaced the array
        d.copyWithin(moved, b, b + CAPACITY); // header fields before CAPACITY
        d.copyWithin(moved + CAPACITY + 1, b + CAPACITY + 1, b + MOVED_TO);
        d.copyWithin(moved + HEADER, from, from + count * STRIDE);
        d[source * HOME + MOVED_TO] = b = moved;
      } else {
        d.copyWithin(b + HEADER, from, from + count * STRIDE);
      }
      d[b + FIRST] = 0;
    }
    const at = b + HEADER + ((d[b + FIRST] as number) + count) * STRIDE;
    d[at] = endUs;
    d[at + 1] = lines;
    d[at + 2] = bytes;
    d[at + 3] = errors;
    d[b + COUNT] = count + 1;
  }
}

/** The header field holding tick column `c` at the oldest kept tick's start. */
function baseColumn(c: number): number {
  return c === 0 ? BASE_US : BASE_LINES + c - 1;
}

function drawBytes(p: EmissionProfile, rng: RandomStream, lines: number): number {
  if (lines <= EXACT_SUM_MAX_LINES) {
    let sum = 0;
    const mu = lognormalFromMean(p.lineBytesMean, p.lineBytesSigma);
    for (let i = 0; i < lines; i++) sum += Math.max(1, Math.round(lognormal(rng, mu, p.lineBytesSigma)));
    return sum;
  }
  const variance = p.lineBytesMean * p.lineBytesMean * (Math.exp(p.lineBytesSigma * p.lineBytesSigma) - 1);
  const draw = normal(rng, lines * p.lineBytesMean, Math.sqrt(lines * variance));
  return Math.max(lines, Math.round(draw));
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

/** Emit times, as emitTimeOf interpolates them, of the track's needles that fall in the tick [t0, t1) of lines [l0, l0 + lines). */
function resolveNeedleTimes(track: NeedleTrack, t0: number, t1: number, l0: number, lines: number): void {
  while (track.emitUs.length < track.offsets.length) {
    const offset = track.offsets[track.emitUs.length] as number;
    if (offset >= l0 + lines) return;
    track.emitUs.push(t0 + ((t1 - t0) * (offset - l0 + 0.5)) / lines);
  }
}
