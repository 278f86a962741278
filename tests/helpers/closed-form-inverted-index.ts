/**
 * A closed-form cross-check of the simulated Elasticsearch search path
 * (sim/elastic/): the plan of decision 05a on an inverted index, as it was
 * costed before the cluster could read. Kept only for tests, to bound the
 * simulated plan's figures by an independent estimate.
 *
 * The same query on an inverted index (Elasticsearch-style). Every indexed value is a term with a posting list
 * of the documents that hold it; a query looks each term up in every shard
 * it touches and intersects the lists, so its cost follows the matches, not
 * the bytes in the range.
 *
 *   terms (label values, needle tokens) ─▶ per shard: look up each posting list
 *        ─▶ intersect (the rarest list leads, the others skip ahead)
 *        ─▶ needle: fetch the hits' _source │ aggregate: walk doc values of every match
 *
 * A deliberately simple cost model, every constant cited or marked:
 * latency = term-query latency × waves of shards + aggregation docs ÷ rate.
 */
import { US_PER_DAY, US_PER_MS, US_PER_SECOND } from '../../sim/engine/time.ts';

/** The Elasticsearch side's settings. */
export interface InvertedIndexConfig {
  /** One index per day *(assumption)*: the classic `logs-YYYY.MM.dd` daily pattern; ILM rollover by size instead would give fewer, larger indices. */
  readonly indexPeriodUs: number;
  /** `index.number_of_shards` 1, the default since ES 7.0 (facts.md §3). */
  readonly shardsPerIndex: number;
  /** Data nodes 3: the setup of the ES cluster benchmark (help.aliyun.com, 3 × 8 vCPU; facts.md §6a). */
  readonly dataNodes: number;
  /** Search threads per node 13: ES's search pool is int(3 × processors ÷ 2) + 1, for 8 vCPU (Elasticsearch thread-pool docs; not in facts.md). */
  readonly searchThreadsPerNode: number;
  /** One shard-level term/filter query, 21.7 ms: the measured ES average for `status in (500,400,403)` (seq-db benchmark; facts.md §6a). */
  readonly termQueryUs: number;
  /**
   * Aggregation rate per shard, 23.2 M docs/s *(derived)*: the hourly
   * aggregation over Rally http_logs (258.6 M docs, 6 shards) took p50
   * 1,854 ms on 3 × 8 vCPU nodes (help.aliyun.com; facts.md §6a):
   * 258.6 M ÷ 6 ÷ 1.854 s.
   */
  readonly aggDocsPerSecPerShard: number;
  /** Fetching one hit's _source, 0.5 ms *(assumption)*: a stored-fields read from the page cache plus decompression of its block. */
  readonly fetchDocUs: number;
}

/** Defaults, each cited above. */
export const DEFAULT_INVERTED_INDEX_CONFIG: InvertedIndexConfig = Object.freeze({
  indexPeriodUs: US_PER_DAY,
  shardsPerIndex: 1,
  dataNodes: 3,
  searchThreadsPerNode: 13,
  termQueryUs: 21_700,
  aggDocsPerSecPerShard: 23.2e6,
  fetchDocUs: US_PER_MS / 2,
});

/** What the inverted-index plan is given: the data, as counts of documents. */
export interface InvertedIndexInput {
  readonly fromUs: number;
  readonly toUs: number;
  /** Posting-list length of each term the query looks up (documents holding it in the range). */
  readonly postings: readonly number[];
  /** Documents matching every term. */
  readonly matchedDocs: number;
  /** Needle: documents whose _source is fetched (the hits); aggregate: 0. */
  readonly fetchedDocs: number;
  readonly aggregate: boolean;
}

/** The plan's figures. */
export interface InvertedIndexPlan {
  readonly indices: number;
  readonly shards: number;
  /** Term lookups: terms × shards. */
  readonly termsLookedUp: number;
  /** Postings in the lists looked up. */
  readonly postingsInLists: number;
  /** Postings visited by the intersection: the rarest list, once per term (skip lists jump over the rest). */
  readonly postingsRead: number;
  readonly docsFetched: number;
  /** Documents whose doc values an aggregation walks. */
  readonly docsAggregated: number;
  readonly cpuSeconds: number;
  readonly latencySeconds: number;
}

/** Costs the inverted-index plan. */
export function planInvertedIndex(
  input: InvertedIndexInput,
  config: InvertedIndexConfig = DEFAULT_INVERTED_INDEX_CONFIG,
): InvertedIndexPlan {
  const firstIndex = Math.floor(input.fromUs / config.indexPeriodUs);
  const lastIndex = Math.floor(Math.max(input.fromUs, input.toUs - 1) / config.indexPeriodUs);
  const indices = lastIndex - firstIndex + 1;
  const shards = indices * config.shardsPerIndex;
  const terms = input.postings.length;
  const inLists = input.postings.reduce((a, b) => a + b, 0);
  const rarest = terms > 0 ? Math.min(...input.postings) : 0;
  const docsAggregated = input.aggregate ? input.matchedDocs : 0;
  const lanes = Math.max(1, config.dataNodes * config.searchThreadsPerNode);
  const waves = Math.ceil(shards / lanes);
  const aggUs = (docsAggregated * US_PER_SECOND) / config.aggDocsPerSecPerShard;
  const latencyUs =
    waves * config.termQueryUs + aggUs / Math.min(shards, lanes) + input.fetchedDocs * config.fetchDocUs;
  const cpuUs = shards * config.termQueryUs + aggUs + input.fetchedDocs * config.fetchDocUs;
  return {
    indices,
    shards,
    termsLookedUp: terms * shards,
    postingsInLists: inLists,
    postingsRead: rarest * terms,
    docsFetched: input.fetchedDocs,
    docsAggregated,
    cpuSeconds: round6(cpuUs / US_PER_SECOND),
    latencySeconds: round6(latencyUs / US_PER_SECOND),
  };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
