/**
 * A stream group: many real streams that differ only in the value of a
 * high-cardinality label (request_id, user_id, pod), held by an ingester as
 * ONE object with a multiplicity (decision 06; DESIGN.md principle 4).
 *
 * Why: with `request_id` as a label every line opens a stream. Simulating
 * 100,000 active streams as 100,000 objects, each with its own chunk and flush
 * event, would make the cost grow with lines. The group keeps the group's
 * unflushed lines as a FIFO of time slices (one per flush-check period) and
 * derives every per-stream figure from the expected number of distinct values
 * (distinct-values.ts):
 *
 * - active streams = D(lines appended within the last chunk_idle_period):
 *   a stream is active until idle_period passes without a line;
 * - new streams a push opens = D(W + n) − D(W), which the stream limit checks;
 * - memory = m × per-stream overhead (charged by the ingester) + unflushed
 *   bytes, where each of the m streams keeps its share as a head block that
 *   stays raw below chunk_block_size (tiny streams do not compress);
 * - flushing: at each flush check a slice older than the idle period belongs
 *   to streams that went idle, except those whose value was drawn again since
 *   (probability ≈ active ÷ C; 0 for `unique`). The idle part flushes as
 *   D(slice lines) × (1 − active/C) chunk objects — one per real stream, so a
 *   `unique` label flushes ONE OBJECT PER LINE; the rest moves to a carry pool
 *   of long-lived streams, cut at max_chunk_age;
 * - at every flush check, each active stream whose share of the unflushed
 *   bytes fills a chunk is cut as full (cutFull), so a group of busy streams
 *   (a host or pod label) holds about streams × one chunk, not an idle
 *   period's worth of data.
 *
 * Object counts, chunk counts, memory and index size therefore scale with the
 * multiplicity while the simulator does O(slices) work per flush check.
 */
import { compressionRatioOf, fullChunkRawBytes, type ChunkConfig, type FlushedChunk } from './chunk.ts';
import { expectedDistinct, type ValueSpace } from './distinct-values.ts';
import type { EntryBatch } from './entry-batch.ts';
import type { StreamId } from './stream-id.ts';

interface Slice {
  firstAppendUs: number;
  lastAppendUs: number;
  lines: number;
  rawBytes: number;
  minTsUs: number;
  maxTsUs: number;
  needles: number[];
}

/** A cut part of a group: a FlushedChunk whose figures are totals over `objects` chunk objects. */
export interface GroupPiece {
  readonly chunk: FlushedChunk;
}

/** The aggregated unflushed data of a stream group. */
export class StreamGroup {
  private readonly slices: Slice[] = [];
  private carry: Slice | undefined;
  private readonly ratio: number;
  private readonly fullRawBytes: number;
  /** Lines ever appended: the index knows D(total) streams. */
  totalLines = 0;

  constructor(
    readonly streamId: StreamId,
    readonly space: ValueSpace,
    private readonly config: ChunkConfig,
    private readonly flushCheckPeriodUs: number,
  ) {
    this.ratio = compressionRatioOf(config);
    this.fullRawBytes = fullChunkRawBytes(config);
  }

  /** Real streams ever opened (for the index). */
  get streamsEver(): number {
    return Math.max(1, Math.round(expectedDistinct(this.space, this.totalLines)));
  }

  /** Lines appended within the idle window ending at nowUs. */
  private windowLines(nowUs: number): number {
    const from = nowUs - this.config.idlePeriodUs;
    let n = 0;
    for (let i = this.slices.length - 1; i >= 0; i--) {
      const s = this.slices[i] as Slice;
      if (s.lastAppendUs < from) break;
      n += s.lines;
    }
    // Lines of long-lived streams still count: their streams are active.
    if (this.carry !== undefined && this.carry.lastAppendUs >= from) n += this.carry.lines;
    return n;
  }

  /** Active real streams at nowUs (≥ 1 while the group holds anything). */
  activeStreams(nowUs: number): number {
    if (this.empty) return 0;
    return Math.max(1, Math.round(expectedDistinct(this.space, this.windowLines(nowUs))));
  }

  /** Real streams a push of `lines` at nowUs would open. */
  newStreams(nowUs: number, lines: number): number {
    const w = this.windowLines(nowUs);
    return Math.max(
      0,
      Math.round(expectedDistinct(this.space, w + lines)) - Math.round(expectedDistinct(this.space, w)),
    );
  }

  /** Distinct streams `lines` lines of one batch touch. */
  distinctIn(lines: number): number {
    return Math.max(1, expectedDistinct(this.space, lines));
  }

  get empty(): boolean {
    return this.slices.length === 0 && this.carry === undefined;
  }

  /** Raw unflushed bytes. */
  get rawBytes(): number {
    let b = this.carry?.rawBytes ?? 0;
    for (const s of this.slices) b += s.rawBytes;
    return b;
  }

  /** Unflushed chunk memory at nowUs: each active stream's share, raw up to the block size. */
  memoryBytes(nowUs: number): number {
    const raw = this.rawBytes;
    if (raw === 0) return 0;
    const m = Math.max(1, this.activeStreams(nowUs));
    const perStream = raw / m;
    const headRaw = Math.min(perStream, this.config.blockSizeBytes);
    return Math.round(m * (headRaw + (perStream - headRaw) / this.ratio));
  }

  append(batch: EntryBatch, nowUs: number): void {
    this.totalLines += batch.lines;
    let last = this.slices[this.slices.length - 1];
    if (last === undefined || nowUs - last.firstAppendUs >= this.flushCheckPeriodUs) {
      last = {
        firstAppendUs: nowUs,
        lastAppendUs: nowUs,
        lines: 0,
        rawBytes: 0,
        minTsUs: Infinity,
        maxTsUs: -Infinity,
        needles: [],
      };
      this.slices.push(last);
    }
    addTo(last, batch, nowUs);
  }

  /** Unflushed data as chunk-like views (slices and the carry pool). */
  *views(): IterableIterator<{
    lines: number;
    rawBytes: number;
    minTsUs: number;
    maxTsUs: number;
    needles: readonly number[];
  }> {
    if (this.carry !== undefined) yield this.carry;
    for (const s of this.slices) yield s;
  }

  /**
   * The pieces to flush at nowUs (see the file comment). `force` cuts
   * everything (a scale-down flush).
   */
  cut(nowUs: number, force = false): GroupPiece[] {
    const out: GroupPiece[] = [];
    const c = this.space.cardinality;
    while (this.slices.length > 0) {
      const s = this.slices[0] as Slice;
      if (!force && nowUs - s.lastAppendUs <= this.config.idlePeriodUs) break;
      this.slices.shift();
      // Share of the slice's streams still active (their value was drawn again since).
      const stillActive = force || !Number.isFinite(c) ? 0 : Math.min(1, this.activeStreams(nowUs) / c);
      const idleLines = Math.round(s.lines * (1 - stillActive));
      if (idleLines > 0) {
        const keepLines = s.lines - idleLines;
        const objects = Math.max(1, Math.round(this.distinctIn(s.lines) * (1 - stillActive)));
        const part = keepLines === 0 ? s : splitSlice(s, idleLines);
        out.push(this.piece(part, objects, 'idle'));
        if (keepLines > 0) this.toCarry(s); // splitSlice left the remainder in s
      } else this.toCarry(s);
    }
    if (!force) this.cutFull(nowUs, out);
    const carry = this.carry;
    if (carry !== undefined) {
      const old = carry.maxTsUs - carry.minTsUs > this.config.maxAgeUs;
      if (force || old) {
        this.carry = undefined;
        const m = Math.max(1, this.activeStreams(nowUs));
        const objects = Math.max(1, Math.round(Math.min(m, this.distinctIn(carry.lines))));
        out.push(this.piece(carry, objects, force ? 'forced' : 'max_age'));
      }
    }
    return out;
  }

  /**
   * Every active stream whose head is full is cut, as a real ingester cuts
   * each stream on append once no line fits under the target (chunk.ts,
   * fullChunkRawBytes). Nothing tells the group's streams apart, so each
   * holds an equal share of the unflushed bytes: with m active streams each
   * holding `perStream` raw bytes, k = ⌊perStream ÷ full⌋ chunks per stream
   * are cut, m·k objects of the full size, from the oldest data.
   */
  private cutFull(nowUs: number, out: GroupPiece[]): void {
    const raw = this.rawBytes;
    if (raw <= 0) return;
    const m = Math.max(1, this.activeStreams(nowUs));
    const k = Math.floor(raw / m / this.fullRawBytes);
    if (k < 1) return;
    const taken = this.takeOldest(m * k * this.fullRawBytes);
    if (taken !== undefined) out.push(this.piece(taken, m * k, 'full'));
  }

  /** Removes about `bytes` raw bytes of the oldest unflushed data (the carry pool, then slices) as one slice. */
  private takeOldest(bytes: number): Slice | undefined {
    let need = bytes;
    let taken: Slice | undefined;
    const take = (part: Slice): void => {
      need -= part.rawBytes;
      if (taken === undefined) taken = { ...part, needles: part.needles.slice() };
      else mergeInto(taken, part);
    };
    const from = (s: Slice): boolean => {
      if (s.rawBytes <= need) {
        take(s);
        return true;
      }
      const lines = Math.floor((s.lines * need) / s.rawBytes);
      if (lines > 0) take(splitSlice(s, lines));
      need = 0;
      return false;
    };
    if (this.carry !== undefined && from(this.carry)) this.carry = undefined;
    while (need > 0 && this.slices.length > 0 && from(this.slices[0] as Slice)) this.slices.shift();
    return taken;
  }

  /** Drops everything (a crash without WAL); returns what was held. */
  clear(): void {
    this.slices.length = 0;
    this.carry = undefined;
  }

  private toCarry(s: Slice): void {
    if (this.carry === undefined) this.carry = { ...s, needles: s.needles.slice() };
    else mergeInto(this.carry, s);
  }

  private piece(s: Slice, objects: number, reason: FlushedChunk['reason']): GroupPiece {
    return {
      chunk: {
        streamId: this.streamId,
        bytes: Math.floor(s.rawBytes / this.ratio),
        rawBytes: s.rawBytes,
        lines: s.lines,
        minTsUs: s.minTsUs,
        maxTsUs: s.maxTsUs,
        needles: s.needles.slice(),
        reason,
        objects,
      },
    };
  }
}

function mergeInto(c: Slice, s: Slice): void {
  c.lines += s.lines;
  c.rawBytes += s.rawBytes;
  c.minTsUs = Math.min(c.minTsUs, s.minTsUs);
  c.maxTsUs = Math.max(c.maxTsUs, s.maxTsUs);
  c.firstAppendUs = Math.min(c.firstAppendUs, s.firstAppendUs);
  c.lastAppendUs = Math.max(c.lastAppendUs, s.lastAppendUs);
  for (const n of s.needles) c.needles.push(n);
}

function addTo(s: Slice, batch: EntryBatch, nowUs: number): void {
  s.lines += batch.lines;
  s.rawBytes += batch.bytes;
  s.minTsUs = Math.min(s.minTsUs, batch.minTsUs);
  s.maxTsUs = Math.max(s.maxTsUs, batch.maxTsUs);
  s.lastAppendUs = nowUs;
  if (batch.needles !== undefined) for (const n of batch.needles) s.needles.push(n);
}

/**
 * Takes the first `lines` lines of a slice out as a new slice (needles stay
 * with the remainder: they belong to streams that may still be active), and
 * leaves the remainder in `s`.
 */
function splitSlice(s: Slice, lines: number): Slice {
  const bytes = Math.round((s.rawBytes * lines) / s.lines);
  const part: Slice = { ...s, lines, rawBytes: bytes, needles: [] };
  s.lines -= lines;
  s.rawBytes -= bytes;
  return part;
}
