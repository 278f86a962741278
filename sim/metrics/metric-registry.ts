/**
 * The metrics a scenario can assert on (`expect:`) and a comparison ranks
 * variants by: each name says where its number lives in a report.json,
 * in which unit, and which direction is better.
 *
 *   expect: { lag.p99: "< 30s" } ──resolveMetric("lag.p99")──▶ MetricDef ──read(report)──▶ 0.897 (s)
 *
 * Two kinds of entries:
 * - fixed names (`lines_lost`, `lag.p99`), in {@link METRICS};
 * - families of names with a variable part (`lost.<cause>`,
 *   `query.<name>.p99`), in {@link METRIC_FAMILIES}: a family turns a name
 *   into a MetricDef, or says it is not one of its own.
 *
 * To add a backend's metrics, add entries to these two lists (one object
 * each): the scenario schema, the expectation checker, the comparison tables
 * and `sim schema` all read them from here.
 *
 * Reading is by key path with a presence check, so a metric whose key a model
 * does not produce yet (e.g. `app.stallSeconds` before the application-stall
 * model) reads as `undefined` — "not measured" — never as a silent 0.
 */
import { LOSS_CAUSES } from '../ledger/loss-cause.ts';

/**
 * What a metric reads: report.json as data. Metrics sit below the report (the
 * scenario validates `expect:` names against them), so they know its keys,
 * never its TypeScript type.
 */
export type ReportData = object;

/**
 * The unit family of a metric, which decides how thresholds are written:
 * - `lines`: a count of log lines; a threshold is a count (`0`, `10k`) or a
 *   share of the lines emitted (`0.1%`);
 * - `duration`: seconds; thresholds like `500ms`, `30s`;
 * - `bytes`: thresholds like `64MiB`;
 * - `count`: a plain count (requests, retries); thresholds like `100`, `1k`;
 * - `share`: a fraction in [0, 1]; thresholds like `99.9%` or `0.999`;
 * - `usd`: money, US dollars (a monthly bill); thresholds like `500`, `$1.2k`.
 */
export type MetricKind = 'lines' | 'duration' | 'bytes' | 'count' | 'share' | 'usd';

/** One metric: where to read it and how to judge it. */
export interface MetricDef {
  /** The name used in `expect:` and in tables. */
  readonly name: string;
  readonly kind: MetricKind;
  /** One line for tables, docs and `sim schema`. */
  readonly description: string;
  /** Which direction is an improvement (marks the better variant in tables). */
  readonly better: 'lower' | 'higher';
  /** A key figure: shown in the comparison table and charts of every run. */
  readonly key: boolean;
  /** What a table says for a run that did not measure it, when that means something ("not billed"). */
  readonly unmeasured?: string;
  /** The value in the kind's canonical unit (lines, s, bytes, count, fraction), or undefined if the run did not measure it. */
  read(report: ReportData): number | undefined;
}

/** Names with a variable part, such as `lost.<cause>`. */
export interface MetricFamily {
  /** How the names look, for error messages and docs: `lost.<cause>`. */
  readonly pattern: string;
  readonly description: string;
  /** A few concrete names, offered as suggestions. */
  examples(): readonly string[];
  /** The metric `name` denotes, or undefined when the name is not of this family. */
  resolve(name: string): MetricDef | undefined;
}

/**
 * Reads a number at a dotted key path of the report (`app.stallSeconds`);
 * undefined when any key on the way is absent or the value is not a finite number.
 */
export function readReportPath(report: ReportData, path: string): number | undefined {
  let value: unknown = report;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function metric(
  name: string,
  kind: MetricKind,
  path: string,
  description: string,
  options: { better?: 'lower' | 'higher'; key?: boolean; unmeasured?: string } = {},
): MetricDef {
  return {
    name,
    kind,
    description,
    better: options.better ?? 'lower',
    key: options.key ?? false,
    ...(options.unmeasured !== undefined ? { unmeasured: options.unmeasured } : {}),
    read: (report) => readReportPath(report, path),
  };
}

/** Every fixed-name metric, in the order tables show them. */
export const METRICS: readonly MetricDef[] = [
  metric('lines_lost', 'lines', 'ledger.lostTotal', 'Lines lost, every cause together.', { key: true }),
  // Beside the loss, what was delivered and what was still on its way: a design that delivered a
  // third of its lines and holds the rest loses nothing yet, and is not the better one for it.
  {
    name: 'delivered_share',
    kind: 'share',
    description: 'Share of the lines emitted that were delivered by the end of the run.',
    better: 'higher',
    key: true,
    read: (report) => {
      const emitted = readReportPath(report, 'ledger.emitted');
      const delivered = readReportPath(report, 'ledger.delivered');
      return emitted === undefined || delivered === undefined || emitted === 0
        ? undefined
        : delivered / emitted;
    },
  },
  metric('in_flight', 'lines', 'ledger.inFlight', 'Lines neither delivered nor lost when the run ended.', {
    key: true,
  }),
  metric(
    'duplicates',
    'lines',
    'ledger.duplicates',
    'Lines delivered more than once (counted per extra delivery).',
    { key: true },
  ),
  metric('lag.p50', 'duration', 'lag.p50', 'Median ingest lag: emit to acknowledged by the backend.', {
    key: true,
  }),
  metric('lag.p99', 'duration', 'lag.p99', '99th-percentile ingest lag.', { key: true }),
  metric(
    'app_stall',
    'duration',
    'app.stallSeconds',
    'Time the application was blocked by its logger (per host, worst host).',
    { key: true },
  ),
  metric('agent.buffer_peak', 'bytes', 'agent.bufferPeakBytes', "Peak of the agent's buffer, per host.", {
    key: true,
  }),
  metric(
    'agent.disk_peak',
    'bytes',
    'agent.diskPeakBytes',
    "Peak of the agent's disk buffer (spill), per host.",
  ),
  // What any backend stores and spends, from its report's `store` section: Loki's labels and
  // chunks side by side with Elasticsearch's mapped fields, postings and _source.
  metric(
    'store.index_bytes',
    'bytes',
    'store.indexBytes',
    'Bytes of the index (Loki: labels only; Elasticsearch: postings and doc values, every copy).',
    { key: true },
  ),
  metric(
    'store.body_bytes',
    'bytes',
    'store.bodyBytes',
    'Bytes of the line bodies stored (Loki: chunks; Elasticsearch: _source, every copy).',
    { key: true },
  ),
  metric(
    'store.indexed_fields',
    'count',
    'store.indexedFields',
    'Fields the index can answer (Loki: label names; Elasticsearch: mapped fields).',
    { key: true, better: 'higher' },
  ),
  metric(
    'ingest.cpu',
    'duration',
    'store.ingestCpuSeconds',
    'Core-seconds the backend spent writing (indexing, ingest parsing), where the model counts them.',
    { key: true, unmeasured: 'not modelled' },
  ),
  metric('lines_delivered', 'lines', 'ledger.delivered', 'Lines delivered (once).', { better: 'higher' }),
  metric('lines_emitted', 'lines', 'ledger.emitted', 'Lines written by the applications.', {
    better: 'higher',
  }),
  metric('lag.max', 'duration', 'lag.max', 'Largest ingest lag.'),
  metric('lag.mean', 'duration', 'lag.mean', 'Mean ingest lag.'),
  metric('agent.retries', 'count', 'agent.retries', 'Push retries, all hosts.', { key: true }),
  metric('agent.timeouts', 'count', 'agent.timeouts', 'Push requests that timed out, all hosts.'),
  metric(
    'agent.batches_given_up',
    'count',
    'agent.batchesGivenUp',
    'Batches dropped after the retry budget, all hosts.',
  ),
  metric('needles_lost', 'count', 'ledger.needles.lost', 'Needle lines (the ones a query looks for) lost.'),
];

/** Loss causes as metrics: `lost.dropped_when_full` and friends. */
const lostByCause: MetricFamily = {
  pattern: 'lost.<cause>',
  description: `Lines lost to one cause (${Object.keys(LOSS_CAUSES).join(', ')}).`,
  examples: () => Object.keys(LOSS_CAUSES).map((c) => `lost.${c}`),
  resolve(name) {
    const cause = name.startsWith('lost.') ? name.slice('lost.'.length) : undefined;
    if (cause === undefined || !Object.hasOwn(LOSS_CAUSES, cause)) return undefined;
    return {
      name,
      kind: 'lines',
      description: LOSS_CAUSES[cause as keyof typeof LOSS_CAUSES],
      better: 'lower',
      key: false,
      // A cause absent from the ledger lost nothing: the ledger lists every cause that occurred.
      read: (report) => readReportPath(report, `ledger.lost.${cause}`) ?? 0,
    };
  },
};

/** What each `query.<name>.<figure>` reads from `queries.<name>` of report.json (sim/loki/query-stats.ts). */
const QUERY_FIGURES: Readonly<
  Record<string, { kind: MetricKind; key: string; better: 'lower' | 'higher'; description: string }>
> = {
  p50: {
    kind: 'duration',
    key: 'p50',
    better: 'lower',
    description: 'median latency of answered queries, queueing included',
  },
  p95: {
    kind: 'duration',
    key: 'p95',
    better: 'lower',
    description: '95th-percentile latency of answered queries',
  },
  p99: {
    kind: 'duration',
    key: 'p99',
    better: 'lower',
    description: '99th-percentile latency of answered queries',
  },
  found: {
    kind: 'share',
    key: 'found',
    better: 'higher',
    description: 'share of needle queries that found their needle',
  },
  rejected429: {
    kind: 'count',
    key: 'rejected429',
    better: 'lower',
    description: 'queries refused with 429 (tenant queue full)',
  },
  timedOut: {
    kind: 'count',
    key: 'timedOut',
    better: 'lower',
    description: 'queries that ran past query_timeout',
  },
  hostsMissed: {
    kind: 'count',
    key: 'hostsMissed',
    better: 'lower',
    description: 'hosts a fan-out query could not reach (ssh + grep)',
  },
  linesMissed: {
    kind: 'lines',
    key: 'linesMissed',
    better: 'lower',
    description: 'lines in range a fan-out query could not read: hosts down, or rotated away (ssh + grep)',
  },
  cpuSeconds: {
    kind: 'duration',
    key: 'cpuSeconds',
    better: 'lower',
    description: 'core-seconds spent answering the queries that answered',
  },
  bytesScanned: {
    kind: 'bytes',
    key: 'bytesScanned',
    better: 'lower',
    description: 'raw bytes decompressed and scanned by answered queries',
  },
};

/**
 * Per query class of `queries:`: `query.needle.p99`, `query.api-by-level.timedOut`.
 * The class name is everything between `query.` and the last dot (names may
 * hold dots). A class the run did not have, or a figure it left null (no
 * query answered, `found` of an aggregate), reads as not measured.
 */
const queryByClass: MetricFamily = {
  pattern: `query.<name>.<${Object.keys(QUERY_FIGURES).join('|')}>`,
  description:
    'A figure of one query class of `queries:` (latency quantiles in seconds, needles found, 429s, timeouts, bytes scanned).',
  examples: () => Object.keys(QUERY_FIGURES).map((f) => `query.<name>.${f}`),
  resolve(name) {
    if (!name.startsWith('query.')) return undefined;
    const dot = name.lastIndexOf('.');
    const cls = name.slice('query.'.length, dot);
    const figure = name.slice(dot + 1);
    if (cls.length === 0 || !Object.hasOwn(QUERY_FIGURES, figure)) return undefined;
    const def = QUERY_FIGURES[figure] as (typeof QUERY_FIGURES)[string];
    return {
      name,
      kind: def.kind,
      description: `Query class ${cls}: ${def.description}.`,
      better: def.better,
      key: false,
      read: (report) => {
        // By own keys, not a dotted path: a class name may contain dots.
        const queries = (report as Record<string, unknown>)['queries'];
        if (queries === null || typeof queries !== 'object' || !Object.hasOwn(queries, cls)) return undefined;
        const value: unknown = (queries as Record<string, Record<string, unknown>>)[cls]?.[def.key];
        return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
      },
    };
  },
};

/** Every family of metric names; backend modules add theirs with {@link registerMetrics}. */
export const METRIC_FAMILIES: MetricFamily[] = [lostByCause, queryByClass];

const fixedMetrics: MetricDef[] = [...METRICS];
const byName = new Map(fixedMetrics.map((m) => [m.name, m]));

/**
 * Adds a backend's metrics (sim/registry/backends.ts calls it for every module it
 * registers). A name already taken is a programming error: two models would
 * read one `expect:` key differently.
 */
export function registerMetrics(fixed: readonly MetricDef[], families: readonly MetricFamily[] = []): void {
  for (const m of fixed) {
    if (byName.has(m.name)) throw new Error(`metric ${m.name} is registered twice`);
    fixedMetrics.push(m);
    byName.set(m.name, m);
  }
  for (const f of families) {
    if (METRIC_FAMILIES.some((g) => g.pattern === f.pattern))
      throw new Error(`metric family ${f.pattern} is registered twice`);
    METRIC_FAMILIES.push(f);
  }
}

/** The metric a name denotes, fixed names first, then families; undefined if none. */
export function resolveMetric(name: string): MetricDef | undefined {
  const fixed = byName.get(name);
  if (fixed !== undefined) return fixed;
  for (const family of METRIC_FAMILIES) {
    const found = family.resolve(name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Every concrete name (fixed ones and family examples), for "did you mean". */
export function knownMetricNames(): string[] {
  return [...fixedMetrics.map((m) => m.name), ...METRIC_FAMILIES.flatMap((f) => f.examples())];
}

/** The key figures, in table order. */
export function keyMetrics(): MetricDef[] {
  return fixedMetrics.filter((m) => m.key);
}
