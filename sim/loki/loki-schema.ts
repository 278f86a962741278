/**
 * The `backend: { kind: loki }` section (decisions 05, 06, 10). Defaults:
 * reference/facts.md §2 (grafana/loki docs/sources/shared/configuration.md).
 */
import { z } from 'zod';
import { byteRate, duration, parseDuration, parseSize, size } from '../config/units.ts';

const dur = (text: string, description: string) =>
  duration().default(parseDuration(text)).describe(description);
const bytes = (text: string, description: string) => size().default(parseSize(text)).describe(description);

export const lokiSchema = z
  .strictObject({
    kind: z
      .literal('loki')
      .describe('A Loki-style cluster: distributors, a token ring of ingesters, chunks in an object store.'),
    labels: z
      .array(z.string())
      .optional()
      .describe(
        "Label names of every stream (any of service, env, level, host, pod, or a name in a service's `fields:`). Default: each service's own `labels`.",
      ),
    env: z.string().default('prod').describe('Value of the `env` label. Default prod.'),
    distributors: z
      .int()
      .positive()
      .default(3)
      .describe(
        'Distributors; the global ingestion rate is split across the healthy ones. Default 3 (the design sketch).',
      ),
    ingesters: z
      .strictObject({
        count: z
          .int()
          .positive()
          .default(6)
          .describe('Ingesters in the ring. Default 6 (the design sketch).'),
        replication_factor: z
          .int()
          .positive()
          .default(3)
          .describe('Replicas per stream; writes need floor(RF/2)+1. Default 3 (configuration.md).'),
        tokens: z
          .int()
          .positive()
          .default(128)
          .describe('Ring tokens per ingester. Default 128 (configuration.md -ingester.num-tokens).'),
        heartbeat_timeout: dur(
          '1m',
          'An ingester that stops heartbeating (crashed, cut off) still counts as healthy this long: writes to it fail against the quorum. Default 1m (configuration.md ring heartbeat_timeout).',
        ),
        wal: z
          .boolean()
          .default(true)
          .describe(
            'Write-ahead log: acknowledged writes survive a crash and are replayed. Default true (configuration.md; wal.md).',
          ),
        memory_limit: bytes(
          '4GiB',
          'Ingester memory limit; above it the ingester is OOM-killed. Default 4GiB (Grafana sizing, < 3 TB/day tier; facts.md §6b).',
        ),
        per_stream_overhead: bytes(
          '8KiB',
          'Memory per active stream besides its chunk bytes. Default 8KiB (assumption; see sim/loki/ingester.ts).',
        ),
        wal_replay_memory_ceiling: bytes(
          '4GiB',
          'replay_memory_ceiling: past 90 % of it a WAL replay flushes chunks to storage as it goes, so an ingester OOM-killed full of chunk data comes back with room; at or above memory_limit it comes back full and its next push kills it again. Default 4GiB (grafana/loki pkg/ingester/wal.go defaultCeiling; wal.md).',
        ),
        restart_after_oom: dur(
          '10s',
          'Delay before an OOM-killed ingester restarts. Default 10s (assumption: first kubelet crash-loop back-off).',
        ),
      })
      .prefault({})
      .describe('The ingesters.'),
    capacity: z
      .strictObject({
        distributor_cores: z
          .number()
          .positive()
          .default(2)
          .describe("Cores per distributor. Default 2 (Grafana's sizing guide, every tier; facts.md §6b)."),
        distributor_cpu_per_mb: dur(
          '230ms',
          "CPU a distributor spends per raw MB pushed (parse, validate, hash, fan out). Default 230ms: the guide's 4 × 2 CPU for 3 TB/day and 40 × 2 for 30 TB/day (facts.md §6b; tests/calibration/loki-sizing.test.ts).",
        ),
        ingester_cores: z
          .number()
          .positive()
          .default(2)
          .describe("Cores per ingester. Default 2 (Grafana's sizing guide, tiers up to 30 TB/day)."),
        ingester_cpu_per_mb: dur(
          '130ms',
          "CPU an ingester spends per raw MB it appends (each replica: compress into chunks, WAL, flush). Default 130ms: the guide's 6 × 2 CPU for 3 TB/day and 90 × 2 for 30 TB/day at RF 3 (facts.md §6b; tests/calibration/loki-sizing.test.ts).",
        ),
        remote_timeout: dur(
          '5s',
          'A push whose replicas have not answered after this fails with 5xx and is retried by the agent. Default 5s (configuration.md ingester_client remote_timeout).',
        ),
      })
      .prefault({})
      .describe(
        'What the write path can do: CPU per MB for distributors and ingesters. Over capacity a component queues, pushes slow down and time out, agents lag.',
      ),
    chunks: z
      .strictObject({
        target_size: bytes(
          '1.5MiB',
          'Compressed size at which a chunk is cut. Default 1572864 B (chunk_target_size).',
        ),
        block_size: bytes(
          '256KiB',
          'Raw head-block size before compression. Default 262144 B (chunk_block_size).',
        ),
        idle: dur(
          '30m',
          'A stream with no line for this long is flushed and stops being active. Default 30m (chunk_idle_period).',
        ),
        max_age: dur(
          '2h',
          'A chunk spanning more than this is flushed; the out-of-order window is half of it. Default 2h (max_chunk_age).',
        ),
        encoding: z
          .enum(['gzip', 'snappy', 'lz4', 'zstd', 'flate', 'none'])
          .default('gzip')
          .describe('Chunk encoding (sets the compression ratio). Default gzip (chunk_encoding).'),
        flush_check_period: dur(
          '30s',
          'How often the flush loop looks for chunks to cut. Default 30s (flush_check_period).',
        ),
        concurrent_flushes: z
          .int()
          .positive()
          .default(32)
          .describe('Flush workers per ingester. Default 32 (concurrent_flushes).'),
      })
      .prefault({})
      .describe('Chunk cutting and flushing.'),
    limits: z
      .strictObject({
        ingestion_rate_strategy: z
          .enum(['global', 'local'])
          .default('global')
          .describe('global splits the tenant rate across healthy distributors. Default global.'),
        ingestion_rate: byteRate()
          .default(4 * 1048576)
          .describe('Tenant ingestion rate. Default 4MiB/s (ingestion_rate_mb 4).'),
        ingestion_burst: bytes('6MiB', 'Per-distributor burst. Default 6MiB (ingestion_burst_size_mb 6).'),
        max_global_streams_per_user: z
          .int()
          .nonnegative()
          .default(5000)
          .describe('Active streams per tenant; 0 disables. Default 5000.'),
        max_streams_per_user: z
          .int()
          .nonnegative()
          .default(0)
          .describe('Active streams per ingester; 0 disables. Default 0.'),
        per_stream_rate_limit: byteRate()
          .default(3 * 1048576)
          .describe('Per-stream rate. Default 3MiB/s.'),
        per_stream_rate_limit_burst: bytes('15MiB', 'Per-stream burst. Default 15MiB.'),
        max_line_size: bytes('256KiB', 'Longer lines are discarded. Default 256KB (max_line_size).'),
        reject_old_samples: z
          .boolean()
          .default(true)
          .describe('Reject entries older than reject_old_samples_max_age. Default true.'),
        reject_old_samples_max_age: dur('168h', 'Default 1w.'),
        creation_grace_period: dur('10m', 'Entries further in the future are rejected. Default 10m.'),
        max_label_names_per_series: z.int().positive().default(15).describe('Default 15.'),
        shard_streams: z
          .boolean()
          .default(true)
          .describe(
            'Split a stream above desired_rate into shards automatically. Default true (shard_streams.enabled).',
          ),
        shard_streams_desired_rate: byteRate()
          .default(1536 * 1024)
          .describe('Default 1536KB/s (shard_streams.desired_rate).'),
      })
      .prefault({})
      .describe('Tenant limits (limits_config).'),
  })
  .describe('A Loki-style backend.');
