/**
 * Per-class query figures for the report (user-needs item 12: queue depth,
 * 429s and latency p50/p99 per query class): latency quantiles of the
 * queries that answered, the work they did, and how many failed and why.
 */
import { seconds, summarizeLatencies } from '../query/latency-summary.ts';
import type { QueryOutcome } from './query-frontend.ts';

/** What report.json shows under `queries.<name>`; keys in this order. */
export interface QueryClassReport {
  /** Queries that arrived during the run. */
  count: number;
  /** Queries answered (not 429, not timed out, not still running at the end). */
  completed: number;
  /** Latency quantiles of answered queries, seconds (queueing included); null when none answered. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  /** Raw bytes decompressed and scanned, summed over answered queries. */
  bytesScanned: number;
  /** Compressed bytes fetched from the object store. */
  bytesFetched: number;
  /** Chunks read (object store and ingesters). */
  chunks: number;
  /** Object-store GETs. */
  gets: number;
  /** Core-seconds spent scanning. */
  cpuSeconds: number;
  /** Queries refused with 429 "too many outstanding requests". */
  rejected429: number;
  /** Queries that ran past query_timeout. */
  timedOut: number;
  /** Needle queries answered that had a planted needle to look for. */
  needlesAsked: number;
  /** Share of those whose needle was found; null for aggregate queries or when none was asked. */
  found: number | null;
}

/** Collects outcomes of one class. */
export class QueryClassStats {
  count = 0;
  private readonly latenciesUs: number[] = [];
  private rejected = 0;
  private timedOut = 0;
  private bytesScanned = 0;
  private bytesFetched = 0;
  private chunks = 0;
  private gets = 0;
  private cpuUs = 0;
  private asked = 0;
  private found = 0;

  constructor(readonly isNeedle: boolean) {}

  /** Records one finished query. */
  record(o: QueryOutcome): void {
    if (o.status === 'rejected_429') {
      this.rejected++;
      return;
    }
    if (o.status === 'timeout') {
      this.timedOut++;
      return;
    }
    this.latenciesUs.push(o.latencyUs);
    this.bytesScanned += o.work.rawBytesScanned;
    this.bytesFetched += o.work.storeBytes;
    this.chunks += o.work.storeChunks + o.work.ingesterChunks;
    this.gets += o.work.storeChunks;
    this.cpuUs += o.work.cpuUs;
    if (o.needleTsUs !== undefined) {
      this.asked++;
      if (o.work.needleFound) this.found++;
    }
  }

  /** Latency of answered queries, µs, in arrival order of their answers. */
  get latencies(): readonly number[] {
    return this.latenciesUs;
  }

  /** The report figures. */
  report(): QueryClassReport {
    return {
      count: this.count,
      ...summarizeLatencies(this.latenciesUs),
      bytesScanned: Math.round(this.bytesScanned),
      bytesFetched: Math.round(this.bytesFetched),
      chunks: this.chunks,
      gets: this.gets,
      cpuSeconds: seconds(this.cpuUs),
      rejected429: this.rejected,
      timedOut: this.timedOut,
      needlesAsked: this.asked,
      found: this.isNeedle && this.asked > 0 ? Math.round((this.found / this.asked) * 1e6) / 1e6 : null,
    };
  }
}
