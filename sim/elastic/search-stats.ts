/**
 * Per-class figures of the searches of a run, for `queries.<name>` of
 * report.json: the keys every backend's queries share (count, latency
 * quantiles, CPU, 429s, needles found) and what an inverted index does
 * instead of scanning (shards, postings, documents matched, fetched and
 * parsed at query time).
 */
import { seconds, summarizeLatencies } from '../query/latency-summary.ts';
import type { SearchOutcome } from './search-coordinator.ts';

/** What report.json shows under `queries.<name>` for Elasticsearch; keys in this order. */
export interface SearchClassReport {
  count: number;
  completed: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  /** Core-seconds of query and fetch phases, answered queries. */
  cpuSeconds: number;
  /** Bytes of postings, doc values and _source read by answered queries. */
  bytesRead: number;
  /** Shard-level requests targeted, skipped by can-match, and failed (red shard or rejected). */
  shards: number;
  shardsSkipped: number;
  shardsFailed: number;
  docsMatched: number;
  docsFetched: number;
  /** Documents parsed at query time for runtime fields (documents: string). */
  docsParsed: number;
  /** Queries failed with 429: a shard rejected by every copy's full search queue. */
  rejected429: number;
  /** Answered with some shard missing (allow_partial_search_results). */
  partial: number;
  needlesAsked: number;
  found: number | null;
}

export class SearchClassStats {
  count = 0;
  private readonly latenciesUs: number[] = [];
  private cpuUs = 0;
  private bytesRead = 0;
  private shards = 0;
  private skipped = 0;
  private failed = 0;
  private matched = 0;
  private fetched = 0;
  private parsed = 0;
  private rejected = 0;
  private partial = 0;
  private asked = 0;
  private found = 0;

  constructor(readonly isNeedle: boolean) {}

  record(o: SearchOutcome): void {
    this.shards += o.shards;
    this.skipped += o.skipped;
    this.failed += o.failed;
    if (o.status === 'rejected_429') {
      this.rejected++;
      return;
    }
    this.latenciesUs.push(o.latencyUs);
    this.cpuUs += o.cpuUs;
    this.bytesRead += o.bytesRead;
    this.matched += o.docsMatched;
    this.fetched += o.docsFetched;
    this.parsed += o.docsParsed;
    if (o.failed > 0) this.partial++;
    if (o.needleTsUs !== undefined) {
      this.asked++;
      if (o.needleFound) this.found++;
    }
  }

  get latencies(): readonly number[] {
    return this.latenciesUs;
  }

  report(): SearchClassReport {
    return {
      count: this.count,
      ...summarizeLatencies(this.latenciesUs),
      cpuSeconds: seconds(this.cpuUs),
      bytesRead: Math.round(this.bytesRead),
      shards: this.shards,
      shardsSkipped: this.skipped,
      shardsFailed: this.failed,
      docsMatched: Math.round(this.matched),
      docsFetched: this.fetched,
      docsParsed: Math.round(this.parsed),
      rejected429: this.rejected,
      partial: this.partial,
      needlesAsked: this.asked,
      found: this.isNeedle && this.asked > 0 ? Math.round((this.found / this.asked) * 1e6) / 1e6 : null,
    };
  }
}
