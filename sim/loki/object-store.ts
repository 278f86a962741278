/**
 * The object store chunks are flushed to (decision 07: Loki on object storage
 * from day one). It counts requests and bytes, keeps each chunk's metadata,
 * and prices time as first-byte latency + size ÷ throughput.
 *
 * Chunk identity is a hash of tenant, labels and content (grafana/loki
 * docs/sources/get-started/components.md), so replicas that cut identical
 * chunks write the same key: the PUT is paid again, the bytes are stored
 * once. `chunkKey` reproduces that with the stream id and the chunk's bounds
 * and counts; the store tells identical chunks apart by those same fields.
 */
import { US_PER_MS, US_PER_SECOND } from '../engine/time.ts';
import type { FlushedChunk } from './chunk.ts';
import { ChunkIndex } from './chunk-index.ts';
import { fnv1a64HexOfAscii, type StreamId } from './stream-id.ts';

/** Latency and throughput of one request. */
export interface ObjectStoreConfig {
  /**
   * First-byte latency 30 ms: small S3 GETs have a median "often in the tens
   * of ms" (AWS whitepaper s3-optimizing-performance-best-practices,
   * timeouts-and-retries; reference/facts.md §4). Applied to PUTs too.
   */
  readonly firstByteLatencyUs: number;
  /**
   * Per-request transfer rate 85 MB/s *(assumption)*: AWS's S3 performance
   * guidance cites roughly 85–90 MB/s per connection; not in facts.md.
   */
  readonly throughputBytesPerSec: number;
}

/** Defaults for S3 Standard in the same region as the ingesters. */
export const DEFAULT_OBJECT_STORE_CONFIG: ObjectStoreConfig = Object.freeze({
  firstByteLatencyUs: 30 * US_PER_MS,
  throughputBytesPerSec: 85 * 1_000_000,
});

/** Request and byte counters. */
export interface ObjectStoreCounters {
  puts: number;
  gets: number;
  deletes: number;
  bytesPut: number;
  bytesGot: number;
}

/**
 * An in-memory bucket of chunk objects. Its contents are the label index's
 * chunk references (chunk-index.ts), which hold every stored chunk once as
 * columns rather than one object and one key string per chunk: a month of a
 * large fleet is millions of chunks.
 */
export class ObjectStore {
  readonly counters: ObjectStoreCounters = { puts: 0, gets: 0, deletes: 0, bytesPut: 0, bytesGot: 0 };
  /** Every stored chunk, by stream and time: what the read path looks up. */
  readonly index = new ChunkIndex();
  private storedBytes = 0;
  private storedObjectCount = 0;

  constructor(readonly config: ObjectStoreConfig = DEFAULT_OBJECT_STORE_CONFIG) {}

  /** Objects currently stored. */
  get objectCount(): number {
    return this.index.size;
  }

  /** Chunk objects currently stored, counting a group entry as its `objects` (see FlushedChunk). */
  get storedObjects(): number {
    return this.storedObjectCount;
  }

  /** Bytes currently stored. */
  get bytesStored(): number {
    return this.storedBytes;
  }

  /** µs one request moving `bytes` takes. */
  requestDurationUs(bytes: number): number {
    return (
      this.config.firstByteLatencyUs + Math.ceil((bytes * US_PER_SECOND) / this.config.throughputBytesPerSec)
    );
  }

  /** Stores a chunk under its content key (a rewrite of an identical chunk stores nothing new). Returns the key. */
  put(chunk: FlushedChunk): string {
    const objects = chunk.objects ?? 1;
    this.counters.puts += objects;
    this.counters.bytesPut += chunk.bytes;
    if (this.index.add(chunk)) {
      this.storedBytes += chunk.bytes;
      this.storedObjectCount += objects;
    }
    return chunkKey(chunk);
  }

  /** Reads a chunk, counting the GET; undefined when absent (the GET is still paid). */
  get(key: string): FlushedChunk | undefined {
    this.counters.gets++;
    const chunk = this.find(key);
    if (chunk !== undefined) this.counters.bytesGot += chunk.bytes;
    return chunk;
  }

  /** Deletes a chunk; returns whether it existed. */
  delete(key: string): boolean {
    this.counters.deletes++;
    const chunk = this.find(key);
    if (chunk === undefined || !this.index.remove(chunk)) return false;
    this.storedBytes -= chunk.bytes;
    this.storedObjectCount -= chunk.objects ?? 1;
    return true;
  }

  /** Stored chunks with their keys: streams in the order first stored, each oldest first (no request counted). */
  *entries(): IterableIterator<[string, FlushedChunk]> {
    for (const chunk of this.index.chunks()) yield [chunkKey(chunk), chunk];
  }

  /** The stored chunk under `key` (a scan of its stream: keys are hashes, and only tests and retention ask). */
  private find(key: string): FlushedChunk | undefined {
    const stream = key.slice(0, key.indexOf('/')) as StreamId;
    for (const chunk of this.index.chunksOf(stream)) if (chunkKey(chunk) === key) return chunk;
    return undefined;
  }
}

/** The content key of a chunk: stream, bounds and counts, hashed. */
export function chunkKey(chunk: FlushedChunk): string {
  const identity = `${chunk.streamId}/${chunk.minTsUs}/${chunk.maxTsUs}/${chunk.lines}/${chunk.rawBytes}`;
  return `${chunk.streamId}/${fnv1a64HexOfAscii(identity)}`;
}
