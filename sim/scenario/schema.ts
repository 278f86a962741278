/**
 * The scenario schema: the validator and the only source of the scenario's
 * TypeScript type. Every field says what it means and its default; where a
 * default comes from a real system, the source is named (see
 * shared/reference/facts.md for the full citations).
 *
 * Unknown keys are errors (strict objects), because a typo must never fall back
 * to a default silently.
 */
import { z } from 'zod';
import {
  byteRate,
  count,
  duration,
  parseByteRate,
  parseDuration,
  parseRate,
  parseSize,
  rate,
  share,
  size,
} from '../config/units.ts';
import { expectationsSchema } from './expectation.ts';

const dur = (text: string, description: string) =>
  duration().default(parseDuration(text)).describe(description);
const bytes = (text: string, description: string) => size().default(parseSize(text)).describe(description);

const NAME = /^[a-z0-9][a-z0-9._-]*$/;
const name = (what: string) =>
  z
    .string()
    .regex(NAME, { message: `expected a ${what} name of lowercase letters, digits, ".", "_" or "-"` })
    .describe(`The ${what} name: lowercase letters, digits, ".", "_" and "-".`);

const levels = z
  .strictObject({
    debug: share().default(0).describe('Share of lines at level debug.'),
    info: share().default(0.97).describe('Share of lines at level info.'),
    warn: share().default(0.025).describe('Share of lines at level warn.'),
    error: share().default(0.005).describe('Share of lines at level error.'),
  })
  .refine((l) => Math.abs(l.debug + l.info + l.warn + l.error - 1) < 1e-9, {
    message: 'expected level shares that add up to 1',
  })
  .describe('Mix of log levels. Default: info 0.97, warn 0.025, error 0.005 (the design sketch).');

const field = z
  .strictObject({
    cardinality: z
      .union([z.literal('unique'), count()])
      .describe(
        'Distinct values: a count (`100k`) or `unique` (a new value on every line, like a request id).',
      ),
    popularity: z
      .enum(['uniform', 'zipf'])
      .default('uniform')
      .describe('How often each value appears: uniform, or Zipf-distributed (a few hot values).'),
    churn: z
      .strictObject({
        every: duration()
          .optional()
          .describe(
            'The whole value set is renewed this often (e.g. pod names on a schedule). Default: never.',
          ),
        on_deploy: z
          .boolean()
          .default(false)
          .describe('The value set is renewed at every `deploy` of the service (pod names). Default false.'),
      })
      .optional()
      .describe(
        'Value churn: old values stop appearing, new ones start (each renewal opens new streams when the field is a label). Default: none.',
      ),
  })
  .describe('A structured field carried in the line body (or promoted to a label by the backend).');

const service = z
  .strictObject({
    name: name('service'),
    hosts: z.int().positive().describe('Hosts running this service; each runs one agent.'),
    rate: rate().describe('Lines per second written by each host (e.g. `50/s`).'),
    line_size: z
      .strictObject({
        mean: bytes('220B', 'Mean line size in bytes. Default 220B.'),
        sigma: z
          .number()
          .nonnegative()
          .default(0.6)
          .describe('Lognormal shape σ of line sizes. Default 0.6.'),
      })
      .prefault({})
      .describe('Line size distribution: lognormal with this mean.'),
    levels: levels.prefault({}),
    labels: z
      .array(z.string())
      .default(['service', 'env', 'level'])
      .describe('Low-cardinality identity of the stream (the Loki labels). Default [service, env, level].'),
    fields: z.record(z.string(), field).default({}).describe('Fields in the line body, by name.'),
    needles: z
      .strictObject({ every: duration().describe('Plant one needle line this often.') })
      .optional()
      .describe('Needle lines: single lines a query will look for, tracked one by one.'),
    transport: z
      .enum(['file', 'socket', 'pipe'])
      .default('file')
      .describe(
        'How the app hands lines to the agent: file (never blocks; the agent tails it), socket or pipe (straight to the agent: a full buffer under block stalls a sync logger). Default file.',
      ),
    logger: z
      .strictObject({
        mode: z
          .enum(['sync', 'async'])
          .default('sync')
          .describe(
            'sync: the request thread waits on the write; async: a bounded in-app queue. Default sync.',
          ),
        queue_size: z
          .int()
          .positive()
          .default(1024)
          .describe(
            'Lines the async queue holds; overflow is dropped (app_queue_full). Default 1024 (log4j2 AsyncAppender bufferSize).',
          ),
      })
      .prefault({})
      .describe("The application's logger."),
    rotation: z
      .strictObject({
        max_file_size: size()
          .optional()
          .describe('Rotate when the file reaches this size. Default: never by size.'),
        every: duration().optional().describe('Rotate this often. Default: never by time.'),
        strategy: z
          .enum(['rename', 'copytruncate'])
          .default('rename')
          .describe(
            'rename-and-create, or copytruncate (lines written during the copy may be lost). Default rename.',
          ),
        keep: z
          .int()
          .nonnegative()
          .default(5)
          .describe('Rotated files kept; older ones are deleted. Default 5 (the design sketch).'),
        copy_rate: byteRate()
          .default(parseByteRate('200MB/s'))
          .describe('Copy speed of copytruncate. Default 200MB/s (a local SSD, sequential).'),
        disk_size: size()
          .optional()
          .describe(
            "Disk space on each host for the logs (active, rotated, deleted-but-open) and the agent's disk buffer; when they fill it, the app's writes fail (disk_full). Checked every ≤ 10 s. Default: unlimited.",
          ),
      })
      .optional()
      .describe('Log-file rotation (file transport). Default: the file never rotates.'),
  })
  .describe('A service: a group of identical hosts writing logs.');

const fleet = z
  .strictObject({
    services: z.array(service).min(1).describe('The services of the fleet.'),
    cohort_max_hosts: z
      .int()
      .positive()
      .default(50)
      .describe(
        'Identical hosts (same service, same faults) are simulated together as one cohort of at most this many, ' +
          'shipping in lockstep; counts stay exact. 1 simulates every host on its own. Default 50.',
      ),
    tick: dur('1s', 'Emission grid: line counts are drawn per tick and spread evenly inside it. Default 1s.'),
  })
  .describe('The fleet: services, hosts and the lines they write.');

// Agent fields have no zod default: an absent field takes the preset's value,
// else the generic default (sim/agent/presets.ts), so explicit and default
// stay distinguishable. The descriptions name the generic default and its source.
const optDur = (description: string) => duration().optional().describe(description);
const optBytes = (description: string) => size().optional().describe(description);

const agent = z
  .strictObject({
    preset: z
      .enum(['promtail', 'alloy', 'vector', 'fluent-bit', 'filebeat', 'otel-collector'])
      .optional()
      .describe(
        "Start from a real agent's documented defaults (facts.md §1); any field set here overrides the preset. Default: none (the generic defaults below).",
      ),
    checkpoint_every: optDur(
      'Offset checkpoint period; 0 commits after every step. Default 10s (Promtail positions.sync_period; Alloy: fixed 10s).',
    ),
    commit: z
      .enum(['on_ack', 'on_read'])
      .optional()
      .describe(
        'Commit the offset once the backend acknowledged the lines (on_ack) or once read (on_read). Default on_ack.',
      ),
    batch: z
      .strictObject({
        max_lines: z
          .int()
          .positive()
          .optional()
          .describe('Lines per batch at most. Default 100000 (Vector loki sink batch.max_events).'),
        max_bytes: optBytes('Bytes per batch at most. Default 1MiB (Promtail batchsize 1048576).'),
        linger: optDur('Send a partial batch after this wait. Default 1s (Promtail batchwait).'),
      })
      .prefault({})
      .describe('How the agent cuts batches.'),
    retry: z
      .strictObject({
        min_backoff: optDur('First back-off. Default 500ms (Promtail/Alloy min_period).'),
        max_backoff: optDur('Back-off cap. Default 5m (Promtail/Alloy max_period).'),
        max_retries: z
          .union([z.int().nonnegative(), z.literal('unlimited')])
          .optional()
          .describe(
            'Retries before the batch is dropped (`unlimited` never gives up). Default 10 (Promtail/Alloy max_retries).',
          ),
        max_elapsed: optDur(
          'Give up after retrying a batch this long (OTel max_elapsed_time). Default: no limit.',
        ),
        jitter: z
          .enum(['none', 'full', 'equal'])
          .optional()
          .describe('Back-off randomisation: none, full ([0,d]) or equal ([d/2,d]). Default equal.'),
      })
      .prefault({})
      .describe('Retries of failed pushes (429, 5xx, time-outs); other 4xx are not retried.'),
    timeout: optDur('Per-request time-out. Default 10s (Promtail client timeout).'),
    max_in_flight: z
      .int()
      .positive()
      .optional()
      .describe('Requests on the wire at once per host. Default 1 (Promtail sends batches one at a time).'),
    buffer: z
      .strictObject({
        type: z
          .enum(['memory', 'disk', 'spill'])
          .optional()
          .describe(
            'memory, disk, or spill (memory first, overflowing to disk). Default memory (Vector buffer.type).',
          ),
        max_size: optBytes(
          'Memory part of the buffer in bytes (read, not yet acknowledged). Default 64MiB (the design sketch).',
        ),
        max_events: z
          .int()
          .positive()
          .optional()
          .describe('Lines in the memory part at most. Default: no line limit.'),
        disk_max_size: optBytes(
          'Disk part of a disk or spill buffer. Default 0 for memory; set it for disk/spill (Vector requires ≥ 256MiB; Filebeat disk queue 10GB).',
        ),
        when_full: z
          .enum(['block', 'drop_newest', 'drop_oldest'])
          .optional()
          .describe(
            'When full: block (stop reading), drop_newest, or drop_oldest. Default block (Vector buffer.when_full).',
          ),
        on_disk_full: z
          .enum(['when_full', 'lose'])
          .optional()
          .describe(
            'A full host disk: treat the buffer as full (when_full) or lose the lines with cause disk_full (lose). Default when_full.',
          ),
      })
      .prefault({})
      .describe("The agent's buffer between reader and sender."),
    idle_poll: optDur('How often an idle agent looks at its files again. Default 1s.'),
  })
  .prefault({})
  .describe('The shipping agent on every host.');

const network = z
  .strictObject({
    latency: dur('1ms', 'One-way latency host → backend. Default 1ms (same region).'),
    bandwidth: byteRate().default(parseByteRate('1Gbps')).describe('Per-host bandwidth. Default 1Gbps.'),
  })
  .prefault({})
  .describe('The path from each host to the backend.');

const endpointBackend = z
  .strictObject({
    kind: z.literal('endpoint').describe('A generic ingest endpoint with finite capacity.'),
    nodes: z.int().positive().default(1).describe('Ingest nodes; capacity scales with them. Default 1.'),
    capacity: z
      .strictObject({
        lines: rate()
          .default(parseRate('110k/s'))
          .describe(
            'Lines per second per node. Default 110k/s (single-node Elasticsearch, seq-db benchmark).',
          ),
        bytes: byteRate()
          .default(parseByteRate('14MiB/s'))
          .describe('Bytes per second per node. Default 14MiB/s (same benchmark).'),
      })
      .prefault({})
      .describe('Throughput of one node.'),
    request_overhead: dur('2ms', 'Fixed cost of one push request. Default 2ms.'),
    max_queued: bytes('256MiB', 'Bytes queued at the endpoint beyond which pushes get 429. Default 256MiB.'),
  })
  .describe('The generic ingest endpoint.');

// ── Loki (decisions 05, 06, 10). Defaults: reference/facts.md §2 (grafana/loki docs/sources/shared/configuration.md). ──
const lokiBackend = z
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
        restart_after_oom: dur(
          '10s',
          'Delay before an OOM-killed ingester restarts. Default 10s (assumption: first kubelet crash-loop back-off).',
        ),
      })
      .prefault({})
      .describe('The ingesters.'),
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

const backend = z
  .discriminatedUnion('kind', [endpointBackend, lokiBackend])
  .describe('Where the agents ship to.');

// Every fault happens `at` one instant, or recurs about `every` so often
// (Poisson instants drawn from the `faults` random stream before the run, so
// design variants see the same faults).
const when = {
  at: duration().optional().describe('When the fault starts (give `at` or `every`).'),
  every: duration()
    .optional()
    .describe('Recur at random, on average this often, from the `faults` stream (give `at` or `every`).'),
};
const oneWhen = (f: { at?: number | undefined; every?: number | undefined }) =>
  (f.at === undefined) !== (f.every === undefined);
const WHEN_MESSAGE = { message: 'expected exactly one of `at` (an instant) or `every` (a mean interval)' };

const hostSelection = z
  .union([z.literal('all'), z.int().positive(), z.array(z.int().nonnegative()).min(1)])
  .default('all')
  .describe('Hosts of the service hit: all, the first N (a number), or a list of host indices. Default all.');

const outageFault = z
  .strictObject({
    ...when,
    outage: z
      .strictObject({
        for: duration().describe('How long the backend is down.'),
        mode: z
          .enum(['refuse', 'timeout'])
          .default('refuse')
          .describe('refuse: answers 503 at once; timeout: never answers. Default refuse.'),
      })
      .describe('The backend takes no writes.'),
  })
  .refine(oneWhen, WHEN_MESSAGE)
  .describe('A backend outage.');

const chattyFault = z
  .strictObject({
    ...when,
    chatty: z
      .strictObject({
        service: z.string().describe('The service that gets chatty.'),
        factor: z.number().positive().describe('Its line rate is multiplied by this.'),
        for: duration().describe('For this long.'),
      })
      .describe('A service writes many times more lines for a while.'),
  })
  .refine(oneWhen, WHEN_MESSAGE)
  .describe('A chatty service.');

const networkStallFault = z
  .strictObject({
    ...when,
    network_stall: z
      .strictObject({
        service: z.string().optional().describe('The service whose hosts are hit. Default: every service.'),
        hosts: hostSelection,
        for: duration().describe('For this long.'),
        extra_latency: duration().default(0).describe('Added one-way latency. Default 0.'),
        bandwidth_factor: z
          .number()
          .positive()
          .max(1)
          .default(1)
          .describe('Bandwidth is multiplied by this. Default 1.'),
      })
      .describe('Links get slower: latency up, bandwidth down.'),
  })
  .refine(oneWhen, WHEN_MESSAGE)
  .describe('A network stall.');

const agentCrashFault = z
  .strictObject({
    ...when,
    agent_crash: z
      .strictObject({
        service: z.string().optional().describe('The service whose agents crash. Default: every service.'),
        hosts: hostSelection,
        restart_after: duration().describe('The agent is back this long after the crash.'),
      })
      .describe('Agents die and restart from their last checkpoint.'),
  })
  .refine(oneWhen, WHEN_MESSAGE)
  .describe('An agent crash.');

const diskFullFault = z
  .strictObject({
    ...when,
    disk_full: z
      .strictObject({
        service: z.string().optional().describe('The service whose hosts are hit. Default: every service.'),
        hosts: hostSelection,
        for: duration().describe('For this long.'),
      })
      .describe('The host disk is full: log files and disk buffers cannot grow.'),
  })
  .refine(oneWhen, WHEN_MESSAGE)
  .describe('A full disk.');

// ── Loki cluster faults (issue 4): applied by the Loki backend, ignored by other backends. ──
const nodeCrashFault = z
  .strictObject({
    ...when,
    node_crash: z
      .strictObject({
        component: z
          .enum(['ingester', 'distributor'])
          .default('ingester')
          .describe('What crashes. Default ingester.'),
        index: z.int().nonnegative().default(0).describe('Which one (0-based). Default 0.'),
        restart_after: duration()
          .optional()
          .describe('It restarts this long after (an ingester with WAL then replays). Default: stays down.'),
      })
      .describe('A Loki node process dies.'),
  })
  .refine(oneWhen, WHEN_MESSAGE)
  .describe('A Loki node crash.');

const rollingRestartFault = z
  .strictObject({
    at: duration().describe('When the rollout starts.'),
    rolling_restart: z
      .strictObject({
        spacing: duration()
          .default(5 * 60_000_000)
          .describe('Time between two ingesters. Default 5m.'),
        downtime: duration().default(60_000_000).describe('How long each ingester is down. Default 1m.'),
      })
      .describe('Every ingester is restarted in turn (a rollout).'),
  })
  .describe('A rolling restart of the ingesters.');

const scaleFault = z
  .strictObject({
    at: duration().describe('When the ring changes.'),
    scale: z
      .strictObject({
        ingesters: z
          .int()
          .refine((n) => n !== 0, { message: 'expected a non-zero change' })
          .describe('Ingesters added (> 0) or removed (< 0).'),
      })
      .describe('Ingesters join or leave the ring; streams re-home.'),
  })
  .describe('A scale-up or scale-down.');

const partitionFault = z
  .strictObject({
    at: duration().describe('When the partition starts.'),
    partition: z
      .strictObject({
        ingesters: z
          .array(z.int().nonnegative())
          .optional()
          .describe('Ingesters unreachable from the distributors. Give this, or service/hosts.'),
        service: z
          .string()
          .optional()
          .describe('Hosts of this service are cut off from the backend. Default: every service.'),
        hosts: z
          .union([z.literal('all'), z.int().positive(), z.array(z.int().nonnegative()).min(1)])
          .optional()
          .describe('Hosts cut off from the backend: all, the first N, or a list.'),
        for: duration().describe('For this long.'),
      })
      .describe(
        'A network partition: ingesters unreachable from distributors, or hosts cut off from the backend.',
      ),
  })
  .describe('A network partition.');

const deployFault = z
  .strictObject({
    at: duration().describe('When the deploy happens.'),
    deploy: z
      .strictObject({
        service: z.string().optional().describe('The service deployed. Default: every service.'),
        add_labels: z
          .array(z.string())
          .default([])
          .describe('Label names the new version adds (e.g. request_id). Default none.'),
        remove_labels: z.array(z.string()).default([]).describe('Label names it removes. Default none.'),
      })
      .describe(
        'A deploy: label values with churn on_deploy change (pod names), and the label set may change.',
      ),
  })
  .describe('A deploy.');

// ── Queries (decisions 05a, 10; user-needs item 12). Defaults: reference/facts.md §2e, §2f; sim/query/query-path-config.ts. ──
const query = z
  .strictObject({
    name: name('query'),
    every: duration().optional().describe('One query per this interval (give `every` or `rate`).'),
    rate: rate().optional().describe('Queries per second, e.g. `2/m` (give `every` or `rate`).'),
    arrival: z
      .enum(['periodic', 'poisson'])
      .default('periodic')
      .describe(
        'periodic: a dashboard refresh or an alert rule, at a fixed interval from a random phase; poisson: independent users. Default periodic.',
      ),
    range: duration({ min: '1s' }).describe(
      'Time range each query covers, ending when it runs (e.g. `1h`, `24h`).',
    ),
    match: z
      .record(z.string(), z.string())
      .default({})
      .describe(
        'Label matchers, all equalities, e.g. `{service: api, level: error}`. Default {} (every stream).',
      ),
    contains: z
      .string()
      .optional()
      .describe(
        'A needle query: grep for this text and find one planted needle line (give `contains` or `count_by`).',
      ),
    count_by: z
      .array(z.string())
      .optional()
      .describe(
        'An aggregate: count lines over the range by these labels, `sum by (…) (count_over_time(…))` (give `contains` or `count_by`).',
      ),
    filter: z
      .enum(['none', 'substring', 'regex'])
      .optional()
      .describe(
        'Line-filter cost class, per core: none ≈183 MB/s, substring (`|=`) ≈66 MB/s (assumption), regex (`|~`) ≈24 MB/s; ' +
          'the two measured ends are derived from one third-party benchmark (facts.md §2f). Default substring for `contains`, none for `count_by`.',
      ),
    needle_min_age: dur(
      '1m',
      'A needle query looks for a random needle planted in its range at least this long before it runs. Default 1m.',
    ),
  })
  .refine((q) => (q.every === undefined) !== (q.rate === undefined), {
    message: 'expected exactly one of `every` (an interval) or `rate` (queries per second)',
  })
  .refine((q) => (q.contains === undefined) !== (q.count_by === undefined), {
    message: 'expected exactly one of `contains` (a needle query) or `count_by` (an aggregate)',
  })
  .describe('A class of queries run alongside ingest.');

const queryPath = z
  .strictObject({
    split_queries_by_interval: dur(
      '1h',
      'The frontend splits a query into one sub-query per interval. Default 1h (Loki split_queries_by_interval).',
    ),
    max_query_parallelism: z
      .int()
      .positive()
      .default(128)
      .describe(
        'Shard requests of one query outstanding at once (queued or running). Default 128: Loki uses tsdb_max_query_parallelism (128) over TSDB periods, max_query_parallelism (32) elsewhere, weighted by range (pkg/querier/queryrange/limits.go WeightedParallelism); the index here is TSDB.',
      ),
    tsdb_max_bytes_per_shard: bytes(
      '600MiB',
      'TSDB dynamic sharding: each time split is cut by stream into the smallest power of two of shards that keeps each at or under this many uncompressed bytes (at most max_shards_per_split, at most one per stream). Default 600MB (Loki tsdb_max_bytes_per_shard, 600 << 20).',
    ),
    max_shards_per_split: z
      .int()
      .positive()
      .default(128)
      .describe(
        'Most shards one time split is cut into. Default 128 (Loki tsdb_max_query_parallelism; facts.md §2e).',
      ),
    max_outstanding_requests_per_tenant: z
      .int()
      .positive()
      .default(32_000)
      .describe(
        'Sub-queries the tenant queue holds; beyond it a query gets 429. Default 32000 (Loki ≥ 3.0 query-scheduler; 100 before 3.0, 2048 in the older frontend queue: grafana/loki upgrade guide, PR #5204).',
      ),
    queriers: z
      .int()
      .positive()
      .default(10)
      .describe('Querier replicas. Default 10 (Grafana sizing, < 3 TB/day tier).'),
    max_concurrent: z
      .int()
      .positive()
      .default(4)
      .describe('Sub-queries each querier runs at once. Default 4 (Loki querier.max_concurrent).'),
    query_ingesters_within: dur(
      '3h',
      'Sub-queries younger than this also read the ingesters. Default 3h (Loki query_ingesters_within).',
    ),
    query_timeout: dur('1m', 'A query still running after this fails. Default 1m (Loki query_timeout).'),
  })
  .prefault({})
  .describe('The read path: query frontend, tenant queue and queriers (used when `queries:` is set).');

/** Backends that can answer `queries:` (they expose a read view). */
const QUERYABLE_BACKENDS: readonly string[] = ['loki'];

const fault = z
  .union([
    outageFault,
    chattyFault,
    networkStallFault,
    agentCrashFault,
    diskFullFault,
    nodeCrashFault,
    rollingRestartFault,
    scaleFault,
    partitionFault,
    deployFault,
  ])
  .describe('A scheduled fault.');

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional().describe('JSON Schema of this file, for editors.'),
    name: name('scenario'),
    description: z.string().optional().describe('What the scenario shows.'),
    seed: z.int().nonnegative().default(1).describe('Root seed of every random stream. Default 1.'),
    duration: duration({ min: '1s' }).describe('Virtual time to simulate (e.g. `1h`).'),
    fleet,
    agent,
    network,
    backend: backend.prefault({ kind: 'endpoint' }),
    faults: z.array(fault).default([]).describe('Faults, scheduled in virtual time.'),
    queries: z
      .array(query)
      .default([])
      .describe('Queries run alongside ingest (needs `backend.kind: loki`). Default none.'),
    query_path: queryPath,
    expect: expectationsSchema(),
    report: z
      .strictObject({
        interval: duration()
          .optional()
          .describe('Time-series resolution of the report. Default: duration / 240, at least 1s.'),
      })
      .prefault({})
      .describe('Report settings.'),
    variants: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .default({})
      .describe('Design variants: name → { "dotted.path": value } overrides of this scenario.'),
  })
  .superRefine((s, ctx) => {
    if (s.queries.length > 0 && !QUERYABLE_BACKENDS.includes(s.backend.kind)) {
      ctx.addIssue({
        code: 'custom',
        path: ['queries'],
        message: `queries need a backend that can answer them (kind: loki); backend.kind is ${s.backend.kind}`,
      });
    }
  })
  .describe('A logsim scenario: a design, the traffic of a fleet, the faults to survive.');

/** A validated scenario, every default filled in, every unit canonical (µs, bytes, per second). */
export type Scenario = z.output<typeof scenarioSchema>;
export type ServiceSpec = Scenario['fleet']['services'][number];
export type FaultSpec = Scenario['faults'][number];
/** The faults the Loki backend applies (sim/run/loki-settings.ts); other planners skip them. */
export type LokiFaultSpec = Extract<
  FaultSpec,
  | { node_crash: unknown }
  | { rolling_restart: unknown }
  | { scale: unknown }
  | { partition: unknown }
  | { deploy: unknown }
>;

/** Whether a fault is one of the Loki cluster faults. */
export function isLokiFault(f: FaultSpec): f is LokiFaultSpec {
  return 'node_crash' in f || 'rolling_restart' in f || 'scale' in f || 'partition' in f || 'deploy' in f;
}
