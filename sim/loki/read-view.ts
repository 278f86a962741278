import type { ChunkTotals, StoredChunkRef } from './chunk-index.ts';
import type { LabelSet } from './label-set.ts';
import type { ObjectStore } from './object-store.ts';
import type { StreamId } from './stream-id.ts';

/**
 * The contract between Loki's write path and its read path. The write path
 * (distributors → ring → ingesters → object store) implements it; the query
 * frontend and queriers read through it and nothing else, so each side can
 * change without the other.
 *
 * Streams that stand for many identical streams (a cohort of hosts, or a
 * high-cardinality label aggregated) carry a multiplicity: their chunk and
 * byte figures are totals over all the streams they stand for.
 */
export interface LokiReadView {
  /** Every stream the index knows (active in an ingester or with stored chunks), in a stable order. */
  streams(): Iterable<IndexedStream>;
  /** Flushed chunks of a stream whose [minTsUs, maxTsUs] overlaps [fromUs, toUs], with their object keys. */
  storedChunks(stream: StreamId, fromUs: number, toUs: number): readonly StoredChunkRef[];
  /**
   * What summing {@link storedChunks} over the same range gives, without a
   * pass over the chunks: a query over a day of a large fleet touches
   * hundreds of thousands of them (chunk-index.ts).
   */
  storedTotals(stream: StreamId, fromUs: number, toUs: number): ChunkTotals;
  /**
   * Whether a flushed chunk of the stream overlapping [fromUs, toUs] holds a
   * needle within `toleranceUs` of `needleTsUs`: exactly what a look at each
   * of {@link storedChunks}' needles answers.
   */
  storedHoldsNeedle(
    stream: StreamId,
    fromUs: number,
    toUs: number,
    needleTsUs: number,
    toleranceUs: number,
  ): boolean;
  /**
   * Unflushed data of a stream on live ingesters overlapping [fromUs, toUs]
   * (one entry per replica holding it; a group's entry totals its streams' heads).
   */
  ingesterChunks(stream: StreamId, fromUs: number, toUs: number): readonly IngesterChunkRef[];
  /** The object store chunks live in (for GET counters and latency). */
  readonly objectStore: ObjectStore;
  /** Bytes of the label index (TSDB): what the index costs, next to the chunk bytes. */
  indexBytes(): number;
}

export interface IndexedStream {
  readonly id: StreamId;
  readonly labels: LabelSet;
  /** How many real streams this entry stands for (1 for an ordinary stream). */
  readonly multiplicity: number;
}

export type { StoredChunkRef } from './chunk-index.ts';

export interface IngesterChunkRef {
  readonly ingester: number;
  readonly lines: number;
  readonly rawBytes: number;
  readonly minTsUs: number;
  readonly maxTsUs: number;
  /** Emit timestamps (µs) of the needle lines inside. */
  readonly needles: readonly number[];
}
