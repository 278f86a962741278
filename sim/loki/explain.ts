/**
 * `explain` (decision 05a): one query, two execution plans side by side.
 *
 *   Loki:     labels ─▶ streams ─▶ chunks in range ─▶ fetch (ingesters | object store) ─▶ decompress + grep
 *   inverted: terms ─▶ posting lists per shard ─▶ intersect ─▶ fetch hits | aggregate doc values
 *
 * Both are costed on the same data: the Loki read view at `nowUs`. The Loki
 * plan is a dry run of the sub-queries the frontend would schedule, each cut
 * into its TSDB shards (no GET is counted), with their latency as the
 * makespan of those shards over min(max_query_parallelism, querier slots)
 * lanes and no other query competing; the inverted-index plan counts documents (lines) per term in
 * the same streams and range.
 */
import { US_PER_SECOND } from '../engine/time.ts';
import type { IndexedStream, LokiReadView } from './read-view.ts';
import { matchesLabels } from './label-matcher.ts';
import {
  DEFAULT_INVERTED_INDEX_CONFIG,
  planInvertedIndex,
  type InvertedIndexConfig,
  type InvertedIndexPlan,
} from '../query/inverted-index-plan.ts';
import { DEFAULT_QUERY_PATH_CONFIG, type QueryPathConfig } from '../query/query-path-config.ts';
import { logqlOf, type QuerySpec } from '../query/query-spec.ts';
import { addSplitWork, emptySplitWork, planSplit } from './split-work.ts';
import { splitByInterval } from '../query/time-splits.ts';

/** The Loki plan's figures. */
export interface LokiPlan {
  readonly splits: number;
  /** Shard requests over all splits (TSDB dynamic sharding; equal to splits when none is sharded). */
  readonly shards: number;
  readonly streamsMatched: number;
  readonly chunks: number;
  readonly ingesterChunks: number;
  readonly bytesFetched: number;
  readonly rawBytesScanned: number;
  readonly gets: number;
  readonly cpuSeconds: number;
  readonly latencySeconds: number;
  readonly indexBytes: number;
}

/** Both plans for one query. */
export interface QueryExplanation {
  readonly query: string;
  readonly logql: string;
  readonly fromUs: number;
  readonly toUs: number;
  /** The needle looked for (needle queries), or undefined. */
  readonly needleTsUs: number | undefined;
  /** Whether the Loki plan finds it (needle queries). */
  readonly needleFound: boolean | undefined;
  readonly loki: LokiPlan;
  readonly invertedIndex: InvertedIndexPlan;
}

/** Explains `spec` as if it arrived at `nowUs`, over [nowUs − range, nowUs). */
export function explainQuery(
  view: LokiReadView,
  spec: QuerySpec,
  nowUs: number,
  options: { needleTsUs?: number; config?: QueryPathConfig; invertedIndex?: InvertedIndexConfig } = {},
): QueryExplanation {
  const config = options.config ?? DEFAULT_QUERY_PATH_CONFIG;
  const fromUs = Math.max(0, nowUs - spec.rangeUs);
  const request = {
    match: spec.match,
    filter: spec.filter,
    ...(options.needleTsUs !== undefined ? { needleTsUs: options.needleTsUs } : {}),
  };
  // Newest split first, shards in order, as the frontend schedules them; greedy list scheduling over the lanes.
  const splits = splitByInterval(fromUs, nowUs, config.splitIntervalUs).reverse();
  const lanes = new Array<number>(
    Math.max(1, Math.min(config.maxQueryParallelism, config.queriers * config.maxConcurrentPerQuerier)),
  ).fill(0);
  const total = emptySplitWork();
  let shards = 0;
  for (const split of splits) {
    const plan = planSplit(view, split, nowUs, request, config);
    addSplitWork(total, plan.total);
    for (const work of plan.shards) {
      shards++;
      let lane = 0;
      for (let i = 1; i < lanes.length; i++) if ((lanes[i] as number) < (lanes[lane] as number)) lane = i;
      lanes[lane] = (lanes[lane] as number) + work.durationUs;
    }
  }
  const loki: LokiPlan = {
    splits: splits.length,
    shards,
    streamsMatched: total.streams,
    chunks: total.storeChunks + total.ingesterChunks,
    ingesterChunks: total.ingesterChunks,
    bytesFetched: total.storeBytes,
    rawBytesScanned: total.rawBytesScanned,
    gets: total.storeChunks,
    cpuSeconds: round6(total.cpuUs / US_PER_SECOND),
    latencySeconds: round6(Math.max(...lanes) / US_PER_SECOND),
    indexBytes: view.indexBytes(),
  };

  // Documents per term, counted on the same streams and range.
  const termDocs = Object.entries(spec.match).map(([name, value]) =>
    linesIn(view, fromUs, nowUs, (s) => matchesLabels(s.labels, { [name]: value })),
  );
  const matchedDocs = linesIn(view, fromUs, nowUs, (s) => matchesLabels(s.labels, spec.match));
  const needle = spec.query.kind === 'needle';
  const hits = needle && total.needleFound ? 1 : 0;
  if (needle) {
    // One term per token of the needle text; a planted needle's tokens are taken to be unique to it.
    const tokens = spec.query.text.split(/\W+/).filter((t) => t.length > 0).length;
    for (let i = 0; i < Math.max(1, tokens); i++) termDocs.push(hits);
  }
  const invertedIndex = planInvertedIndex(
    {
      fromUs,
      toUs: nowUs,
      postings: termDocs,
      matchedDocs: needle ? hits : matchedDocs,
      fetchedDocs: hits,
      aggregate: !needle,
    },
    options.invertedIndex ?? DEFAULT_INVERTED_INDEX_CONFIG,
  );
  return {
    query: spec.name,
    logql: logqlOf(spec),
    fromUs,
    toUs: nowUs,
    needleTsUs: options.needleTsUs,
    needleFound: needle && options.needleTsUs !== undefined ? total.needleFound : undefined,
    loki,
    invertedIndex,
  };
}

/** Lines in [fromUs, toUs) of the streams `pick` selects: stored chunks plus one replica's unflushed data, pro rata to overlap. */
function linesIn(
  view: LokiReadView,
  fromUs: number,
  toUs: number,
  pick: (s: IndexedStream) => boolean,
): number {
  const last = Math.max(fromUs, toUs - 1);
  const share = (min: number, max: number): number => {
    if (max <= min) return 1;
    return Math.max(0, Math.min(max, last) - Math.max(min, fromUs) + 1) / (max - min + 1);
  };
  let lines = 0;
  for (const s of view.streams()) {
    if (!pick(s)) continue;
    for (const ref of view.storedChunks(s.id, fromUs, last))
      lines += ref.chunk.lines * share(ref.chunk.minTsUs, ref.chunk.maxTsUs) * s.multiplicity;
    const perIngester = new Map<number, number>();
    for (const ref of view.ingesterChunks(s.id, fromUs, last)) {
      perIngester.set(
        ref.ingester,
        (perIngester.get(ref.ingester) ?? 0) + ref.lines * share(ref.minTsUs, ref.maxTsUs),
      );
    }
    lines += Math.max(0, ...perIngester.values()) * s.multiplicity;
  }
  return Math.round(lines);
}

/** Three significant digits: a cost model's output is an estimate, not a measurement. */
function sig3(x: number): string {
  return x === 0 ? '0' : Number(x.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** The two plans as a side-by-side text table. */
export function formatExplanation(e: QueryExplanation): string {
  const l = e.loki;
  const x = e.invertedIndex;
  const rows: [string, string, string][] = [
    [
      'step 1',
      `labels → ${fmt(l.streamsMatched)} streams (index ${bytes(l.indexBytes)})`,
      `${fmt(x.termsLookedUp)} term lookups in ${fmt(x.shards)} shards of ${fmt(x.indices)} indices`,
    ],
    [
      'step 2',
      `${fmt(l.splits)} sub-queries in ${fmt(l.shards)} shards → ${fmt(l.chunks)} chunks (${fmt(l.ingesterChunks)} on ingesters)`,
      `${fmt(x.postingsInLists)} postings in lists, ${fmt(x.postingsRead)} read by the intersection`,
    ],
    [
      'fetch',
      `${fmt(l.gets)} GETs, ${bytes(l.bytesFetched)} from the object store`,
      `${fmt(x.docsFetched)} docs fetched`,
    ],
    [
      'scan',
      `${bytes(l.rawBytesScanned)} decompressed and grepped`,
      `${fmt(x.docsAggregated)} docs aggregated`,
    ],
    ['CPU', `${sig3(l.cpuSeconds)} core-s`, `${sig3(x.cpuSeconds)} core-s`],
    ['latency', `${sig3(l.latencySeconds)} s (alone, no queueing)`, `${sig3(x.latencySeconds)} s`],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max('Loki (labels → chunks → grep)'.length, ...rows.map((r) => r[1].length));
  const line = (a: string, b: string, c: string): string => `${a.padEnd(w0)} │ ${b.padEnd(w1)} │ ${c}`;
  const out = [
    `query ${e.query}: ${e.logql}`,
    `range [${e.fromUs / US_PER_SECOND} s, ${e.toUs / US_PER_SECOND} s)` +
      (e.needleTsUs !== undefined
        ? `, needle at ${e.needleTsUs / US_PER_SECOND} s: ${e.needleFound ? 'found' : 'not found'}`
        : ''),
    '',
    line('', 'Loki (labels → chunks → grep)', 'inverted index (postings ∩ over shards)'),
    line('─'.repeat(w0), '─'.repeat(w1), '─'.repeat(40)),
    ...rows.map((r) => line(...r)),
  ];
  return `${out.join('\n')}\n`;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
