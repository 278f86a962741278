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
  parseSize,
  rate,
  share,
  size,
} from '../config/units.ts';
import {
  didYouMean,
  hostsBeyondService,
  tooManyFaultInstances,
  unknownService,
} from '../config/diagnostics.ts';

/** The most instances one recurring fault entry may plan over a run. */
export const MAX_FAULT_INSTANCES = 10_000;
import { expectationsSchema } from './expectation.ts';
import type { BackendSpec } from '../backend/backend-module.ts';
import type { FaultDef } from '../faults/fault-def.ts';
import {
  backendModule,
  backendModules,
  DEFAULT_BACKEND_KIND,
  registryGeneration,
} from '../registry/backends.ts';
import { faultDefOf, faultDefs, whyInert } from '../registry/faults.ts';
import { pricingSchema } from '../storage/pricing-schema.ts';

const dur = (text: string, description: string, positive?: string) =>
  duration(positive === undefined ? undefined : { positive })
    .default(parseDuration(text))
    .describe(description);
const bytes = (text: string, description: string, positive?: string) =>
  size(positive === undefined ? undefined : { positive })
    .default(parseSize(text))
    .describe(description);

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
      .union([z.literal('unique'), count({ min: 1 })])
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
    rate: rate({ positive: 'a service that writes no lines; remove it, or give it a rate' }).describe(
      'Lines per second written by each host (e.g. `50/s`).',
    ),
    line_size: z
      .strictObject({
        mean: bytes('220B', 'Mean line size in bytes. Default 220B.', 'a line has at least one byte'),
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
      .strictObject({
        every: duration({ positive: 'needles planted no time apart' }).describe(
          'Plant one needle line this often.',
        ),
      })
      .optional()
      .describe('Needle lines: single lines a query will look for, tracked one by one.'),
    sampling: z
      .strictObject({
        head: z
          .union([
            share(),
            z.strictObject({
              debug: share().default(1).describe('Share of debug lines kept. Default 1.'),
              info: share().default(1).describe('Share of info lines kept. Default 1.'),
              warn: share().default(1).describe('Share of warn lines kept. Default 1.'),
              error: share().default(1).describe('Share of error lines kept. Default 1.'),
            }),
          ])
          .describe(
            'Share of lines the SDK keeps at emit: one share for every line (decided by trace, or by line), or a share per level (decided by line).',
          ),
        by: z
          .enum(['trace', 'line'])
          .default('trace')
          .describe(
            'A single share decides whole traces (consistent, like OpenTelemetry TraceIdRatioBased) or each line. Default trace.',
          ),
        spans_per_trace: z
          .int()
          .positive()
          .default(10)
          .describe('Log lines per trace, for trace-consistent sampling. Default 10 (assumption).'),
      })
      .optional()
      .describe(
        'Head sampling at emit (decision 09): lines sampled out are never written; they are lost as sampled_head, needles (error lines) included. Default: none.',
      ),
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
        max_file_size: size({ positive: 'a file that rotates before it holds a line' })
          .optional()
          .describe('Rotate when the file reaches this size. Default: never by size.'),
        every: duration({ positive: 'a file rotated no time apart' })
          .optional()
          .describe('Rotate this often. Default: never by time.'),
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
    tick: dur(
      '1s',
      'Emission grid: line counts are drawn per tick and spread evenly inside it. Default 1s.',
      'a tick of no length would never advance the clock',
    ),
  })
  .describe('The fleet: services, hosts and the lines they write.');

// Agent fields have no zod default: an absent field takes the preset's value,
// else the generic default (sim/agent/presets.ts), so explicit and default
// stay distinguishable. The descriptions name the generic default and its source.
const optDur = (description: string) => duration().optional().describe(description);
const optBytes = (description: string, positive?: string) =>
  size(positive === undefined ? undefined : { positive })
    .optional()
    .describe(description);

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
        max_bytes: optBytes(
          'Bytes per batch at most. Default 1MiB (Promtail batchsize 1048576).',
          'a batch that holds no line',
        ),
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
          'a buffer that holds no line (the agent could never read)',
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
    bandwidth: byteRate({ positive: 'a network that carries nothing (for a cut-off, use a partition fault)' })
      .default(parseByteRate('1Gbps'))
      .describe('Per-host bandwidth. Default 1Gbps.'),
  })
  .prefault({})
  .describe('The path from each host to the backend.');

// ── Queries (decisions 05a, 10; user-needs item 12). Defaults: reference/facts.md §2e, §2f; sim/query/query-path-config.ts. ──
const query = z
  .strictObject({
    name: name('query'),
    every: duration({ positive: 'queries no time apart' })
      .optional()
      .describe('One query per this interval (give `every` or `rate`).'),
    rate: rate({ positive: 'a query that never runs; remove it' })
      .optional()
      .describe('Queries per second, e.g. `2/m` (give `every` or `rate`).'),
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
    age: duration()
      .optional()
      .describe(
        "Query data this old: the range ends `age` before the query runs (a look back at last month). The run holds only its own window, so the query reads the run's data as the steady state holds it at that age, from the tier that age lives on: its storage class on Loki (pricing.object_storage transitions), its ILM tier on Elasticsearch, with that tier's first-byte latency and throughput. Default 0 (the range ends now).",
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
    querier_cores: z
      .number()
      .positive()
      .default(1)
      .describe(
        'CPU cores of one querier: sub-queries running at once on it share them, so past this many each scans proportionally slower. Default 1 (Grafana sizing, < 3 TB/day tier: 1 CPU per querier; 1.5 in the larger tiers).',
      ),
    query_ingesters_within: dur(
      '3h',
      'Sub-queries younger than this also read the ingesters. Default 3h (Loki query_ingesters_within).',
    ),
    query_timeout: dur('1m', 'A query still running after this fails. Default 1m (Loki query_timeout).'),
  })
  .prefault({})
  .describe('The read path: query frontend, tenant queue and queriers (used when `queries:` is set).');

/** A validated `faults:` entry: when (`at`, or `every` for recurring ones), and one fault key with its body. */
export type FaultSpec = { readonly at?: number | undefined; readonly every?: number | undefined } & Readonly<
  Record<string, unknown>
>;

/** The fault key of an entry (`outage`, `chatty`, …). */
export function faultKeyOf(entry: object): string | undefined {
  return Object.keys(entry).find((k) => k !== 'at' && k !== 'every');
}

// Every fault happens `at` one instant, or — for the types that may recur —
// about `every` so often (Poisson instants drawn before the run, so design
// variants see the same faults).
const oneWhen = (f: { at?: number | undefined; every?: number | undefined }) =>
  (f.at === undefined) !== (f.every === undefined);
const WHEN_MESSAGE = { message: 'expected exactly one of `at` (an instant) or `every` (a mean interval)' };

function faultEntry(def: FaultDef) {
  if (!def.recurs) {
    const recurring = faultDefs()
      .filter((d) => d.recurs)
      .map((d) => d.key);
    return z
      .strictObject({
        at: duration().describe('When the fault starts.'),
        // Written only to say why it is refused: the type happens once.
        every: z
          .never({
            error: `${def.key} happens once, at the time given by \`at\`; it does not recur (the types that may recur with \`every\`: ${recurring.join(', ')})`,
          })
          .optional()
          .describe(`Not allowed: ${def.key} does not recur.`),
        [def.key]: def.body,
      })
      .describe(def.description);
  }
  return z
    .strictObject({
      at: duration().optional().describe('When the fault starts (give `at` or `every`).'),
      every: duration({ positive: 'a fault recurring no time apart' })
        .optional()
        .describe('Recur at random, on average this often, from the `faults` stream (give `at` or `every`).'),
      [def.key]: def.body,
    })
    .refine(oneWhen, WHEN_MESSAGE)
    .describe(def.description);
}

/** The `faults:` entry union, from every registered fault type (sim/registry/faults.ts). */
function faultUnion(): z.ZodType<FaultSpec> {
  const [first, ...rest] = faultDefs().map(faultEntry);
  if (first === undefined) throw new Error('no fault types registered');
  // Each entry schema outputs `{ at?, every?, [key]: body }`, which is a FaultSpec.
  return z.union([first, ...rest]).describe('A scheduled fault.');
}

/** The `backend:` union, from every registered backend module (sim/registry/backends.ts). */
function backendUnion(): z.ZodType<BackendSpec> {
  const schemas = backendModules().map((m) => m.schema);
  // Each module's schema is a strict object with `kind: z.literal(kind)`: the discriminated union's contract.
  const options = schemas as unknown as [z.ZodObject<{ kind: z.ZodLiteral<string> }>];
  return z.discriminatedUnion('kind', options).describe('Where the agents ship to.');
}

/** Builds the scenario schema from the registered backends and fault types. */
function buildScenarioSchema() {
  return z
    .strictObject({
      $schema: z.string().optional().describe('JSON Schema of this file, for editors.'),
      name: name('scenario'),
      description: z.string().optional().describe('What the scenario shows.'),
      seed: z.int().nonnegative().default(1).describe('Root seed of every random stream. Default 1.'),
      duration: duration({ min: '1s' }).describe('Virtual time to simulate (e.g. `1h`).'),
      fleet,
      agent,
      network,
      backend: backendUnion().prefault({ kind: DEFAULT_BACKEND_KIND }),
      faults: z.array(faultUnion()).default([]).describe('Faults, scheduled in virtual time.'),
      queries: z
        .array(query)
        .default([])
        .describe(
          'Queries run alongside ingest (needs a backend that answers them, such as `kind: loki`). Default none.',
        ),
      query_path: queryPath,
      expect: expectationsSchema(),
      report: z
        .strictObject({
          interval: duration({ positive: 'a series of no resolution' })
            .optional()
            .describe('Time-series resolution of the report. Default: duration / 240, at least 1s.'),
        })
        .prefault({})
        .describe('Report settings.'),
      variants: z
        .record(z.string(), z.record(z.string(), z.unknown()))
        .default({})
        .describe('Design variants: name → { "dotted.path": value } overrides of this scenario.'),
      // Optional, not defaulted: a scenario without it validates (and hashes) as before; the bill then uses the built-in prices.
      pricing: pricingSchema.optional(),
    })
    .superRefine((s, ctx) => {
      const backend = backendModule(s.backend.kind);
      if (s.queries.length > 0 && !backend.answersQueries) {
        const able = backendModules()
          .filter((m) => m.answersQueries)
          .map((m) => m.kind);
        ctx.addIssue({
          code: 'custom',
          path: ['queries'],
          message: `queries need a backend that can answer them (kind: ${able.join(' or ')}); backend.kind is ${s.backend.kind}`,
        });
      }
      // A fault nothing in the design acts on would leave the report as if it had not happened.
      const hostsOf = new Map(s.fleet.services.map((svc) => [svc.name, svc.hosts]));
      s.faults.forEach((f, i) => {
        const key = faultKeyOf(f);
        const def = key === undefined ? undefined : faultDefOf(key);
        if (key === undefined || def === undefined) return;
        const why = whyInert(def, backend);
        if (why !== undefined) ctx.addIssue({ code: 'custom', path: ['faults', i, key], message: why });
        // A recurring fault is planned instance by instance before the run: bound their number.
        if (f.every !== undefined && f.every > 0 && s.duration / f.every > MAX_FAULT_INSTANCES)
          ctx.addIssue({
            code: 'custom',
            path: ['faults', i, 'every'],
            message: tooManyFaultInstances(s.duration / f.every, MAX_FAULT_INSTANCES),
          });
        // …and so would one aimed at a service or hosts the fleet does not have.
        const body = f[key] as Record<string, unknown>;
        const service = body.service;
        if (typeof service === 'string' && !hostsOf.has(service)) {
          const names = [...hostsOf.keys()];
          const suggestion = didYouMean(service, names);
          ctx.addIssue({
            code: 'custom',
            path: ['faults', i, key, 'service'],
            message: unknownService(service, names),
            params: suggestion === undefined ? {} : { suggestion },
          });
          return;
        }
        const target = def.hostsOf?.(body);
        if (target === undefined || target.hosts === 'all') return;
        const hosts =
          target.service !== undefined
            ? (hostsOf.get(target.service) ?? 0)
            : Math.max(...s.fleet.services.map((svc) => svc.hosts));
        const asked = 'first' in target.hosts ? target.hosts.first : Math.max(...target.hosts.ids) + 1;
        if (asked > hosts)
          ctx.addIssue({
            code: 'custom',
            path: ['faults', i, key, 'hosts'],
            message: hostsBeyondService(target.service, hosts, target.hosts),
          });
      });
    })
    .describe('A logsim scenario: a design, the traffic of a fleet, the faults to survive.');
}

let cached: { generation: number; schema: ReturnType<typeof buildScenarioSchema> } | undefined;

/**
 * The scenario schema, built from the registries (rebuilt when a backend is
 * registered): the validator and the only source of the scenario's type.
 */
export function scenarioSchema(): ReturnType<typeof buildScenarioSchema> {
  const generation = registryGeneration();
  if (cached === undefined || cached.generation !== generation)
    cached = { generation, schema: buildScenarioSchema() };
  return cached.schema;
}

/** A validated scenario, every default filled in, every unit canonical (µs, bytes, per second). */
export type Scenario = z.output<ReturnType<typeof buildScenarioSchema>>;
export type ServiceSpec = Scenario['fleet']['services'][number];
