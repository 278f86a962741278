/**
 * What one sub-query costs on a querier (decision 05a, the Loki plan):
 *
 *   label matchers ──index──▶ streams ──▶ chunks overlapping the split
 *        │                                  ├─ recent (within query_ingesters_within): ask every ingester holding them
 *        │                                  └─ flushed: one GET per chunk from the object store
 *        ▼
 *   decompress + grep every raw byte at the per-core scan rate of the line filter
 *
 * A stream entry of multiplicity m stands for m streams: its chunk, GET and
 * byte figures count m times. The duration on one querier slot is
 *   index lookup + max(ingester part, store fetch + store scan)
 * because a querier asks the ingesters and the store at once and merges.
 * Store fetches run in batches of `max_chunk_batch_size` concurrent GETs:
 * each batch waits one first-byte latency, and the bytes flow at
 * batch × per-request throughput. Fetch and scan are added, not overlapped,
 * which errs slow by at most the smaller of the two.
 */
import { US_PER_SECOND } from '../engine/time.ts';
import type { LokiReadView } from '../loki/read-view.ts';
import { matchesLabels } from './label-matcher.ts';
import type { QueryPathConfig } from './query-path-config.ts';
import type { LineFilter } from './query-spec.ts';
import type { TimeSplit } from './time-splits.ts';

/** What a sub-query looks for. */
export interface SplitRequest {
  readonly match: Readonly<Record<string, string>>;
  readonly filter: LineFilter;
  /** The needle's emit timestamp, for needle queries. */
  readonly needleTsUs?: number;
}

/** The work and the wall time of one sub-query. */
export interface SplitWork {
  /** Streams the selector matched (counting multiplicity). */
  streams: number;
  /** Flushed chunks fetched from the object store: one GET each. */
  storeChunks: number;
  /** Compressed bytes fetched from the object store. */
  storeBytes: number;
  /** Unflushed chunks read on ingesters (every replica holding one reads it). */
  ingesterChunks: number;
  /** Raw bytes decompressed and scanned, store and ingesters. */
  rawBytesScanned: number;
  /** Core-µs spent scanning. */
  cpuUs: number;
  /** Wall µs on one querier slot. */
  durationUs: number;
  /** Whether the needle asked was in a chunk of a matching stream inside the split. */
  needleFound: boolean;
}

/** An empty tally of work. */
export function emptySplitWork(): SplitWork {
  return {
    streams: 0,
    storeChunks: 0,
    storeBytes: 0,
    ingesterChunks: 0,
    rawBytesScanned: 0,
    cpuUs: 0,
    durationUs: 0,
    needleFound: false,
  };
}

/** Adds `b` into `a`: work and durations add (a sum of work, not wall time); streams keep the most any split matched. */
export function addSplitWork(a: SplitWork, b: SplitWork): void {
  a.streams = Math.max(a.streams, b.streams);
  a.storeChunks += b.storeChunks;
  a.storeBytes += b.storeBytes;
  a.ingesterChunks += b.ingesterChunks;
  a.rawBytesScanned += b.rawBytesScanned;
  a.cpuUs += b.cpuUs;
  a.durationUs += b.durationUs;
  a.needleFound ||= b.needleFound;
}

/**
 * Plans one sub-query at `nowUs` over [split.fromUs, split.toUs). With
 * `countGets` the object store's GET and byte counters are charged (the real
 * run); without it the plan is a dry estimate (explain).
 */
export function planSplit(
  view: LokiReadView,
  split: TimeSplit,
  nowUs: number,
  request: SplitRequest,
  config: QueryPathConfig,
  countGets: boolean,
): SplitWork {
  const work = emptySplitWork();
  const from = split.fromUs;
  const last = Math.max(from, split.toUs - 1); // the read view's ranges are closed
  const ingesterFrom = Math.max(from, nowUs - config.queryIngestersWithinUs);
  const asksIngesters = ingesterFrom <= last;
  const rate = config.scanBytesPerSecPerCore[request.filter];
  const store = view.objectStore;
  const needle = request.needleTsUs;
  const tolerance = config.needleMatchToleranceUs;
  const holdsNeedle = (needles: readonly number[]): boolean => {
    if (needle === undefined || needle < from || needle > last) return false;
    for (const n of needles) if (Math.abs(n - needle) <= tolerance) return true;
    return false;
  };

  let storeRaw = 0;
  const ingesterRaw = new Map<number, number>();
  for (const stream of view.streams()) {
    if (!matchesLabels(stream.labels, request.match)) continue;
    const m = stream.multiplicity;
    work.streams += m;
    for (const ref of view.storedChunks(stream.id, from, last)) {
      const c = ref.chunk;
      if (countGets) {
        // One GET per chunk; a stream of multiplicity m stands for m objects.
        store.get(ref.key);
        store.counters.gets += m - 1;
        store.counters.bytesGot += c.bytes * (m - 1);
      }
      work.storeChunks += m;
      work.storeBytes += c.bytes * m;
      storeRaw += c.rawBytes * m;
      if (!work.needleFound && holdsNeedle(c.needles)) work.needleFound = true;
    }
    if (!asksIngesters) continue;
    for (const ref of view.ingesterChunks(stream.id, ingesterFrom, last)) {
      work.ingesterChunks += m;
      ingesterRaw.set(ref.ingester, (ingesterRaw.get(ref.ingester) ?? 0) + ref.rawBytes * m);
      if (!work.needleFound && holdsNeedle(ref.needles)) work.needleFound = true;
    }
  }

  const scanUs = (rawBytes: number): number => Math.ceil((rawBytes * US_PER_SECOND) / rate);
  // Ingesters scan their own copies in parallel; the querier waits for the slowest.
  let ingesterUs = 0;
  let ingesterTotalRaw = 0;
  for (const raw of ingesterRaw.values()) {
    ingesterTotalRaw += raw;
    ingesterUs = Math.max(ingesterUs, scanUs(raw));
  }
  if (asksIngesters) ingesterUs += config.ingesterRoundTripUs;

  const gets = work.storeChunks;
  let fetchUs = 0;
  if (gets > 0) {
    const batch = Math.max(1, Math.min(config.chunkFetchBatch, gets));
    const batches = Math.ceil(gets / batch);
    fetchUs =
      batches * store.config.firstByteLatencyUs +
      Math.ceil((work.storeBytes * US_PER_SECOND) / (store.config.throughputBytesPerSec * batch));
  }
  const storeUs = fetchUs + scanUs(storeRaw);

  work.rawBytesScanned = storeRaw + ingesterTotalRaw;
  work.cpuUs = scanUs(storeRaw) + scanUs(ingesterTotalRaw);
  work.durationUs = config.indexLookupUs + Math.max(ingesterUs, storeUs);
  return work;
}
