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
} from './units.ts';
import { expectationsSchema } from './expectation.ts';

const dur = (text: string, description: string) => duration().default(parseDuration(text)).describe(description);
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
      .describe('Distinct values: a count (`100k`) or `unique` (a new value on every line, like a request id).'),
    popularity: z
      .enum(['uniform', 'zipf'])
      .default('uniform')
      .describe('How often each value appears: uniform, or Zipf-distributed (a few hot values).'),
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
        sigma: z.number().nonnegative().default(0.6).describe('Lognormal shape σ of line sizes. Default 0.6.'),
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

const agent = z
  .strictObject({
    checkpoint_every: dur('10s', 'Offset checkpoint period. Default 10s (Promtail positions.sync_period; Alloy: fixed 10s).'),
    commit: z
      .enum(['on_ack', 'on_read'])
      .default('on_ack')
      .describe('Commit the offset once the backend acknowledged the lines (on_ack) or once read (on_read). Default on_ack.'),
    batch: z
      .strictObject({
        max_lines: z.int().positive().default(100_000).describe('Lines per batch at most. Default 100000 (Vector loki sink batch.max_events).'),
        max_bytes: bytes('1MiB', 'Bytes per batch at most. Default 1MiB (Promtail batchsize 1048576).'),
        linger: dur('1s', 'Send a partial batch after this wait. Default 1s (Promtail batchwait).'),
      })
      .prefault({})
      .describe('How the agent cuts batches.'),
    retry: z
      .strictObject({
        min_backoff: dur('500ms', 'First back-off. Default 500ms (Promtail/Alloy min_period).'),
        max_backoff: dur('5m', 'Back-off cap. Default 5m (Promtail/Alloy max_period).'),
        max_retries: z
          .union([z.int().nonnegative(), z.literal('unlimited')])
          .default(10)
          .describe('Retries before the batch is dropped (`unlimited` never gives up). Default 10 (Promtail/Alloy max_retries).'),
        max_elapsed: duration().optional().describe('Give up after retrying a batch this long (OTel max_elapsed_time). Default: no limit.'),
        jitter: z
          .enum(['none', 'full', 'equal'])
          .default('equal')
          .describe('Back-off randomisation: none, full ([0,d]) or equal ([d/2,d]). Default equal.'),
      })
      .prefault({})
      .describe('Retries of failed pushes (429, 5xx, time-outs).'),
    timeout: dur('10s', 'Per-request time-out. Default 10s (Promtail client timeout).'),
    max_in_flight: z.int().positive().default(1).describe('Requests on the wire at once per host. Default 1 (Promtail sends batches one at a time).'),
    buffer: z
      .strictObject({
        max_size: bytes('64MiB', 'Bytes read but not yet acknowledged, at most. Default 64MiB (the design sketch).'),
        max_events: z.int().positive().optional().describe('Lines buffered at most. Default: no line limit.'),
        when_full: z
          .enum(['block', 'drop_newest', 'drop_oldest'])
          .default('block')
          .describe('When full: block (stop reading), drop_newest, or drop_oldest. Default block (Vector buffer.when_full).'),
      })
      .prefault({})
      .describe("The agent's buffer between reader and sender."),
    idle_poll: dur('1s', 'How often an idle agent looks at its files again. Default 1s.'),
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
          .describe('Lines per second per node. Default 110k/s (single-node Elasticsearch, seq-db benchmark).'),
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

const backend = z.discriminatedUnion('kind', [endpointBackend]).describe('Where the agents ship to.');

const outageFault = z
  .strictObject({
    at: duration().describe('When the fault starts.'),
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
  .describe('A backend outage.');

const chattyFault = z
  .strictObject({
    at: duration().describe('When the fault starts.'),
    chatty: z
      .strictObject({
        service: z.string().describe('The service that gets chatty.'),
        factor: z.number().positive().describe('Its line rate is multiplied by this.'),
        for: duration().describe('For this long.'),
      })
      .describe('A service writes many times more lines for a while.'),
  })
  .describe('A chatty service.');

const fault = z.union([outageFault, chattyFault]).describe('A scheduled fault.');

// ── Queries (decisions 05a, 10; user-needs item 12). Defaults: reference/facts.md §2e, §2f; sim/query/query-path-config.ts. ──
const query = z
  .strictObject({
    name: name('query'),
    every: duration().optional().describe('One query per this interval (give `every` or `rate`).'),
    rate: rate().optional().describe('Queries per second, e.g. `2/m` (give `every` or `rate`).'),
    arrival: z
      .enum(['periodic', 'poisson'])
      .default('periodic')
      .describe('periodic: a dashboard refresh or an alert rule, at a fixed interval from a random phase; poisson: independent users. Default periodic.'),
    range: duration({ min: '1s' }).describe('Time range each query covers, ending when it runs (e.g. `1h`, `24h`).'),
    match: z
      .record(z.string(), z.string())
      .default({})
      .describe('Label matchers, all equalities, e.g. `{service: api, level: error}`. Default {} (every stream).'),
    contains: z
      .string()
      .optional()
      .describe('A needle query: grep for this text and find one planted needle line (give `contains` or `count_by`).'),
    count_by: z
      .array(z.string())
      .optional()
      .describe('An aggregate: count lines over the range by these labels, `sum by (…) (count_over_time(…))` (give `contains` or `count_by`).'),
    filter: z
      .enum(['none', 'substring', 'regex'])
      .optional()
      .describe(
        'Line-filter cost class, per core: none ≈183 MB/s, substring (`|=`) ≈66 MB/s (assumption), regex (`|~`) ≈24 MB/s; ' +
          'the two measured ends are derived from one third-party benchmark (facts.md §2f). Default substring for `contains`, none for `count_by`.',
      ),
    needle_min_age: dur('1m', 'A needle query looks for a random needle planted in its range at least this long before it runs. Default 1m.'),
  })
  .refine((q) => (q.every === undefined) !== (q.rate === undefined), { message: 'expected exactly one of `every` (an interval) or `rate` (queries per second)' })
  .refine((q) => (q.contains === undefined) !== (q.count_by === undefined), { message: 'expected exactly one of `contains` (a needle query) or `count_by` (an aggregate)' })
  .describe('A class of queries run alongside ingest.');

const queryPath = z
  .strictObject({
    split_queries_by_interval: dur('1h', 'The frontend splits a query into one sub-query per interval. Default 1h (Loki split_queries_by_interval).'),
    max_query_parallelism: z.int().positive().default(32).describe('Sub-queries of one query outstanding at once. Default 32 (Loki max_query_parallelism).'),
    max_outstanding_requests_per_tenant: z
      .int()
      .positive()
      .default(32_000)
      .describe(
        'Sub-queries the tenant queue holds; beyond it a query gets 429. Default 32000 (Loki ≥ 3.0 query-scheduler; 100 before 3.0, 2048 in the older frontend queue: grafana/loki upgrade guide, PR #5204).',
      ),
    queriers: z.int().positive().default(10).describe('Querier replicas. Default 10 (Grafana sizing, < 3 TB/day tier).'),
    max_concurrent: z.int().positive().default(4).describe('Sub-queries each querier runs at once. Default 4 (Loki querier.max_concurrent).'),
    query_ingesters_within: dur('3h', 'Sub-queries younger than this also read the ingesters. Default 3h (Loki query_ingesters_within).'),
    query_timeout: dur('1m', 'A query still running after this fails. Default 1m (Loki query_timeout).'),
  })
  .prefault({})
  .describe('The read path: query frontend, tenant queue and queriers (used when `queries:` is set).');

/** Backends that can answer `queries:` (they expose a read view). */
const QUERYABLE_BACKENDS: readonly string[] = ['loki'];

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
    queries: z.array(query).default([]).describe('Queries run alongside ingest (needs `backend.kind: loki`). Default none.'),
    query_path: queryPath,
    expect: expectationsSchema(),
    report: z
      .strictObject({
        interval: duration().optional().describe('Time-series resolution of the report. Default: duration / 240, at least 1s.'),
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
      ctx.addIssue({ code: 'custom', path: ['queries'], message: `queries need a backend that can answer them (kind: loki); backend.kind is ${s.backend.kind}` });
    }
  })
  .describe('A logsim scenario: a design, the traffic of a fleet, the faults to survive.');

/** A validated scenario, every default filled in, every unit canonical (µs, bytes, per second). */
export type Scenario = z.output<typeof scenarioSchema>;
export type ServiceSpec = Scenario['fleet']['services'][number];
export type FaultSpec = Scenario['faults'][number];
