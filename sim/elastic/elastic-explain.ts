/**
 * `sim explain` on Elasticsearch (decision 05a): the search a query of
 * `queries:` becomes, as a dry run on the cluster at the end of the run —
 * the same shard plans the coordinator would send (search-plan.ts), their
 * costs (search-costs.ts), and the latency the query would have alone: each
 * node's shard requests over its search threads, then the fetch phase, with
 * a round trip per phase and no other work competing.
 */
import { US_PER_SECOND } from '../engine/time.ts';
import { count, counted, decimalBytes, sig3, type QueryPlan } from '../query/query-plan.ts';
import type { QuerySpec } from '../query/query-spec.ts';
import type { IndexedNeedle } from './backing-index.ts';
import {
  ioWaitUs,
  storeForQuery,
  tierStore,
  type SearchCluster,
  type SearchConfig,
} from './search-coordinator.ts';
import { fetchPhaseCost, queryPhaseCost } from './search-costs.ts';
import { planShard, type ResolvedQuery } from './search-plan.ts';

/** The figures of one search's plan. */
export interface SearchPlanFigures {
  readonly indices: number;
  readonly shards: number;
  readonly shardsSkipped: number;
  readonly shardsQueried: number;
  readonly shardsUnavailable: number;
  readonly termLookups: number;
  readonly postings: number;
  readonly docsMatched: number;
  readonly docsAggregated: number;
  readonly docsParsed: number;
  readonly docsFetched: number;
  readonly bytesRead: number;
  readonly cpuSeconds: number;
  readonly latencySeconds: number;
  readonly needleFound: boolean | undefined;
}

export function explainSearch(
  cluster: SearchCluster,
  q: ResolvedQuery,
  spec: QuerySpec,
  nowUs: number,
  config: SearchConfig,
  needleTsUs: number | undefined,
): SearchPlanFigures {
  const fromUs = Math.max(0, nowUs - spec.rangeUs);
  const at = storeForQuery(config, spec);
  const store = tierStore(at);
  // Data past the delete phase is gone: no index holds it.
  const indices = at === 'deleted' ? [] : cluster.indices;
  let shards = 0;
  for (const index of indices) shards += index.shards;
  const preFilter = shards > config.preFilterShardSize;
  let skipped = 0;
  let unavailable = 0;
  let queried = 0;
  let terms = 0;
  let postings = 0;
  let matched = 0;
  let aggregated = 0;
  let parsed = 0;
  let bytes = 0;
  let cpuUs = 0;
  const perNode = new Map<number, number[]>();
  const hits: { hit: IndexedNeedle; node: number }[] = [];
  let rr = 0;
  for (const index of indices)
    for (let shard = 0; shard < index.shards; shard++) {
      const plan = planShard(q, index, shard, fromUs, nowUs, nowUs);
      if (plan.outOfRange && preFilter) {
        skipped++;
        continue;
      }
      const copies = cluster.liveCopies(cluster.slotOf(index, shard));
      if (copies.length === 0) {
        unavailable++;
        continue;
      }
      const node = copies[rr++ % copies.length] as number;
      const cost = queryPhaseCost(plan.work, config.costs, plan.outOfRange);
      queried++;
      terms += plan.outOfRange ? 0 : plan.work.terms;
      postings += plan.work.postings;
      matched += plan.work.matches;
      aggregated += plan.work.aggregated;
      parsed += plan.work.parsed;
      bytes += cost.bytes;
      cpuUs += cost.cpuUs;
      const lanes = perNode.get(node) ?? new Array<number>(cluster.pool(node).threads).fill(0);
      perNode.set(node, lanes);
      addToLeastLoaded(lanes, cost.cpuUs + ioWaitUs(store, plan.work.terms + 1, cost.bytes));
      for (const hit of plan.hits) hits.push({ hit, node });
    }
  const queryPhaseUs = Math.max(0, ...[...perNode.values()].map((l) => Math.max(...l)));
  // Fetch: the top `size` hits, newest first, one request per shard copy holding any.
  const top = hits.sort((a, b) => b.hit.tsUs - a.hit.tsUs).slice(0, config.fetchSize);
  const fetchPerNode = new Map<number, number>();
  for (const { node } of top) fetchPerNode.set(node, (fetchPerNode.get(node) ?? 0) + 1);
  let fetchUs = 0;
  for (const n of fetchPerNode.values()) {
    const us = fetchPhaseCost(n, config.costs);
    cpuUs += us;
    fetchUs = Math.max(fetchUs, us + ioWaitUs(store, n, 0));
  }
  const trips = top.length > 0 ? 3 : 2;
  const needleFound =
    needleTsUs === undefined
      ? undefined
      : hits.some((h) => Math.abs(h.hit.tsUs - needleTsUs) <= config.needleToleranceUs);
  return {
    indices: indices.length,
    shards,
    shardsSkipped: skipped,
    shardsQueried: queried,
    shardsUnavailable: unavailable,
    termLookups: terms,
    postings,
    docsMatched: matched,
    docsAggregated: aggregated,
    docsParsed: parsed,
    docsFetched: top.length,
    bytesRead: Math.round(bytes),
    cpuSeconds: cpuUs / US_PER_SECOND,
    latencySeconds: (queryPhaseUs + fetchUs + trips * config.roundTripUs) / US_PER_SECOND,
    needleFound,
  };
}

function addToLeastLoaded(lanes: number[], us: number): void {
  let best = 0;
  for (let i = 1; i < lanes.length; i++) if ((lanes[i] as number) < (lanes[best] as number)) best = i;
  lanes[best] = (lanes[best] as number) + us;
}

/** The search in Query DSL shorthand. */
export function dslOf(spec: QuerySpec): string {
  const filters = [...Object.entries(spec.match).map(([k, v]) => `${k}:${v}`), '@timestamp in range'].join(
    ', ',
  );
  if (spec.query.kind === 'needle')
    return `GET logs-*/_search bool(filter: ${filters}; must: message:${JSON.stringify(spec.query.text)})`;
  const by = spec.query.by.length > 0 ? ` aggs: terms(${spec.query.by.join(', ')})` : ' track_total_hits';
  return `GET logs-*/_search size 0 bool(filter: ${filters})${by}`;
}

/** The plan as a column of `sim explain`. */
export function searchPlan(
  title: string,
  spec: QuerySpec,
  f: SearchPlanFigures,
  needleTsUs: number | undefined,
): QueryPlan {
  return {
    title,
    query: dslOf(spec),
    ...(needleTsUs !== undefined && f.needleFound !== undefined
      ? { needle: { tsUs: needleTsUs, found: f.needleFound } }
      : {}),
    rows: [
      [
        'touched',
        `${count(f.shardsQueried)} of ${counted(f.shards, 'shard')} in ${counted(f.indices, 'index', 'indices')} (${count(f.shardsSkipped)} skipped by can-match${f.shardsUnavailable > 0 ? `, ${count(f.shardsUnavailable)} unavailable` : ''})`,
      ],
      ['index', `${count(f.termLookups)} term lookups, ${count(f.postings)} postings visited`],
      ['matched', `${count(f.docsMatched)} docs`],
      [
        'read',
        `${count(f.docsAggregated)} docs aggregated, ${count(f.docsParsed)} parsed at query time, ${count(f.docsFetched)} fetched`,
      ],
      ['bytes read', decimalBytes(f.bytesRead)],
      ['CPU', `${sig3(f.cpuSeconds)} core-s`],
      ['latency', `${sig3(f.latencySeconds)} s (alone, no queueing)`],
    ],
  };
}
