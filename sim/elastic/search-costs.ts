/**
 * What one shard-level search costs (decision 05a, the inverted-index plan),
 * from what the shard really holds (backing-index.ts):
 *
 *   query phase  overhead + terms × term lookup            (the terms dictionary of each field asked)
 *                + postings visited × per-posting cost     (conjunction led by the rarest list; the others
 *                                                           only advance to its documents: cost follows matches)
 *                + docs aggregated ÷ doc-values rate       (an aggregate walks the doc values of every match)
 *                + docs scanned × runtime-field cost       (documents: string — a field not indexed is
 *                                                           parsed out of _source for every candidate)
 *   fetch phase  hits fetched × per-hit _source read
 *
 * CPU on one search thread, µs. Constants cite their source; those no
 * vendor publishes are assumptions, reported in the run's warnings.
 */

/** The cost constants. */
export interface SearchCosts {
  /**
   * Fixed CPU of one shard-level query phase, 1 ms *(assumption)*: parse,
   * rewrite and collector set-up. The Aliyun 8.9 benchmark's range query
   * answers in 5.9 ms p50 over 6 shards on 3 nodes (facts.md §6a), an upper
   * bound for a query phase that matches little.
   */
  readonly shardOverheadUs: number;
  /** One term looked up in a field's terms dictionary, 20 µs *(assumption)*: an FST walk per segment of a shard. */
  readonly termLookupUs: number;
  /**
   * Postings visited per second by a conjunction on one thread, 50 M
   * *(assumption)*: Lucene decodes postings in blocks of 128 (FOR); the
   * figure is held well under the decoding rate because a conjunction
   * advances every other clause to each candidate.
   */
  readonly postingsPerSec: number;
  /**
   * Doc values walked by an aggregation per second on one thread, 23.2 M
   * *(derived)*: the hourly date histogram over Rally http_logs (258.6 M
   * documents, 6 primaries) took p50 1,854 ms on 3 × 8 vCPU (ES 8.9.1,
   * Aliyun; facts.md §6a): 258.6 M ÷ 6 ÷ 1.854 s.
   */
  readonly aggDocsPerSec: number;
  /** Reading one hit's _source in the fetch phase, 0.5 ms *(assumption)*: a stored-fields block read and decompressed. */
  readonly fetchDocUs: number;
  /** Runtime field: CPU to parse one document's _source at query time (the scenario's parse_cost: the same grok, paid per read). */
  readonly runtimeParseUs: number;
  /** Bytes read per posting visited, 1.5 B *(assumption)*: FOR-packed doc-id deltas and frequencies. */
  readonly bytesPerPosting: number;
  /** Bytes of doc values read per document aggregated and per field, 1 B *(assumption)*: a low-cardinality ordinal. */
  readonly docValueBytes: number;
}

export const DEFAULT_SEARCH_COSTS: SearchCosts = Object.freeze({
  shardOverheadUs: 1_000,
  termLookupUs: 20,
  postingsPerSec: 50e6,
  aggDocsPerSec: 23.2e6,
  fetchDocUs: 500,
  runtimeParseUs: 20,
  bytesPerPosting: 1.5,
  docValueBytes: 1,
});

/** What one shard's query phase does. */
export interface ShardWork {
  /** Terms looked up (one per field value asked, one per token of a needle's text, one for the @timestamp range). */
  readonly terms: number;
  /** Postings the conjunction visits. */
  readonly postings: number;
  /** Documents matching every clause. */
  readonly matches: number;
  /** Documents whose doc values an aggregation walks. */
  readonly aggregated: number;
  /** Fields aggregated (the `by` of a count). */
  readonly aggFields: number;
  /** Documents parsed at query time for runtime fields, and their raw bytes (read from _source). */
  readonly parsed: number;
  readonly parsedBytes: number;
}

/** CPU µs and bytes read of a query phase. */
export function queryPhaseCost(
  w: ShardWork,
  c: SearchCosts,
  /** Can-match rewrote the query to match nothing (the shard's @timestamp range misses): overhead only. */
  skippedByRange: boolean,
): { cpuUs: number; bytes: number } {
  if (skippedByRange) return { cpuUs: c.shardOverheadUs, bytes: 0 };
  const cpuUs =
    c.shardOverheadUs +
    w.terms * c.termLookupUs +
    (w.postings / c.postingsPerSec) * 1e6 +
    ((w.aggregated * Math.max(1, w.aggFields)) / c.aggDocsPerSec) * 1e6 +
    w.parsed * c.runtimeParseUs;
  const bytes = w.postings * c.bytesPerPosting + w.aggregated * w.aggFields * c.docValueBytes + w.parsedBytes;
  return { cpuUs, bytes };
}

/** CPU µs of fetching `hits` documents' _source. */
export function fetchPhaseCost(hits: number, c: SearchCosts): number {
  return hits * c.fetchDocUs;
}
