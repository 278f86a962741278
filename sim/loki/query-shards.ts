/**
 * TSDB dynamic query sharding (facts.md §2e): after the frontend splits a
 * query by time, it asks the index how many bytes each split will process
 * and cuts the split by stream into shards of about `tsdb_max_bytes_per_shard`.
 *
 *   split ──index stats: uncompressed bytes, streams──▶ n = 2^⌈log2(bytes / 600MB)⌉
 *                                                      capped by max shards and by streams
 *   stream (fingerprint) ──fingerprint range──▶ shard i of n
 *
 * Sources: grafana/loki pkg/storage/stores/shipper/indexshipper/tsdb/sharding/power.go
 * (GuessShardFactor: round bytes / max bytes up to a power of two, a factor
 * of 1 means "not sharded"; LinearShards: shard i owns the fingerprints
 * [i·2^64/n, (i+1)·2^64/n)), pkg/querier/queryrange/shard_resolver.go.
 */
import type { StreamId } from './stream-id.ts';

/** The settings sharding reads. */
export interface ShardLimits {
  /** `tsdb_max_bytes_per_shard`, uncompressed bytes. */
  readonly tsdbMaxBytesPerShard: number;
  /** Most shards per split (`tsdb_max_query_parallelism`). */
  readonly maxShardsPerSplit: number;
}

/**
 * Shards for a split that processes `bytes` uncompressed bytes in `streams`
 * streams: the smallest power of two n with bytes ≤ n × max bytes per shard
 * (so a shard holds (max/2, max] bytes once n ≥ 2), capped by the shard
 * limit and by the streams (a shard is a set of whole streams, so more
 * shards than streams would be empty). At least 1.
 */
export function shardCount(bytes: number, streams: number, limits: ShardLimits): number {
  const target = Math.max(1, limits.tsdbMaxBytesPerShard);
  const cap = Math.max(1, Math.min(limits.maxShardsPerSplit, Math.floor(streams)));
  let n = 1;
  // Doubling, as GuessShardFactor's 2^⌈log2⌉, without floating-point log error at exact multiples.
  while (n < cap && bytes > n * target) n *= 2;
  return Math.min(n, cap);
}

/** 2^32, for reading the top 32 bits of a fingerprint as a fraction of the key space. */
const TOP_BITS_SPAN = 0x1_0000_0000;

/**
 * The shard of n that owns a stream: its fingerprint's position in the key
 * space, cut into n equal ranges (LinearShards). The top 32 bits of the
 * 64-bit id place it exactly unless n exceeds 2^32.
 */
export function shardOfStream(id: StreamId, n: number): number {
  if (n <= 1) return 0;
  const top = Number.parseInt(id.slice(0, 8), 16);
  return Math.min(n - 1, Math.floor((top / TOP_BITS_SPAN) * n));
}

/**
 * How the m streams one entry stands for spread over n shards: as m distinct
 * fingerprints would, evenly, ⌊m/n⌋ each, and the m mod n left over on the
 * shards following the entry's own (so a lone stream, m = 1, sits on its own
 * shard). Calls `add(shard, copies)` for every shard that gets any.
 */
export function spreadCopies(
  id: StreamId,
  m: number,
  n: number,
  add: (shard: number, copies: number) => void,
): void {
  const home = shardOfStream(id, n);
  if (n <= 1) {
    add(0, m);
    return;
  }
  const each = Math.floor(m / n);
  const rest = m - each * n;
  for (let k = 0; k < n; k++) {
    const offset = (k - home + n) % n;
    const copies = each + (offset < rest ? 1 : 0);
    if (copies > 0) add(k, copies);
  }
}
