import type { CutReason, FlushedChunk } from './chunk.ts';
import type { StreamId } from './stream-id.ts';

/** A chunk in the object store, by its key. */
export interface StoredChunkRef {
  readonly key: string;
  readonly chunk: FlushedChunk;
}

/**
 * The chunk references of the index (decision 05): per stream, every stored
 * chunk once, sorted by the chunk's newest entry. Replicas that cut identical
 * chunks write the same content key (object-store.ts chunkKey: the stream,
 * the bounds and the counts), so a chunk equal in all of those to one already
 * indexed is not indexed again.
 *
 * A month of a large fleet is millions of chunks, and a query over a day
 * touches hundreds of thousands, yet what a query's cost needs from most of
 * them is a sum (chunks, compressed and raw bytes: DESIGN.md principle 4).
 * So each stream keeps its chunks as columns of typed arrays with running
 * sums, and a range costs a binary search plus a scan of the chunks that
 * straddle its end, not a pass over the chunks inside it:
 *
 *   chunks sorted by maxTs:  … [ maxTs < from ] [ from ≤ maxTs ≤ to ] [ to < maxTs ≤ to + longest span ] …
 *                                  skipped        all overlap: running sums   each checked: minTs ≤ to
 *
 * Needles stay exact: per stream a list of every needle timestamp with the
 * bounds of the chunk holding it, so "is the needle's chunk in this range" is
 * a lookup, never a sum.
 */
export class ChunkIndex {
  private readonly streams = new Map<StreamId, StreamChunks>();
  private total = 0;

  /** Chunks indexed, over all streams. */
  get size(): number {
    return this.total;
  }

  /** Indexes a flushed chunk; returns false if an identical chunk was already indexed. */
  add(chunk: FlushedChunk): boolean {
    let s = this.streams.get(chunk.streamId);
    if (s === undefined) {
      s = new StreamChunks();
      this.streams.set(chunk.streamId, s);
    }
    if (!s.add(chunk)) return false;
    this.total++;
    return true;
  }

  /** Removes an indexed chunk equal to `chunk` (stream, bounds, counts); returns whether there was one. */
  remove(chunk: FlushedChunk): boolean {
    const s = this.streams.get(chunk.streamId);
    if (s === undefined || !s.remove(chunk)) return false;
    this.total--;
    return true;
  }

  /** Chunks of `stream` whose [minTsUs, maxTsUs] overlaps [fromUs, toUs], oldest first, with their keys. */
  overlapping(
    stream: StreamId,
    fromUs: number,
    toUs: number,
    key: (c: FlushedChunk) => string,
  ): StoredChunkRef[] {
    const s = this.streams.get(stream);
    if (s === undefined) return [];
    const out: StoredChunkRef[] = [];
    s.forOverlapping(fromUs, toUs, (i) => {
      const chunk = s.chunkAt(stream, i);
      out.push({ key: key(chunk), chunk });
    });
    return out;
  }

  /**
   * Sums over the chunks of `stream` whose [minTsUs, maxTsUs] overlaps
   * [fromUs, toUs]: exactly what summing {@link overlapping} gives.
   */
  totals(stream: StreamId, fromUs: number, toUs: number): ChunkTotals {
    const s = this.streams.get(stream);
    if (s === undefined) return { objects: 0, bytes: 0, rawBytes: 0 };
    return s.totals(fromUs, toUs);
  }

  /**
   * Whether a chunk of `stream` overlapping [fromUs, toUs] holds a needle
   * within `toleranceUs` of `needleTsUs`.
   */
  holdsNeedle(
    stream: StreamId,
    fromUs: number,
    toUs: number,
    needleTsUs: number,
    toleranceUs: number,
  ): boolean {
    return this.streams.get(stream)?.holdsNeedle(fromUs, toUs, needleTsUs, toleranceUs) ?? false;
  }

  /** Chunks indexed for a stream. */
  countOf(stream: StreamId): number {
    return this.streams.get(stream)?.n ?? 0;
  }

  /** Every indexed chunk: streams in the order they were first indexed, each oldest first. */
  *chunks(): IterableIterator<FlushedChunk> {
    for (const [id, s] of this.streams) for (let i = 0; i < s.n; i++) yield s.chunkAt(id, i);
  }

  /** The indexed chunks of one stream, oldest first. */
  *chunksOf(stream: StreamId): IterableIterator<FlushedChunk> {
    const s = this.streams.get(stream);
    if (s !== undefined) for (let i = 0; i < s.n; i++) yield s.chunkAt(stream, i);
  }
}

/** What a range of chunks sums to. */
export interface ChunkTotals {
  /** Chunk objects: a stream group's entry counts as the objects it stands for (FlushedChunk.objects). */
  readonly objects: number;
  /** Compressed bytes. */
  readonly bytes: number;
  readonly rawBytes: number;
}

const REASONS: readonly CutReason[] = ['full', 'idle', 'max_age', 'forced'];
const NO_NEEDLES: readonly number[] = Object.freeze([]);

/** One stream's chunks as columns, sorted by maxTs (ties in insertion order), with running sums. */
class StreamChunks {
  n = 0;
  private maxTs = new Float64Array(4);
  private minTs = new Float64Array(4);
  private bytes = new Float64Array(4);
  private raw = new Float64Array(4);
  private lines = new Float64Array(4);
  /** Chunk objects of the entry (a stream group's entry stands for many); 0 when absent, meaning 1. */
  private objects = new Float64Array(4);
  private reasons = new Uint8Array(4);
  /** Sums of bytes, raw bytes and objects over chunks [0, i): index i, length n + 1. */
  private cumBytes = new Float64Array(5);
  private cumRaw = new Float64Array(5);
  private cumObjects = new Float64Array(5);
  /** Needles per chunk (mostly none). */
  private readonly needles: (readonly number[])[] = [];
  /** Every needle of the stream with its chunk's bounds, sorted by needle timestamp. */
  private readonly needleTs: number[] = [];
  private readonly needleMin: number[] = [];
  private readonly needleMax: number[] = [];
  /** Longest [minTsUs, maxTsUs] span of any chunk: bounds how far past a range's end a scan must look. */
  private maxSpanUs = 0;

  add(c: FlushedChunk): boolean {
    // Chunks are mostly indexed in time order: the place is usually the end.
    let at = this.n;
    while (at > 0 && (this.maxTs[at - 1] as number) > c.maxTsUs) at--;
    // An identical chunk has the same maxTs: it sits just before `at`.
    for (let i = at - 1; i >= 0 && this.maxTs[i] === c.maxTsUs; i--) if (this.sameAs(i, c)) return false;
    if (this.n === this.maxTs.length) this.grow();
    const n = this.n;
    if (at < n) {
      for (const col of [this.maxTs, this.minTs, this.bytes, this.raw, this.lines, this.objects])
        col.copyWithin(at + 1, at, n);
      this.reasons.copyWithin(at + 1, at, n);
    }
    this.maxTs[at] = c.maxTsUs;
    this.minTs[at] = c.minTsUs;
    this.bytes[at] = c.bytes;
    this.raw[at] = c.rawBytes;
    this.lines[at] = c.lines;
    this.objects[at] = c.objects ?? 0;
    this.reasons[at] = REASONS.indexOf(c.reason);
    this.needles.splice(at, 0, c.needles.length > 0 ? c.needles.slice() : NO_NEEDLES);
    this.n = n + 1;
    this.resum(at);
    this.maxSpanUs = Math.max(this.maxSpanUs, c.maxTsUs - c.minTsUs);
    for (const ts of c.needles) this.addNeedle(ts, c.minTsUs, c.maxTsUs);
    return true;
  }

  remove(c: FlushedChunk): boolean {
    let at = -1;
    for (let i = this.upperBound(c.maxTsUs) - 1; i >= 0 && this.maxTs[i] === c.maxTsUs; i--)
      if (this.sameAs(i, c)) at = i;
    if (at < 0) return false;
    const n = this.n;
    for (const col of [this.maxTs, this.minTs, this.bytes, this.raw, this.lines, this.objects])
      col.copyWithin(at, at + 1, n);
    this.reasons.copyWithin(at, at + 1, n);
    const [gone] = this.needles.splice(at, 1);
    this.n = n - 1;
    this.resum(at);
    for (const ts of gone ?? NO_NEEDLES) {
      for (let i = 0; i < this.needleTs.length; i++) {
        if (this.needleTs[i] === ts && this.needleMin[i] === c.minTsUs && this.needleMax[i] === c.maxTsUs) {
          this.needleTs.splice(i, 1);
          this.needleMin.splice(i, 1);
          this.needleMax.splice(i, 1);
          break;
        }
      }
    }
    return true;
  }

  /** Calls `visit` with the position of every chunk overlapping [from, to], oldest first. */
  forOverlapping(from: number, to: number, visit: (i: number) => void): void {
    const stopAfter = to + this.maxSpanUs;
    for (let i = this.lowerBound(from); i < this.n; i++) {
      const max = this.maxTs[i] as number;
      // A chunk whose newest entry is past to + maxSpan starts after to: nothing further can overlap.
      if (max > stopAfter) break;
      if ((this.minTs[i] as number) <= to) visit(i);
    }
  }

  totals(from: number, to: number): ChunkTotals {
    const lo = this.lowerBound(from);
    // Every chunk with from ≤ maxTs ≤ to overlaps: its minTs ≤ maxTs ≤ to.
    const mid = Math.max(lo, this.upperBound(to));
    let objects = (this.cumObjects[mid] as number) - (this.cumObjects[lo] as number);
    let bytes = (this.cumBytes[mid] as number) - (this.cumBytes[lo] as number);
    let rawBytes = (this.cumRaw[mid] as number) - (this.cumRaw[lo] as number);
    const stopAfter = to + this.maxSpanUs;
    for (let i = mid; i < this.n && (this.maxTs[i] as number) <= stopAfter; i++) {
      if ((this.minTs[i] as number) > to) continue;
      objects += Math.max(1, this.objects[i] as number);
      bytes += this.bytes[i] as number;
      rawBytes += this.raw[i] as number;
    }
    return { objects, bytes, rawBytes };
  }

  holdsNeedle(from: number, to: number, needle: number, tolerance: number): boolean {
    const ts = this.needleTs;
    let lo = 0;
    let hi = ts.length;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if ((ts[m] as number) < needle - tolerance) lo = m + 1;
      else hi = m;
    }
    for (let i = lo; i < ts.length && (ts[i] as number) <= needle + tolerance; i++)
      if ((this.needleMin[i] as number) <= to && (this.needleMax[i] as number) >= from) return true;
    return false;
  }

  chunkAt(streamId: StreamId, i: number): FlushedChunk {
    const objects = this.objects[i] as number;
    const chunk: FlushedChunk = {
      streamId,
      bytes: this.bytes[i] as number,
      rawBytes: this.raw[i] as number,
      lines: this.lines[i] as number,
      minTsUs: this.minTs[i] as number,
      maxTsUs: this.maxTs[i] as number,
      needles: this.needles[i] ?? NO_NEEDLES,
      reason: REASONS[this.reasons[i] as number] as CutReason,
    };
    return objects > 0 ? { ...chunk, objects } : chunk;
  }

  private sameAs(i: number, c: FlushedChunk): boolean {
    return (
      this.maxTs[i] === c.maxTsUs &&
      this.minTs[i] === c.minTsUs &&
      this.lines[i] === c.lines &&
      this.raw[i] === c.rawBytes
    );
  }

  /** First position with maxTs ≥ t. */
  private lowerBound(t: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if ((this.maxTs[m] as number) < t) lo = m + 1;
      else hi = m;
    }
    return lo;
  }

  /** First position with maxTs > t. */
  private upperBound(t: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if ((this.maxTs[m] as number) <= t) lo = m + 1;
      else hi = m;
    }
    return lo;
  }

  /** Recomputes the running sums from position `from` on. */
  private resum(from: number): void {
    for (let i = from; i < this.n; i++) {
      this.cumBytes[i + 1] = (this.cumBytes[i] as number) + (this.bytes[i] as number);
      this.cumRaw[i + 1] = (this.cumRaw[i] as number) + (this.raw[i] as number);
      this.cumObjects[i + 1] = (this.cumObjects[i] as number) + Math.max(1, this.objects[i] as number);
    }
  }

  private addNeedle(ts: number, min: number, max: number): void {
    let at = this.needleTs.length;
    while (at > 0 && (this.needleTs[at - 1] as number) > ts) at--;
    this.needleTs.splice(at, 0, ts);
    this.needleMin.splice(at, 0, min);
    this.needleMax.splice(at, 0, max);
  }

  private grow(): void {
    const size = this.maxTs.length * 2;
    const wider = (a: Float64Array<ArrayBuffer>, length = size): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(length);
      b.set(a);
      return b;
    };
    this.maxTs = wider(this.maxTs);
    this.minTs = wider(this.minTs);
    this.bytes = wider(this.bytes);
    this.raw = wider(this.raw);
    this.lines = wider(this.lines);
    this.objects = wider(this.objects);
    this.cumBytes = wider(this.cumBytes, size + 1);
    this.cumRaw = wider(this.cumRaw, size + 1);
    this.cumObjects = wider(this.cumObjects, size + 1);
    const reasons = new Uint8Array(size);
    reasons.set(this.reasons);
    this.reasons = reasons;
  }
}
