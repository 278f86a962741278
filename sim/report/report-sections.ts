/**
 * What an architect asked a run, read off its report for every human-facing
 * output (terminal summary, report.md): the bill, each query, the backend's
 * own key figures, and the bottleneck — the component that gave way first.
 * Pure functions over report.json's shape, so each output says the same.
 */
import { formatBytes, formatSeconds } from './format-units.ts';
import type { Report } from './report.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const n = (x: number): string => x.toLocaleString('en-US');
/** The entries of a reason → count map that counted something, largest first (ties by name). */
function positiveCounts(value: unknown): [string, number][] {
  if (!isObj(value)) return [];
  return Object.entries(value)
    .map(([k, v]): [string, number] => [k, num(v) ?? 0])
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
const countsText = (counts: readonly [string, number][]): string =>
  counts.length === 0 ? 'none' : counts.map(([k, v]) => `${k} ${n(v)}`).join(', ');
const usd = (x: number): string =>
  `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The monthly bill: its total and its biggest lines, or why there is none. */
export interface BillSummary {
  readonly monthlyUsd: number | undefined;
  /** Up to three lines, largest first: "querier compute m6i.large". */
  readonly biggest: readonly { readonly what: string; readonly usd: number }[];
  /** Why the run has no bill, when it has none. */
  readonly missing: string | undefined;
}

export function billOf(report: Report): BillSummary {
  const cost = report.cost;
  if (!isObj(cost) || num(cost.monthly) === undefined)
    return {
      monthlyUsd: undefined,
      biggest: [],
      missing: `not billed: backend.kind ${typeof report.backend.kind === 'string' ? report.backend.kind : 'of this run'} has no cost model yet`,
    };
  const lines = Array.isArray(cost.lines) ? cost.lines.filter(isObj) : [];
  const biggest = lines
    .map((l) => ({
      what: [l.component, l.requestKind ?? l.category, l.item].filter((x) => typeof x === 'string').join(' '),
      usd: num(l.usd) ?? 0,
    }))
    .sort((a, b) => b.usd - a.usd || a.what.localeCompare(b.what))
    .slice(0, 3);
  return { monthlyUsd: num(cost.monthly), biggest, missing: undefined };
}

/** One query class's answer. */
export interface QuerySummary {
  readonly name: string;
  readonly count: number;
  readonly completed: number;
  readonly p50: number | undefined;
  readonly p99: number | undefined;
  /** Share of needles asked that were found (needle queries), undefined for aggregates. */
  readonly found: number | undefined;
  readonly timedOut: number;
  readonly rejected429: number;
}

export function queriesOf(report: Report): QuerySummary[] {
  const queries = report.queries;
  if (!isObj(queries)) return [];
  return Object.entries(queries)
    .filter((e): e is [string, Obj] => isObj(e[1]))
    .map(([name, q]) => ({
      name,
      count: num(q.count) ?? 0,
      completed: num(q.completed) ?? num(q.count) ?? 0,
      p50: num(q.p50),
      p99: num(q.p99),
      found: num(q.found),
      timedOut: num(q.timedOut) ?? 0,
      rejected429: num(q.rejected429) ?? 0,
    }));
}

/** The columns of the queries table every page shows. */
export const QUERY_TABLE_HEADERS = [
  'query',
  'answered',
  'p50',
  'p99',
  'needles found',
  'timed out',
  'refused (429)',
] as const;

/** One row per query class, under {@link QUERY_TABLE_HEADERS}. */
export function queryTableRows(queries: readonly QuerySummary[]): string[][] {
  return queries.map((q) => [
    q.name,
    `${n(q.completed)} of ${n(q.count)}`,
    q.p50 === undefined ? '–' : formatSeconds(q.p50),
    q.p99 === undefined ? '–' : formatSeconds(q.p99),
    q.found === undefined ? '–' : `${(100 * q.found).toFixed(0)}%`,
    n(q.timedOut),
    n(q.rejected429),
  ]);
}

/** The bill's biggest lines as [what, USD a month] rows. */
export function billTableRows(bill: BillSummary): string[][] {
  return bill.biggest.map((b) => [b.what, b.usd.toFixed(2)]);
}

/** The bottleneck as a sentence, "none: …" when nothing gave way. */
export function bottleneckText(report: Report): string {
  return bottleneckOf(report) ?? 'none: no component saturated and nothing was refused';
}

/** A query's answer in a phrase: "p50 1.2s, p99 3.4s, found 100%, 2 timed out". */
export function queryPhrase(q: QuerySummary): string {
  const parts = [
    `${n(q.completed)} of ${n(q.count)} answered`,
    q.p50 === undefined ? 'no latency (none answered)' : `p50 ${formatSeconds(q.p50)}`,
    ...(q.p99 === undefined ? [] : [`p99 ${formatSeconds(q.p99)}`]),
    ...(q.found === undefined ? [] : [`found ${(100 * q.found).toFixed(0)}%`]),
    ...(q.timedOut > 0 ? [`${n(q.timedOut)} timed out`] : []),
    ...(q.rejected429 > 0 ? [`${n(q.rejected429)} refused (429)`] : []),
  ];
  return parts.join(', ');
}

/** The backend's key figures as [figure, value] rows (Loki or Elasticsearch; others: none). */
export function backendFigures(report: Report): [string, string][] {
  const loki = report.loki;
  const es = report.elastic;
  const rows: [string, string][] = [];
  if (isObj(loki)) {
    const get = (k: string): number => num(loki[k]) ?? 0;
    rows.push(
      ['Loki active streams, peak', n(get('activeStreamsPeak'))],
      ['Loki streams created', n(get('streamsCreated'))],
      [
        'Loki ingester memory peak / limit',
        `${formatBytes(get('ingesterMemoryPeakBytes'))} / ${formatBytes(get('ingesterMemoryLimitBytes'))}`,
      ],
      [
        'Loki chunk objects stored (mean size)',
        `${n(get('objects'))} (${formatBytes(get('avgChunkBytes'))})`,
      ],
      ['Loki OOM kills', n(get('oomKills'))],
    );
    rows.push(['Loki lines refused, by reason', countsText(positiveCounts(loki.rejected))]);
  }
  if (isObj(es)) {
    const get = (k: string): number => num(es[k]) ?? 0;
    rows.push(
      ['Elasticsearch documents indexed', n(get('docsIndexed'))],
      ['Elasticsearch bulks refused, by error', countsText(positiveCounts(report.backend.bulksRefused))],
      ['Elasticsearch write queue peak (operations)', n(get('writeQueuePeak'))],
      ['Elasticsearch mapped fields', n(get('mappingFields'))],
      ['Elasticsearch primary shards × (1 + replicas)', `${n(get('shards'))} × ${n(1 + get('replicas'))}`],
      ['Elasticsearch disk use peak (worst node)', `${(100 * get('diskSharePeak')).toFixed(1)}%`],
    );
  }
  return rows;
}

/**
 * What gave way first, in a sentence, or undefined when nothing did: a
 * scheduled outage (backend_down, the endpoint's outage), a full endpoint
 * queue, Loki's distributors or ingesters saturating, its tenant limits
 * refusing lines, Elasticsearch refusing bulks or indexing flat out.
 */
export function bottleneckOf(report: Report): string | undefined {
  // An outage the scenario scheduled comes first: it, not a component, is what refused the writes.
  const down = report.backendDown;
  if (isObj(down) && ((num(down.requestsRefused) ?? 0) > 0 || (num(down.requestsUnanswered) ?? 0) > 0))
    return (
      `backend_down: ${n((num(down.requestsRefused) ?? 0) + (num(down.requestsUnanswered) ?? 0))} pushes failed ` +
      `while the write path was down (${formatSeconds(num(down.secondsDown) ?? 0)} in all)`
    );
  const b = report.backend;
  const outage = (num(b.requestsRefusedOutage) ?? 0) + (num(b.requestsTimedOutOutage) ?? 0);
  if (outage > 0) return `endpoint outage: ${n(outage)} pushes refused or unanswered`;
  if ((num(b.requestsRefusedQueueFull) ?? 0) > 0)
    return `endpoint queue full: ${n(num(b.requestsRefusedQueueFull) ?? 0)} pushes refused (503)`;
  const loki = report.loki;
  if (isObj(loki)) {
    const cap = isObj(loki.capacity) ? loki.capacity : undefined;
    const first = cap?.saturatedFirst;
    if (typeof first === 'string') {
      const part = cap !== undefined && isObj(cap[`${first}s`]) ? (cap[`${first}s`] as Obj) : undefined;
      const at = num(part?.saturatedAtSeconds);
      const backlog = num(part?.backlogPeakSeconds);
      return (
        `Loki ${first}s saturated first` +
        (at === undefined ? '' : ` at ${formatSeconds(at)}`) +
        (backlog === undefined ? '' : ` (CPU backlog peak ${formatSeconds(backlog)})`)
      );
    }
    const worst = positiveCounts(loki.rejected)[0];
    if (worst !== undefined) return `Loki limits: ${n(worst[1])} lines refused as ${worst[0]}`;
  }
  if (isObj(report.elastic)) {
    const worst = positiveCounts(report.backend.bulksRefused)[0];
    if (worst !== undefined) return `Elasticsearch data nodes: ${n(worst[1])} bulks refused (${worst[0]})`;
    // Nothing refused, yet the write pools never rest: indexing is the limit, and the lag shows it.
    const busy = num(report.backend.utilization);
    if (busy !== undefined && busy >= SATURATED_UTILIZATION)
      return `Elasticsearch data nodes: write pools busy ${(100 * busy).toFixed(0)}% of the run (indexing capacity; lag p99 ${formatSeconds(report.lag.p99)})`;
  }
  return undefined;
}

/** Utilization past which a pool that refused nothing still counts as the bottleneck. */
const SATURATED_UTILIZATION = 0.95;

/** A bill in a phrase: "$1,181.65 a month; biggest: querier compute m6i.large $700.80, …". */
export function billPhrase(bill: BillSummary): string {
  if (bill.monthlyUsd === undefined) return bill.missing ?? 'not billed';
  const biggest = bill.biggest.map((b) => `${b.what} ${usd(b.usd)}`).join(', ');
  return `${usd(bill.monthlyUsd)} a month${biggest === '' ? '' : `; biggest: ${biggest}`}`;
}

/** Every leaf of a nested figure as a dotted key: { a: { b: 1 } } → [['a.b', '1']]. */
export function flatFigures(prefix: string, value: unknown): [string, string][] {
  if (isObj(value))
    return Object.entries(value).flatMap(([k, v]) => flatFigures(prefix === '' ? k : `${prefix}.${k}`, v));
  if (Array.isArray(value))
    return [[prefix, value.length <= 8 ? value.map(String).join(', ') : `${value.length} values`]];
  return [[prefix, typeof value === 'number' ? n(value) : String(value)]];
}
