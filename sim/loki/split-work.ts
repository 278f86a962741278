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
 *
 * TSDB dynamic sharding (query-shards.ts) then cuts the split by stream into
 * shards of about `tsdb_max_bytes_per_shard` uncompressed bytes: each shard
 * is its own request on its own querier slot, with its own index lookup,
 * fetch batches and scan, so a split of 6 GB runs as 16 shards of ≈ 375 MB
 * rather than one core scanning 6 GB — faster only when there are free
 * slots, and never faster than its largest shard.
 */
import { US_PER_SECOND } from '../engine/time.ts';
import type { LokiReadView } from './read-view.ts';
import type { StreamId } from './stream-id.ts';
import { matchesLabels } from './label-matcher.ts';
import type { QueryPathConfig } from '../query/query-path-config.ts';
import { shardCount, shardOfStream, spreadCopies } from './query-shards.ts';
import type { LineFilter } from '../query/query-spec.ts';
import { COMPRESSION_RATIO } from './chunk.ts';
import type { TimeSplit } from '../query/time-splits.ts';

/** What a sub-query looks for. */
export interface SplitRequest {
  readonly match: Readonly<Record<string, string>>;
  readonly filter: LineFilter;
  /** The needle's emit timestamp, for needle queries. */
  readonly needleTsUs?: number;
  /**
   * The storage class the query's data lives in at its age (a query over old
   * data, `age:`), when it is not the one chunks are written to: its GETs wait
   * that class's first byte and flow at its rate.
   */
  readonly store?: {
    readonly firstByteLatencyUs: number;
    readonly throughputBytesPerSec: number;
    /** Data that old is past retention: deleted, so nothing matches. */
    readonly gone?: boolean;
  };
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
  /** The part of {@link cpuUs} spent on the querier (store data; ingesters scan their own): what shares its cores. */
  querierCpuUs: number;
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
    querierCpuUs: 0,
    durationUs: 0,
    needleFound: false,
  };
}

/**
 * A sub-query's wall time on a querier running `running` sub-queries at once
 * (this one included) on `cores` cores: past `cores` of them, each scans its
 * store data `cores ÷ running` as fast. The share is fixed when the
 * sub-query starts. The slowdown is added to the whole duration, which errs
 * slow when the ingesters' answer, not the store's, is what the sub-query waits for.
 */
export function contendedDurationUs(work: SplitWork, running: number, cores: number): number {
  const slowdown = Math.max(1, running / cores);
  return work.durationUs + Math.ceil(work.querierCpuUs * (slowdown - 1));
}

/** Adds `b` into `a`: work and durations add (a sum of work, not wall time); streams keep the most any split matched. */
export function addSplitWork(a: SplitWork, b: SplitWork): void {
  a.streams = Math.max(a.streams, b.streams);
  a.storeChunks += b.storeChunks;
  a.storeBytes += b.storeBytes;
  a.ingesterChunks += b.ingesterChunks;
  a.rawBytesScanned += b.rawBytesScanned;
  a.cpuUs += b.cpuUs;
  a.querierCpuUs += b.querierCpuUs;
  a.durationUs += b.durationUs;
  a.needleFound ||= b.needleFound;
}

/** A split cut into shards: what each shard does, and the sum. */
export interface SplitPlan {
  /** Work summed over the shards; `streams` counts every stream matched, `durationUs` sums the shards' slot time. */
  readonly total: SplitWork;
  /** One entry per shard (one when the split is not sharded), each run on its own querier slot. */
  readonly shards: readonly SplitWork[];
}

/** One matched stream's share of a split, per real stream it stands for. */
interface StreamPart {
  readonly id: StreamId;
  readonly copies: number;
  storeChunks: number;
  storeBytes: number;
  storeRaw: number;
  /** Unflushed raw bytes per ingester holding a replica: [ingester, bytes, ingester, bytes, …]. */
  readonly ingesterRaw: number[];
  ingesterChunks: number;
  needle: boolean;
}

/** A shard's tally before its duration is known. */
interface ShardTally {
  readonly work: SplitWork;
  storeRaw: number;
  readonly ingesterRaw: Map<number, number>;
}

/**
 * Plans one sub-query at `nowUs` over [split.fromUs, split.toUs) and cuts it
 * into TSDB shards (query-shards.ts) by the uncompressed bytes the index
 * reports for it: stored chunks plus one replica of the unflushed data. A dry
 * plan: no GET is counted here (the frontend charges a shard's GETs when it
 * starts, see {@link chargeFetches}).
 */
export function planSplit(
  view: LokiReadView,
  split: TimeSplit,
  nowUs: number,
  request: SplitRequest,
  config: QueryPathConfig,
): SplitPlan {
  if (request.store?.gone === true) return { total: emptySplitWork(), shards: [emptySplitWork()] };
  const from = split.fromUs;
  const last = Math.max(from, split.toUs - 1); // the read view's ranges are closed
  const ingesterFrom = Math.max(from, nowUs - config.queryIngestersWithinUs);
  // Data as old as a query with `age:` asks for was flushed long ago: no ingester is asked for it.
  const aged = request.store !== undefined;
  const asksIngesters = !aged && ingesterFrom <= last;
  const needle = request.needleTsUs;
  const tolerance = config.needleMatchToleranceUs;
  const needleInSplit = needle !== undefined && needle >= from && needle <= last;
  const holdsNeedle = (needles: readonly number[]): boolean => {
    if (!needleInSplit) return false;
    for (const n of needles) if (Math.abs(n - needle) <= tolerance) return true;
    return false;
  };

  // Pass 1: what each matching stream holds in the split, and what the index reports.
  const parts: StreamPart[] = [];
  let streams = 0;
  let indexBytes = 0;
  for (const stream of view.streams()) {
    if (!matchesLabels(stream.labels, request.match)) continue;
    const part: StreamPart = {
      id: stream.id,
      copies: stream.multiplicity,
      storeChunks: 0,
      storeBytes: 0,
      storeRaw: 0,
      ingesterRaw: [],
      ingesterChunks: 0,
      needle: false,
    };
    // Sums, not a pass over the chunks (read-view.ts); the needle is looked up exactly. The view's
    // figures are totals over the streams an entry stands for; a part holds one real stream's share.
    const copies = stream.multiplicity;
    const stored = view.storedTotals(stream.id, from, last);
    part.storeChunks = stored.objects / copies;
    part.storeBytes = stored.bytes / copies;
    part.storeRaw = stored.rawBytes / copies;
    if (needleInSplit && view.storedHoldsNeedle(stream.id, from, last, needle, tolerance)) part.needle = true;
    let replicaRaw = 0;
    if (asksIngesters || aged) {
      for (const ref of view.ingesterChunks(stream.id, aged ? from : ingesterFrom, last)) {
        part.ingesterChunks++;
        addPair(part.ingesterRaw, ref.ingester, ref.rawBytes / copies);
        if (!part.needle && holdsNeedle(ref.needles)) part.needle = true;
      }
      for (let i = 1; i < part.ingesterRaw.length; i += 2)
        replicaRaw = Math.max(replicaRaw, part.ingesterRaw[i] as number);
    }
    if (aged && part.ingesterChunks > 0) {
      // Data as old as the query asks was flushed long ago: what ingesters hold of the run's window
      // stands in the store, one replica's chunks at the stream's stored compression (gzip's before any).
      const replicas = part.ingesterRaw.length / 2;
      const ratio = stored.rawBytes > 0 ? stored.bytes / stored.rawBytes : 1 / COMPRESSION_RATIO.gzip;
      part.storeChunks += part.ingesterChunks / replicas;
      part.storeRaw += replicaRaw;
      part.storeBytes += replicaRaw * ratio;
      part.ingesterChunks = 0;
      part.ingesterRaw.length = 0;
    }
    streams += part.copies;
    indexBytes += (part.storeRaw + replicaRaw) * part.copies;
    parts.push(part);
  }

  // Pass 2: streams to shards by fingerprint, m copies spread as m streams would be.
  const n = shardCount(indexBytes, streams, config);
  const tallies: ShardTally[] = [];
  for (let k = 0; k < n; k++) tallies.push({ work: emptySplitWork(), storeRaw: 0, ingesterRaw: new Map() });
  for (const part of parts) {
    const home = shardOfStream(part.id, n);
    spreadCopies(part.id, part.copies, n, (k, copies) => {
      const t = tallies[k] as ShardTally;
      const w = t.work;
      w.streams += copies;
      w.storeChunks += part.storeChunks * copies;
      w.storeBytes += part.storeBytes * copies;
      w.ingesterChunks += part.ingesterChunks * copies;
      t.storeRaw += part.storeRaw * copies;
      for (let i = 0; i < part.ingesterRaw.length; i += 2) {
        const ingester = part.ingesterRaw[i] as number;
        t.ingesterRaw.set(
          ingester,
          (t.ingesterRaw.get(ingester) ?? 0) + (part.ingesterRaw[i + 1] as number) * copies,
        );
      }
      // The needle is in one real stream: the entry's own, on its home shard.
      if (part.needle && k === home) w.needleFound = true;
    });
  }

  const total = emptySplitWork();
  const shards = tallies.map((t) => {
    finishShard(t, asksIngesters, request, view, config);
    addSplitWork(total, t.work);
    return t.work;
  });
  total.streams = streams;
  return { total, shards };
}

/** Charges the object store for a shard's GETs: one per chunk, a stream of multiplicity m standing for m objects. */
export function chargeFetches(view: LokiReadView, work: SplitWork): void {
  const counters = view.objectStore.counters;
  counters.gets += work.storeChunks;
  counters.bytesGot += work.storeBytes;
}

/** Adds `bytes` to `ingester`'s entry of a flat [ingester, bytes, …] list. */
function addPair(pairs: number[], ingester: number, bytes: number): void {
  for (let i = 0; i < pairs.length; i += 2) {
    if (pairs[i] === ingester) {
      pairs[i + 1] = (pairs[i + 1] as number) + bytes;
      return;
    }
  }
  pairs.push(ingester, bytes);
}

/** A shard's scan, CPU and wall time on one querier slot, from its tallies. */
function finishShard(
  t: ShardTally,
  asksIngesters: boolean,
  request: SplitRequest,
  view: LokiReadView,
  config: QueryPathConfig,
): void {
  const work = t.work;
  const rate = config.scanBytesPerSecPerCore[request.filter];
  const store = request.store ?? view.objectStore.config;
  const scanUs = (rawBytes: number): number => Math.ceil((rawBytes * US_PER_SECOND) / rate);
  // Ingesters scan their own copies in parallel; the querier waits for the slowest.
  let ingesterUs = 0;
  let ingesterTotalRaw = 0;
  for (const raw of t.ingesterRaw.values()) {
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
      batches * store.firstByteLatencyUs +
      Math.ceil((work.storeBytes * US_PER_SECOND) / (store.throughputBytesPerSec * batch));
  }
  const storeUs = fetchUs + scanUs(t.storeRaw);

  work.rawBytesScanned = t.storeRaw + ingesterTotalRaw;
  work.cpuUs = scanUs(t.storeRaw) + scanUs(ingesterTotalRaw);
  work.querierCpuUs = scanUs(t.storeRaw);
  // Every shard is its own request: it looks up the index for its streams before reading them.
  work.durationUs = config.indexLookupUs + Math.max(ingesterUs, storeUs);
}
