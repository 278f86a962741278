import type { FlushedChunk } from './chunk.ts';
import type { StoredChunkRef } from './read-view.ts';
import type { StreamId } from './stream-id.ts';

interface StreamChunks {
  /** Sorted by chunk.maxTsUs (ties in insertion order). */
  readonly refs: StoredChunkRef[];
  /** Longest [minTsUs, maxTsUs] span of any chunk: bounds how far a range scan must look. */
  maxSpanUs: number;
}

/**
 * The chunk references of the index: per stream, every stored chunk once
 * (replicas that cut identical chunks write the same content key), sorted by
 * the chunk's newest entry. A range lookup is a binary search plus a scan
 * bounded by the longest chunk span, not a pass over the stream's history.
 */
export class ChunkIndex {
  private readonly streams = new Map<StreamId, StreamChunks>();
  private readonly keys = new Set<string>();

  /** Indexes a flushed chunk; returns false if its key was already indexed. */
  add(key: string, chunk: FlushedChunk): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    let s = this.streams.get(chunk.streamId);
    if (s === undefined) {
      s = { refs: [], maxSpanUs: 0 };
      this.streams.set(chunk.streamId, s);
    }
    const refs = s.refs;
    // Chunks are mostly flushed in time order: insertion is usually an append.
    let at = refs.length;
    while (at > 0 && (refs[at - 1] as StoredChunkRef).chunk.maxTsUs > chunk.maxTsUs) at--;
    refs.splice(at, 0, { key, chunk });
    s.maxSpanUs = Math.max(s.maxSpanUs, chunk.maxTsUs - chunk.minTsUs);
    return true;
  }

  /** Chunks of `stream` whose [minTsUs, maxTsUs] overlaps [fromUs, toUs], oldest first. */
  overlapping(stream: StreamId, fromUs: number, toUs: number): StoredChunkRef[] {
    const s = this.streams.get(stream);
    if (s === undefined) return [];
    const refs = s.refs;
    let lo = 0;
    let hi = refs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((refs[mid] as StoredChunkRef).chunk.maxTsUs < fromUs) lo = mid + 1;
      else hi = mid;
    }
    const out: StoredChunkRef[] = [];
    // A chunk whose newest entry is past toUs + maxSpan starts after toUs: nothing further can overlap.
    const stopAfter = toUs + s.maxSpanUs;
    for (let i = lo; i < refs.length; i++) {
      const ref = refs[i] as StoredChunkRef;
      if (ref.chunk.maxTsUs > stopAfter) break;
      if (ref.chunk.minTsUs <= toUs) out.push(ref);
    }
    return out;
  }

  /** Chunks indexed for a stream. */
  countOf(stream: StreamId): number {
    return this.streams.get(stream)?.refs.length ?? 0;
  }
}
