/**
 * A stream's in-memory head chunk (decision 05): lines are appended verbatim
 * and compressed; the chunk is cut when full, idle or old, then flushed as
 * one object.
 *
 * Cut rules follow the ingester's flush sweep (grafana/loki
 * pkg/ingester/flush.go, shouldFlushChunk): a chunk closed because it is full
 * flushes; otherwise it flushes when `now − lastUpdated > chunk_idle_period`
 * (wall-clock time since the last append) or when the span of its entry
 * timestamps `maxT − minT > max_chunk_age`. Both comparisons are strict, as
 * in Loki.
 */
import { US_PER_HOUR, US_PER_MINUTE } from '../engine/time.ts';
import type { EntryBatch } from './entry-batch.ts';
import type { StreamId } from './stream-id.ts';

/** `chunk_encoding` options — grafana/loki docs/sources/shared/configuration.md */
export type ChunkEncoding = 'gzip' | 'snappy' | 'lz4' | 'zstd' | 'flate' | 'none';

/**
 * Raw bytes per compressed byte, by encoding.
 * - gzip 5×: the docs' rule of thumb "1 MB compressed ≈ 5 MB raw, up to 10 MB"
 *   (grafana/loki docs/sources/get-started/labels/bp-labels.md); gzip is the
 *   default encoding, and we take the low end of 5–10× to stay conservative.
 * - snappy 3.6×: measured, JSON logs, Loki 2.9, 212.40 GB raw → 55 GiB
 *   (quickwit-oss/benchmarks loki_quickwit_benchmark.md).
 * - lz4 4.2× *(derived)*: the docs call lz4 a middle ground between snappy and
 *   gzip (bp-configure.md); the geometric mean of 3.6 and 5.
 * - flate 5×: gzip is deflate with a header, same ratio.
 * - zstd 5× *(assumption)*: no Loki figure; taken equal to gzip.
 * - none 1×.
 */
export const COMPRESSION_RATIO: Readonly<Record<ChunkEncoding, number>> = Object.freeze({
  gzip: 5,
  snappy: 3.6,
  lz4: 4.2,
  flate: 5,
  zstd: 5,
  none: 1,
});

/** The ingester's chunk settings. Sizes in bytes, durations in µs. */
export interface ChunkConfig {
  /** `chunk_target_size` 1,572,864 B (1.5 MiB) **compressed** — configuration.md; bp-configure.md */
  readonly targetSizeBytes: number;
  /** `chunk_block_size` 262,144 B uncompressed: the head block is compressed at this size — configuration.md */
  readonly blockSizeBytes: number;
  /** `chunk_idle_period` 30m — configuration.md */
  readonly idlePeriodUs: number;
  /** `max_chunk_age` 2h — configuration.md */
  readonly maxAgeUs: number;
  /** `chunk_encoding` gzip — configuration.md */
  readonly encoding: ChunkEncoding;
  /** Overrides COMPRESSION_RATIO[encoding] (raw ÷ compressed), e.g. to calibrate on real logs. */
  readonly compressionRatio?: number;
}

/** Loki's defaults (reference/facts.md §2b). */
export const DEFAULT_CHUNK_CONFIG: ChunkConfig = Object.freeze({
  targetSizeBytes: 1_572_864,
  blockSizeBytes: 262_144,
  idlePeriodUs: 30 * US_PER_MINUTE,
  maxAgeUs: 2 * US_PER_HOUR,
  encoding: 'gzip',
});

/** The effective compression ratio of a config. */
export function compressionRatioOf(config: ChunkConfig): number {
  return config.compressionRatio ?? COMPRESSION_RATIO[config.encoding];
}

/**
 * Raw bytes a chunk holds when it is cut as full. Loki's MemChunk.SpaceFor
 * (grafana/loki pkg/chunkenc/memchunk.go) admits a line only while the cut
 * blocks' COMPRESSED size plus the head block's UNCOMPRESSED size stays under
 * `chunk_target_size`, so a chunk is cut in its block k (the first whose
 * compressed predecessors plus one raw block would reach the target) when the
 * raw head reaches target − k·block/ratio. Its object is then below the
 * target: about 0.9 × the 1.5 MiB default with gzip, about 0.7 × a 512 KiB
 * target with snappy (tests/calibration/loki-chunks.test.ts).
 */
export function fullChunkRawBytes(config: ChunkConfig): number {
  const r = compressionRatioOf(config);
  const block = config.blockSizeBytes;
  const target = config.targetSizeBytes;
  if (block <= 0 || r <= 1) return Math.max(1, target);
  // The smallest k with k·block/r + block > target.
  const k = Math.max(0, Math.floor(((target - block) * r) / block) + 1);
  return Math.max(1, Math.round(k * block + Math.max(0, target - (k * block) / r)));
}

/** Why a chunk was closed (Loki's `flushReason` values). */
export type CutReason = 'full' | 'idle' | 'max_age' | 'forced';

/** A closed chunk as it is written to the object store. */
export interface FlushedChunk {
  readonly streamId: StreamId;
  /** Compressed bytes: the object's size. */
  readonly bytes: number;
  readonly rawBytes: number;
  readonly lines: number;
  readonly minTsUs: number;
  readonly maxTsUs: number;
  readonly needles: readonly number[];
  readonly reason: CutReason;
  /**
   * Chunk objects this entry stands for (absent = 1): a stream group
   * (stream-group.ts) flushes one object per real stream, and its figures
   * above are totals over them.
   */
  readonly objects?: number;
}

/**
 * The unordered-writes window: since Loki 2.4 an entry older than the
 * stream's newest entry minus max_chunk_age/2 is refused as `too_far_behind`
 * (grafana/loki pkg/ingester/stream.go; reference/user-needs.md §1 item 5).
 * Entries at or after the returned instant are accepted.
 */
export function outOfOrderCutoffUs(newestTsUs: number, maxChunkAgeUs: number): number {
  return newestTsUs - Math.floor(maxChunkAgeUs / 2);
}

/** The chunk a stream is appending to. */
export class HeadChunk {
  rawBytes = 0;
  lines = 0;
  minTsUs = Infinity;
  maxTsUs = -Infinity;
  /** Virtual time of the last append (Loki's `lastUpdated`). */
  lastAppendUs: number;
  readonly needles: number[] = [];
  private readonly ratio: number;
  private readonly fullRawBytes: number;

  constructor(
    readonly streamId: StreamId,
    private readonly config: ChunkConfig,
    nowUs: number,
  ) {
    this.ratio = compressionRatioOf(config);
    this.fullRawBytes = fullChunkRawBytes(config);
    this.lastAppendUs = nowUs;
  }

  /** Compressed size in bytes. */
  get compressedBytes(): number {
    return Math.floor(this.rawBytes / this.ratio);
  }

  /**
   * Bytes this chunk holds in memory: cut blocks are compressed, the head
   * block (up to `chunk_block_size`) is still raw.
   */
  get memoryBytes(): number {
    const headRaw = this.rawBytes % this.config.blockSizeBytes;
    return headRaw + Math.floor((this.rawBytes - headRaw) / this.ratio);
  }

  /** Raw bytes that still fit before the chunk is cut as full (see fullChunkRawBytes). */
  get rawCapacityBytes(): number {
    return Math.max(0, this.fullRawBytes - this.rawBytes);
  }

  /** True once no further line fits under `chunk_target_size` (Loki's SpaceFor). */
  get full(): boolean {
    return this.rawBytes >= this.fullRawBytes;
  }

  /** Appends a batch at virtual time `nowUs`. */
  append(batch: EntryBatch, nowUs: number): void {
    this.rawBytes += batch.bytes;
    this.lines += batch.lines;
    this.minTsUs = Math.min(this.minTsUs, batch.minTsUs);
    this.maxTsUs = Math.max(this.maxTsUs, batch.maxTsUs);
    this.lastAppendUs = nowUs;
    if (batch.needles !== undefined) for (const n of batch.needles) this.needles.push(n);
  }

  /** The reason this chunk should be cut at `nowUs`, or undefined. */
  cutReason(nowUs: number): CutReason | undefined {
    if (this.full) return 'full';
    if (nowUs - this.lastAppendUs > this.config.idlePeriodUs) return 'idle';
    if (this.lines > 0 && this.maxTsUs - this.minTsUs > this.config.maxAgeUs) return 'max_age';
    return undefined;
  }

  /** The object this chunk flushes as. */
  toFlushed(reason: CutReason): FlushedChunk {
    return {
      streamId: this.streamId,
      bytes: this.compressedBytes,
      rawBytes: this.rawBytes,
      lines: this.lines,
      minTsUs: this.minTsUs,
      maxTsUs: this.maxTsUs,
      needles: this.needles.slice(),
      reason,
    };
  }
}
