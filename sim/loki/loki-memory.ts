import type { ServiceDesign } from '../workload/fleet-design.ts';
import { compressionRatioOf, DEFAULT_CHUNK_CONFIG } from './chunk.ts';
import type { LokiSpec } from './loki-settings.ts';

/** One stored chunk in the index: its columns with room to grow (measured, docs/performance.md "loki-fleet"). */
const PER_CHUNK_BYTES = 160;

/** What a Loki run keeps to its end, bytes: the index entry of every chunk the store holds. */
export function lokiMemoryBytes(
  b: LokiSpec,
  { services, durationUs }: { services: readonly ServiceDesign[]; durationUs: number },
): number {
  return storedChunks(b, services, durationUs) * PER_CHUNK_BYTES;
}

/**
 * Chunks the store will hold at the end: per stream (one per level when
 * `level` is a label), the more of its raw bytes ÷ a full chunk's raw bytes
 * and one cut per max_chunk_age in each of its shards.
 */
function storedChunks(b: LokiSpec, services: readonly ServiceDesign[], durationUs: number): number {
  const seconds = durationUs / 1e6;
  const chunk = {
    ...DEFAULT_CHUNK_CONFIG,
    targetSizeBytes: b.chunks.target_size,
    encoding: b.chunks.encoding,
  };
  const fullRawBytes = chunk.targetSizeBytes * compressionRatioOf(chunk);
  const ageCuts = Math.max(1, durationUs / Math.max(1, b.chunks.max_age));
  let chunks = 0;
  for (const s of services) {
    const labels = b.labels ?? s.labels;
    const shares = labels.includes('level') ? Object.values(s.levels).filter((x) => x > 0) : [1];
    const rawBytesPerSec = s.hosts * s.rate * s.line_size.mean;
    for (const share of shares) {
      const rate = rawBytesPerSec * share;
      const shards = b.limits.shard_streams
        ? Math.max(1, Math.ceil(rate / Math.max(1, b.limits.shard_streams_desired_rate)))
        : 1;
      chunks += Math.max((rate * seconds) / fullRawBytes, ageCuts * shards);
    }
  }
  return chunks;
}
