/**
 * `sim explain` on Loki (decision 05a): one query's plan on the Loki read
 * view at `nowUs`, a dry run of the sub-queries the frontend would schedule,
 * each cut into its TSDB shards (no GET is counted), with their latency as
 * the makespan of those shards over min(max_query_parallelism, querier
 * slots) lanes and no other query competing.
 *
 *   labels ─▶ streams ─▶ chunks in range ─▶ fetch (ingesters | object store) ─▶ decompress + grep
 *
 * The inverted-index plan beside it comes from a simulated Elasticsearch
 * cluster (sim/elastic/elastic-explain.ts), not from here.
 */
import { US_PER_SECOND } from '../engine/time.ts';
import type { LokiReadView } from './read-view.ts';
import { count, decimalBytes, sig3, type QueryPlan } from '../query/query-plan.ts';
import { DEFAULT_QUERY_PATH_CONFIG, type QueryPathConfig } from '../query/query-path-config.ts';
import { logqlOf, type QuerySpec } from '../query/query-spec.ts';
import {
  addSplitWork,
  contendedDurationUs,
  emptySplitWork,
  planSplit,
  type SplitRequest,
} from './split-work.ts';
import { storeOf } from './query-frontend.ts';
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

/** The plan of one query. */
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
}

/** Explains `spec` as if it arrived at `nowUs`, over [nowUs − range, nowUs). */
export function explainQuery(
  view: LokiReadView,
  spec: QuerySpec,
  nowUs: number,
  options: {
    needleTsUs?: number;
    config?: QueryPathConfig;
    storeAtAge?: (ageUs: number) => SplitRequest['store'];
  } = {},
): QueryExplanation {
  const config = options.config ?? DEFAULT_QUERY_PATH_CONFIG;
  const fromUs = Math.max(0, nowUs - spec.rangeUs);
  const request = {
    match: spec.match,
    filter: spec.filter,
    ...(options.needleTsUs !== undefined ? { needleTsUs: options.needleTsUs } : {}),
    ...storeOf(spec, options.storeAtAge),
  };
  // Newest split first, shards in order, as the frontend schedules them; greedy list scheduling over the lanes.
  const splits = splitByInterval(fromUs, nowUs, config.splitIntervalUs).reverse();
  const lanes = new Array<number>(
    Math.max(1, Math.min(config.maxQueryParallelism, config.queriers * config.maxConcurrentPerQuerier)),
  ).fill(0);
  const total = emptySplitWork();
  const plans = splits.map((split) => planSplit(view, split, nowUs, request, config));
  let shards = 0;
  for (const plan of plans) shards += plan.shards.length;
  // The query alone on the queriers: its shards spread over them, those on one querier sharing its cores.
  const perQuerier = Math.min(
    config.maxConcurrentPerQuerier,
    Math.ceil(Math.min(shards, lanes.length) / config.queriers),
  );
  for (const plan of plans) {
    addSplitWork(total, plan.total);
    for (const work of plan.shards) {
      let lane = 0;
      for (let i = 1; i < lanes.length; i++) if ((lanes[i] as number) < (lanes[lane] as number)) lane = i;
      lanes[lane] = (lanes[lane] as number) + contendedDurationUs(work, perQuerier, config.querierCores);
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

  return {
    query: spec.name,
    logql: logqlOf(spec),
    fromUs,
    toUs: nowUs,
    needleTsUs: options.needleTsUs,
    needleFound:
      spec.query.kind === 'needle' && options.needleTsUs !== undefined ? total.needleFound : undefined,
    loki,
  };
}

/** The plan as a column of `sim explain`. */
export function lokiPlan(title: string, e: QueryExplanation): QueryPlan {
  const l = e.loki;
  return {
    title,
    query: e.logql,
    ...(e.needleTsUs !== undefined && e.needleFound !== undefined
      ? { needle: { tsUs: e.needleTsUs, found: e.needleFound } }
      : {}),
    rows: [
      [
        'touched',
        `${count(l.splits)} sub-queries in ${count(l.shards)} shards → ${count(l.chunks)} chunks (${count(l.ingesterChunks)} on ingesters)`,
      ],
      ['index', `labels → ${count(l.streamsMatched)} streams (index ${decimalBytes(l.indexBytes)})`],
      ['fetch', `${count(l.gets)} GETs from the object store`],
      ['read', `${decimalBytes(l.rawBytesScanned)} decompressed and grepped`],
      ['bytes read', decimalBytes(l.bytesFetched)],
      ['CPU', `${sig3(l.cpuSeconds)} core-s`],
      ['latency', `${sig3(l.latencySeconds)} s (alone, no queueing)`],
    ],
  };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
