/**
 * The Loki read path's settings and cost constants, each with its source.
 * Durations in µs, sizes in bytes, rates in bytes per second.
 */
import { US_PER_HOUR, US_PER_MINUTE, US_PER_MS } from '../engine/time.ts';
import type { LineFilter } from './query-spec.ts';

/** Query frontend, scheduler and querier settings. */
export interface QueryPathConfig {
  /** `split_queries_by_interval` 1h — grafana/loki docs/sources/shared/configuration.md (facts.md §2e). */
  readonly splitIntervalUs: number;
  /**
   * Downstream requests (time splits, or their shards) of one query
   * outstanding at once: queued or running. Default 128 =
   * `tsdb_max_query_parallelism`, not `max_query_parallelism` (32): Loki
   * weighs the two by how much of the range lies under TSDB period configs
   * (grafana/loki pkg/querier/queryrange/limits.go WeightedParallelism) and
   * one semaphore of that size bounds every downstream call of the query
   * (limitedRoundTripper in the same file); logsim's index is TSDB throughout,
   * so the TSDB value applies — configuration.md, tsdb.md (facts.md §2e).
   */
  readonly maxQueryParallelism: number;
  /**
   * `tsdb_max_bytes_per_shard` 600 MB (600 << 20 bytes in the code): TSDB
   * dynamic sharding splits each time split by stream so a shard processes
   * about this many *uncompressed* bytes — the index stores each chunk's
   * uncompressed KB (grafana/loki pkg/storage/stores/shipper/indexshipper/tsdb/store.go
   * IndexChunk) — doubling the shard count while a shard would exceed it
   * (…/tsdb/sharding/power.go GuessShardFactor; configuration.md, tsdb.md;
   * facts.md §2e).
   */
  readonly tsdbMaxBytesPerShard: number;
  /**
   * Most shards one time split is cut into, 128 = `tsdb_max_query_parallelism`
   * (facts.md §2e). Loki's frontend passes no shard cap of its own ("0 is
   * unlimited shards", pkg/querier/queryrange/roundtrip.go), but the query's
   * parallelism (above, also 128) bounds how many run at once, so shards
   * beyond it would only queue; capping here keeps the queue honest at
   * the same concurrency.
   */
  readonly maxShardsPerSplit: number;
  /**
   * `max_outstanding_requests_per_tenant` 32000 sub-queries waiting in the
   * tenant's queue; beyond it the query gets 429 "too many outstanding
   * requests". 32000 is the query-scheduler default since Loki 3.0 (it was
   * 100 before: grafana/loki docs/sources/setup/upgrade/_index.md, 3.0
   * defaults table); the older in-frontend queue's `max_outstanding_per_tenant`
   * defaults to 2048 (grafana/loki PR #5204, prompted by issue #4613, which
   * user-needs.md item 12 cites). Not in facts.md.
   */
  readonly maxOutstandingPerTenant: number;
  /** Queriers, 10: the < 3 TB/day tier of Grafana's sizing table (grafana/loki docs/sources/setup/size/_index.md; facts.md §6b). */
  readonly queriers: number;
  /** `querier.max_concurrent` 4 sub-queries per querier — configuration.md (facts.md §2e). */
  readonly maxConcurrentPerQuerier: number;
  /**
   * Cores of one querier, 1: the < 3 TB/day tier of Grafana's sizing table
   * gives queriers 1 CPU (1.5 in the tiers above; grafana/loki
   * docs/sources/setup/size/_index.md; facts.md §6b). Sub-queries running
   * at once on a querier share its cores: past `cores` of them, each scans
   * `cores ÷ running` as fast.
   */
  readonly querierCores: number;
  /** `query_ingesters_within` 3h: younger data is also read from the ingesters — configuration.md (facts.md §2e). */
  readonly queryIngestersWithinUs: number;
  /** `query_timeout` 1m: a query still running then fails — configuration.md (facts.md §2e). */
  readonly queryTimeoutUs: number;
  /** `max_chunk_batch_size` 50: chunks a querier fetches from the store at once (storage_config, -store.max-chunk-batch-size). Not in facts.md. */
  readonly chunkFetchBatch: number;
  /**
   * Decompress-and-scan rate of one core, in raw (uncompressed) bytes per
   * second, by line filter. `none` ≈ 183 MB/s and `regex` ≈ 24 MB/s are both
   * *derived* from ONE third-party benchmark (quickwit-oss/benchmarks
   * loki_quickwit_benchmark.md: 212.40 GB scanned in 1,160 CPU-s by
   * `count_over_time` with no filter, and in 8,713 CPU-s with the regex
   * `\bqueen\b`; Loki 2.9, snappy, caches off; facts.md §2f and §7). Grafana
   * publishes no per-core figure; treat them as a range, not constants.
   * `substring` (`|= "text"`) 66 MB/s is an *assumption*: the geometric mean
   * of the two, because a plain substring test costs more than no filter
   * (every line is compared) but far less than a regex (Go's bytes.Index is
   * vectorised, RE2 steps an automaton per byte), and with a measured spread
   * of 7.6× the midpoint on a log scale is the least-wrong guess.
   */
  readonly scanBytesPerSecPerCore: Readonly<Record<LineFilter, number>>;
  /** Label-index lookup per sub-query (TSDB via an index gateway), 5 ms *(assumption)*: an in-memory postings lookup plus one RPC. */
  readonly indexLookupUs: number;
  /** Round trip querier → ingesters, 2 ms *(assumption)*: one in-region gRPC call fanned out in parallel. */
  readonly ingesterRoundTripUs: number;
  /**
   * A needle counts as found when a chunk holds a needle timestamp within
   * this of the one asked, 1 ms: the write path and the workload may round
   * the interpolated emit time differently; needles of one stream are
   * seconds apart, so this never confuses two of them.
   */
  readonly needleMatchToleranceUs: number;
}

/** Loki's defaults, each cited above. */
export const DEFAULT_QUERY_PATH_CONFIG: QueryPathConfig = Object.freeze({
  splitIntervalUs: US_PER_HOUR,
  maxQueryParallelism: 128,
  tsdbMaxBytesPerShard: 600 * 1024 * 1024,
  maxShardsPerSplit: 128,
  maxOutstandingPerTenant: 32_000,
  queriers: 10,
  maxConcurrentPerQuerier: 4,
  querierCores: 1,
  queryIngestersWithinUs: 3 * US_PER_HOUR,
  queryTimeoutUs: US_PER_MINUTE,
  chunkFetchBatch: 50,
  scanBytesPerSecPerCore: Object.freeze({ none: 183e6, substring: 66e6, regex: 24e6 }),
  indexLookupUs: 5 * US_PER_MS,
  ingesterRoundTripUs: 2 * US_PER_MS,
  needleMatchToleranceUs: US_PER_MS,
});

/** The defaults with some fields overridden. */
export function queryPathConfig(overrides: Partial<QueryPathConfig> = {}): QueryPathConfig {
  return Object.freeze({ ...DEFAULT_QUERY_PATH_CONFIG, ...overrides });
}
