/**
 * A Loki-style ingester (decisions 05, 06, 10): a table of active streams,
 * each appending to a compressed head chunk; a flush loop that writes cut
 * chunks to the object store; per-stream rate limits, the local stream limit,
 * memory accounting with an OOM kill, and crash recovery with or without WAL.
 *
 *   push(stream, batch)
 *     │ state ≠ active ─────────────────────────────► ingester_unavailable
 *     │ new stream and table at local limit ────────► stream_limit (429)
 *     │ per-stream token bucket (per entry) ────────► per_stream_rate_limit (429)
 *     │ older than newest − max_chunk_age/2 ────────► rejected_out_of_order (400)
 *     │ memory after append > limit ────────────────► OOM kill, ingester_unavailable
 *     ▼
 *   head chunk ──full──► closed ──flush check (30s)──► flush queue ──N workers──► object store
 *        └── idle > 30m or span > 2h at a flush check ──┘
 *
 * It knows nothing of YAML, agents or distributors: its input is an aggregate
 * batch for one stream, its output per-reason counts. It schedules its own
 * flush-check timer and flush completions on the Simulation; events from a
 * previous incarnation (before a crash) are ignored.
 */
import type { Simulation } from '../engine/simulation.ts';
import { US_PER_SECOND } from '../engine/time.ts';
import {
  DEFAULT_CHUNK_CONFIG,
  type ChunkConfig,
  type CutReason,
  type FlushedChunk,
  HeadChunk,
  outOfOrderCutoffUs,
} from './chunk.ts';
import {
  addToTally,
  type EntryBatch,
  type LineTally,
  emptyTally,
  splitBatchAtTs,
  splitBatchByLines,
} from './entry-batch.ts';
import type { LabelSet } from './label-set.ts';
import { localStreamLimit, type RejectionReason, type TenantLimits } from './limits.ts';
import type { ObjectStore } from './object-store.ts';
import { DEFAULT_REPLICATION_FACTOR } from './ring.ts';
import type { StreamId } from './stream-id.ts';
import type { ValueSpace } from './distinct-values.ts';
import { StreamGroup } from './stream-group.ts';
import { TokenBucket } from './token-bucket.ts';

/** Ingester settings. Sizes in bytes, durations in µs. */
export interface IngesterConfig {
  readonly chunk: ChunkConfig;
  /** `flush_check_period` 30s — grafana/loki docs/sources/shared/configuration.md */
  readonly flushCheckPeriodUs: number;
  /** `concurrent_flushes` 32 flush workers — configuration.md */
  readonly concurrentFlushes: number;
  /**
   * Fixed memory per active stream, 8 KiB *(assumption)*. Loki publishes no
   * figure. Per stream it keeps a stream struct with its labels and
   * fingerprint, entries in the 32-shard in-memory label index
   * (`index_shards` 32), a chunk descriptor and a per-stream rate limiter:
   * each a few hundred bytes to a few KiB. The dominant per-stream memory,
   * the head block (up to `chunk_block_size` 256 KiB raw), is counted
   * separately as unflushed chunk bytes, so this constant only matters at
   * high cardinality with tiny streams, which is where it should bite.
   */
  readonly perStreamOverheadBytes: number;
  /** Container memory limit 4 GiB: the ingester size of Grafana's < 3 TB/day tier (grafana/loki docs/sources/setup/size/_index.md; facts.md §6b). */
  readonly memoryLimitBytes: number;
  /** WAL `enabled` true — configuration.md; docs/sources/operations/storage/wal.md */
  readonly walEnabled: boolean;
  /**
   * WAL replay rate 125 MB/s *(assumption)*: replay reads the WAL disk
   * sequentially; 125 MB/s is the throughput a gp3 volume includes
   * (facts.md §4). Replay time = WAL bytes ÷ this rate.
   */
  readonly walReplayBytesPerSec: number;
  /**
   * WAL `replay_memory_ceiling` 4 GiB (`defaultCeiling = 4 << 30`, grafana/loki
   * pkg/ingester/wal.go): once replay has rebuilt 90 % of it in memory, the
   * ingester flushes chunks to storage before going on (wal.md "Backpressure").
   * A ceiling at or above the memory limit never flushes early: an ingester
   * OOM-killed full of chunk data replays back to full.
   */
  readonly walReplayMemoryCeilingBytes: number;
  /**
   * Delay before an OOM-killed ingester restarts, 10 s *(assumption)*: the
   * kubelet's first crash-loop back-off. Undefined: stays down until restart().
   */
  readonly restartAfterOomUs?: number;
  /** Replication factor, for the local stream limit (default 3 — configuration.md). */
  readonly replicationFactor: number;
}

function rejectInto(
  rejected: Partial<Record<RejectionReason, LineTally>>,
  reason: RejectionReason,
  part: EntryBatch | undefined,
): void {
  if (part !== undefined) addToTally((rejected[reason] ??= emptyTally()), part);
}

/** Stream groups have no per-stream limiter (see pushGroup); a placeholder keeps StreamState uniform. */
const NO_LIMITER = new TokenBucket(0, 0);

/** Defaults, each with its source above. */
export const DEFAULT_INGESTER_CONFIG: IngesterConfig = Object.freeze({
  chunk: DEFAULT_CHUNK_CONFIG,
  flushCheckPeriodUs: 30 * US_PER_SECOND,
  concurrentFlushes: 32,
  perStreamOverheadBytes: 8 * 1024,
  memoryLimitBytes: 4 * 1024 ** 3,
  walEnabled: true,
  walReplayBytesPerSec: 125 * 1_000_000,
  walReplayMemoryCeilingBytes: 4 * 1024 ** 3,
  restartAfterOomUs: 10 * US_PER_SECOND,
  replicationFactor: DEFAULT_REPLICATION_FACTOR,
});

/** Share of `replay_memory_ceiling` at which a replay starts flushing (wal.md; facts.md §2b). */
const REPLAY_FLUSH_SHARE = 0.9;

/** `active` takes writes; `replaying` reads its WAL after a restart; `down` crashed or stopped. */
export type IngesterState = 'active' | 'replaying' | 'down';

/** Why an ingester went down. */
export type CrashCause = 'fault' | 'oom';

/** The answer to one push. */
export interface PushResult {
  /** `unavailable` when the ingester refused the whole push (down, replaying, or OOM-killed by it): a failed replica write. */
  readonly status: 'ok' | 'unavailable';
  readonly accepted: LineTally;
  readonly rejected: Partial<Record<RejectionReason, LineTally>>;
}

/** What a crash cost. */
export interface CrashReport {
  readonly cause: CrashCause;
  readonly atUs: number;
  /** Unflushed data lost (empty with the WAL on). */
  readonly lost: LineTally;
  /** Bytes the WAL holds for replay (0 with the WAL off). */
  readonly walBytes: number;
}

/** Observers (ledger, report, checks). All optional. */
export interface IngesterListener {
  onChunkFlushed?(ingester: Ingester, chunk: FlushedChunk, key: string): void;
  onCrash?(ingester: Ingester, report: CrashReport): void;
  onReady?(ingester: Ingester): void;
}

/** Cumulative counters. */
export interface IngesterStats {
  pushes: number;
  acceptedLines: number;
  acceptedBytes: number;
  rejected: Partial<Record<RejectionReason, { lines: number; bytes: number }>>;
  chunksFlushed: number;
  bytesFlushed: number;
  crashes: number;
  oomKills: number;
  /** Replays that passed 90 % of the replay memory ceiling and flushed early. */
  replayFlushes: number;
  lostLines: number;
  lostBytes: number;
  peakMemoryBytes: number;
  peakStreams: number;
}

/** A read-only view of unflushed data, for queries and checks. */
export interface UnflushedChunkView {
  readonly streamId: StreamId;
  readonly lines: number;
  readonly rawBytes: number;
  readonly minTsUs: number;
  readonly maxTsUs: number;
  readonly needles: readonly number[];
}

/** What the ingester needs from its surroundings. */
export interface IngesterDeps {
  readonly sim: Simulation;
  readonly store: ObjectStore;
  readonly limits: TenantLimits;
  /** Healthy ingesters in the ring now, for the local stream limit. */
  readonly healthyIngesters: () => number;
  readonly listener?: IngesterListener;
}

interface ClosedChunk {
  readonly chunk: FlushedChunk;
  readonly memoryBytes: number;
  inFlight: boolean;
}

interface StreamState {
  readonly id: StreamId;
  readonly labels: LabelSet;
  head: HeadChunk | undefined;
  readonly closed: ClosedChunk[];
  /** Newest entry timestamp accepted (Loki's highestTs), for the out-of-order window. */
  newestTsUs: number;
  limiter: TokenBucket;
  /** Set when this entry stands for many real streams (a high-cardinality label): see stream-group.ts. */
  readonly group: StreamGroup | undefined;
}

interface FlushDone {
  readonly incarnation: number;
  readonly stream: StreamState;
  readonly closed: ClosedChunk;
}

/** One ingester. Construct it, then push; it starts active at sim.now. */
export class Ingester {
  readonly stats: IngesterStats = {
    pushes: 0,
    acceptedLines: 0,
    acceptedBytes: 0,
    rejected: {},
    chunksFlushed: 0,
    bytesFlushed: 0,
    crashes: 0,
    oomKills: 0,
    replayFlushes: 0,
    lostLines: 0,
    lostBytes: 0,
    peakMemoryBytes: 0,
    peakStreams: 0,
  };
  private stateNow: IngesterState = 'active';
  private readonly streams = new Map<StreamId, StreamState>();
  /** The stream-group entries of `streams`, kept apart so per-push sums cost O(groups). */
  private readonly groups = new Set<StreamState>();
  private chunkMemoryBytes = 0;
  private walBytesNow = 0;
  private incarnation = 0;
  private readonly flushQueue: FlushDone[] = [];
  private inFlight = 0;
  private readonly sim: Simulation;
  private readonly onFlushCheck = this.flushCheck.bind(this);
  private readonly onFlushDone = this.flushDone.bind(this);
  private readonly onReplayDone = this.replayDone.bind(this);
  /** Whether the replay under way passed the ceiling's flush threshold. */
  private replayFlushesEarly = false;
  private readonly onAutoRestart = this.autoRestart.bind(this);

  constructor(
    readonly id: number,
    private readonly deps: IngesterDeps,
    readonly config: IngesterConfig = DEFAULT_INGESTER_CONFIG,
  ) {
    this.sim = deps.sim;
    this.scheduleFlushCheck();
  }

  get state(): IngesterState {
    return this.stateNow;
  }

  /** Streams in the table (active until idle-flushed); a stream group counts its active real streams. */
  get activeStreams(): number {
    let n = this.streams.size - this.groups.size;
    const now = this.sim.now;
    for (const g of this.groups) n += (g.group as StreamGroup).activeStreams(now);
    return n;
  }

  /** Modelled memory: streams × overhead + unflushed chunk bytes (stream groups: active real streams × overhead + their bytes). */
  get memoryBytes(): number {
    let bytes =
      (this.streams.size - this.groups.size) * this.config.perStreamOverheadBytes + this.chunkMemoryBytes;
    const now = this.sim.now;
    for (const g of this.groups) {
      const group = g.group as StreamGroup;
      bytes += group.activeStreams(now) * this.config.perStreamOverheadBytes + group.memoryBytes(now);
    }
    return bytes;
  }

  /** Memory of unflushed chunk data alone (memoryBytes without the per-stream overhead). */
  private chunkDataBytes(): number {
    let bytes = this.chunkMemoryBytes;
    const now = this.sim.now;
    for (const g of this.groups) bytes += (g.group as StreamGroup).memoryBytes(now);
    return bytes;
  }

  /** Raw bytes not yet flushed; what the WAL would replay. */
  get walBytes(): number {
    return this.walBytesNow;
  }

  /** Whether the table holds the stream. */
  hasStream(streamId: StreamId): boolean {
    return this.streams.has(streamId);
  }

  /** The newest accepted entry timestamp of a stream, if it is in the table. */
  newestTsUs(streamId: StreamId): number | undefined {
    return this.streams.get(streamId)?.newestTsUs;
  }

  /** Unflushed chunks (head and closed), in table order. */
  *unflushed(): IterableIterator<UnflushedChunkView> {
    for (const s of this.streams.values()) {
      for (const c of s.closed) yield c.chunk;
      if (s.head !== undefined && s.head.lines > 0) yield s.head.toFlushed('forced');
      if (s.group !== undefined) for (const v of s.group.views()) yield { streamId: s.id, ...v };
    }
  }

  /** Unflushed data of one stream (head, closed chunks, or a group's parts). */
  *unflushedOf(streamId: StreamId): IterableIterator<UnflushedChunkView> {
    const s = this.streams.get(streamId);
    if (s === undefined) return;
    for (const c of s.closed) yield c.chunk;
    if (s.head !== undefined && s.head.lines > 0) yield s.head.toFlushed('forced');
    if (s.group !== undefined) for (const v of s.group.views()) yield { streamId: s.id, ...v };
  }

  /**
   * Pushes one batch for a stream GROUP (many real streams told apart by a
   * high-cardinality label, see stream-group.ts). Differences from push():
   * the stream limit admits only as many new real streams as the table has
   * room for (lines bound for the streams over the limit, n × excess ÷
   * D(n), are refused with stream_limit); the per-stream rate limit and the
   * out-of-order window are not applied (each real stream gets a tiny share
   * of the group's lines, far under 3 MB/s, and its own newest timestamp).
   */
  pushGroup(streamId: StreamId, labels: LabelSet, space: ValueSpace, batch: EntryBatch): PushResult {
    this.stats.pushes++;
    const accepted = emptyTally();
    const rejected: Partial<Record<RejectionReason, LineTally>> = {};
    const record = (reason: RejectionReason, part: EntryBatch | undefined): void => {
      if (part === undefined) return;
      addToTally((rejected[reason] ??= emptyTally()), part);
      const s = (this.stats.rejected[reason] ??= { lines: 0, bytes: 0 });
      s.lines += part.lines;
      s.bytes += part.bytes;
    };
    if (this.stateNow !== 'active') {
      record('ingester_unavailable', batch);
      return { status: 'unavailable', accepted, rejected };
    }
    const now = this.sim.now;
    let stream = this.streams.get(streamId);
    const group =
      stream?.group ?? new StreamGroup(streamId, space, this.config.chunk, this.config.flushCheckPeriodUs);
    const opens = group.newStreams(now, batch.lines);
    const room = this.streamLimit() - this.activeStreams;
    let ok: EntryBatch | undefined = batch;
    if (opens > room) {
      const excess = opens - Math.max(0, room);
      const refused = Math.min(
        batch.lines,
        Math.ceil((batch.lines * excess) / group.distinctIn(batch.lines)),
      );
      const [keep, over] = splitBatchByLines(batch, batch.lines - refused);
      record('stream_limit', over);
      ok = keep;
    }
    if (ok === undefined) return { status: 'ok', accepted, rejected };
    const opened = stream === undefined ? 1 : 0;
    const projected = this.memoryBytes + (opens + opened) * this.config.perStreamOverheadBytes + ok.bytes;
    if (projected > this.config.memoryLimitBytes) {
      this.crash('oom');
      for (const key of Object.keys(rejected)) delete rejected[key as RejectionReason];
      record('ingester_unavailable', batch);
      return { status: 'unavailable', accepted, rejected };
    }
    if (stream === undefined) {
      stream = {
        id: streamId,
        labels,
        head: undefined,
        closed: [],
        newestTsUs: ok.maxTsUs,
        limiter: NO_LIMITER,
        group,
      };
      this.streams.set(streamId, stream);
      this.groups.add(stream);
    }
    group.append(ok, now);
    this.walBytesNow += ok.bytes;
    stream.newestTsUs = Math.max(stream.newestTsUs, ok.maxTsUs);
    addToTally(accepted, ok);
    this.stats.acceptedLines += ok.lines;
    this.stats.acceptedBytes += ok.bytes;
    this.stats.peakStreams = Math.max(this.stats.peakStreams, this.activeStreams);
    this.stats.peakMemoryBytes = Math.max(this.stats.peakMemoryBytes, this.memoryBytes);
    return { status: 'ok', accepted, rejected };
  }

  /** Pushes one stream's batch at sim.now and answers per-reason counts. */
  push(streamId: StreamId, labels: LabelSet, batch: EntryBatch): PushResult {
    this.stats.pushes++;
    const accepted = emptyTally();
    const rejected: Partial<Record<RejectionReason, LineTally>> = {};
    // No closures or bound functions here: push is the hottest path of a Loki run, and each
    // closure costs a name definition under the TypeScript loader.
    if (this.stateNow !== 'active') {
      rejectInto(rejected, 'ingester_unavailable', batch);
      return this.finishPush('unavailable', accepted, rejected);
    }
    const now = this.sim.now;
    let stream = this.streams.get(streamId);
    const isNew = stream === undefined;
    if (
      stream === undefined &&
      (this.groups.size === 0 ? this.streams.size : this.activeStreams) >= this.streamLimit()
    ) {
      rejectInto(rejected, 'stream_limit', batch);
      return this.finishPush('ok', accepted, rejected);
    }
    const limiter =
      stream?.limiter ??
      new TokenBucket(
        this.deps.limits.perStreamRateLimitBytesPerSec,
        this.deps.limits.perStreamRateLimitBurstBytes,
        now,
      );

    // Per entry, like Loki's AllowN on each line: the first k lines that fit pass.
    const available = limiter.availableBytes(now);
    const k =
      batch.bytes === 0
        ? batch.lines
        : Math.min(batch.lines, Math.floor((available * batch.lines) / batch.bytes));
    let allowed: EntryBatch | undefined = batch;
    if (k < batch.lines) {
      const [first, limited] = splitBatchByLines(batch, k);
      rejectInto(rejected, 'per_stream_rate_limit', limited);
      allowed = first;
    }
    if (allowed !== undefined) limiter.takeUpTo(now, allowed.bytes);

    // Then the unordered-writes window, against the stream's newest entry.
    let ok = allowed;
    if (ok !== undefined && stream !== undefined) {
      const cutoff = outOfOrderCutoffUs(stream.newestTsUs, this.config.chunk.maxAgeUs);
      if (cutoff > ok.minTsUs) {
        const [tooOld, inWindow] = splitBatchAtTs(ok, cutoff);
        rejectInto(rejected, 'rejected_out_of_order', tooOld);
        ok = inWindow;
      }
    }
    if (ok === undefined) return this.finishPush('ok', accepted, rejected);

    // Raw bytes bound the memory an append adds (compression only lowers it).
    const projected = this.memoryBytes + (isNew ? this.config.perStreamOverheadBytes : 0) + ok.bytes;
    if (projected > this.config.memoryLimitBytes) {
      this.crash('oom');
      for (const key of Object.keys(rejected)) delete rejected[key as RejectionReason];
      rejectInto(rejected, 'ingester_unavailable', batch);
      return this.finishPush('unavailable', accepted, rejected);
    }

    if (stream === undefined) {
      stream = {
        id: streamId,
        labels,
        head: undefined,
        closed: [],
        newestTsUs: ok.maxTsUs,
        limiter,
        group: undefined,
      };
      this.streams.set(streamId, stream);
      this.stats.peakStreams = Math.max(this.stats.peakStreams, this.activeStreams);
    }
    this.append(stream, ok, now);
    stream.newestTsUs = Math.max(stream.newestTsUs, ok.maxTsUs);
    addToTally(accepted, ok);
    this.stats.acceptedLines += ok.lines;
    this.stats.acceptedBytes += ok.bytes;
    this.stats.peakMemoryBytes = Math.max(this.stats.peakMemoryBytes, this.memoryBytes);
    return this.finishPush('ok', accepted, rejected);
  }

  private finishPush(
    status: PushResult['status'],
    accepted: LineTally,
    rejected: Partial<Record<RejectionReason, LineTally>>,
  ): PushResult {
    for (const reason in rejected) {
      const tally = rejected[reason as RejectionReason] as LineTally;
      const s = (this.stats.rejected[reason as RejectionReason] ??= { lines: 0, bytes: 0 });
      s.lines += tally.lines;
      s.bytes += tally.bytes;
    }
    return { status, accepted, rejected };
  }

  /**
   * Kills the process at sim.now. Without the WAL every unflushed line is
   * lost; with it the stream table is rebuilt on restart. In-flight flushes
   * are abandoned (their chunks stay unflushed).
   */
  crash(cause: CrashCause = 'fault'): CrashReport {
    if (this.stateNow === 'down')
      return { cause, atUs: this.sim.now, lost: emptyTally(), walBytes: this.walBytesNow };
    this.incarnation++;
    this.stateNow = 'down';
    this.stats.crashes++;
    if (cause === 'oom') this.stats.oomKills++;
    this.flushQueue.length = 0;
    this.inFlight = 0;
    const lost = emptyTally();
    if (this.config.walEnabled) {
      for (const s of this.streams.values()) for (const c of s.closed) c.inFlight = false;
    } else {
      for (const view of this.unflushed()) {
        lost.lines += view.lines;
        lost.bytes += view.rawBytes;
        for (const n of view.needles) lost.needles.push(n);
      }
      this.streams.clear();
      this.groups.clear();
      this.chunkMemoryBytes = 0;
      this.walBytesNow = 0;
      this.stats.lostLines += lost.lines;
      this.stats.lostBytes += lost.bytes;
    }
    const report: CrashReport = {
      cause,
      atUs: this.sim.now,
      lost,
      walBytes: this.config.walEnabled ? this.walBytesNow : 0,
    };
    this.deps.listener?.onCrash?.(this, report);
    if (cause === 'oom' && this.config.restartAfterOomUs !== undefined) {
      this.sim.schedule(this.config.restartAfterOomUs, this.onAutoRestart, this.incarnation);
    }
    return report;
  }

  /**
   * Starts a crashed ingester. With the WAL it replays for
   * walBytes ÷ walReplayBytesPerSec before taking writes; per-stream rate
   * limiters start full (they are not in the WAL).
   */
  restart(): void {
    if (this.stateNow !== 'down') return;
    this.incarnation++;
    const replayUs = this.config.walEnabled
      ? Math.ceil((this.walBytesNow * US_PER_SECOND) / this.config.walReplayBytesPerSec)
      : 0;
    if (replayUs === 0) {
      this.becomeReady();
      return;
    }
    this.stateNow = 'replaying';
    // Replay rebuilds the memory the ingester had (the WAL holds its streams and unflushed data).
    // The ceiling counts the chunk data replayed: past 90 % of it the replay flushes chunks as it
    // goes, so an ingester OOM-killed with its memory full of chunk data comes back with room, and
    // without the early flush it comes back full and is killed by its next push (a crash loop).
    // The streams' own overhead is rebuilt whatever the ceiling: a cardinality explosion still
    // comes back too large.
    const flushAt = REPLAY_FLUSH_SHARE * this.config.walReplayMemoryCeilingBytes;
    this.replayFlushesEarly = this.chunkDataBytes() > flushAt;
    this.sim.schedule(replayUs, this.onReplayDone, this.incarnation);
  }

  /** Closes every head chunk (`forced`) and queues all for flushing, as on a scale-down. */
  flushAll(): void {
    if (this.stateNow !== 'active') return;
    for (const s of this.streams.values()) {
      this.closeHead(s, 'forced');
      if (s.group !== undefined) this.closeGroup(s, true);
    }
    this.enqueueClosed();
  }

  private streamLimit(): number {
    return localStreamLimit(this.deps.limits, this.deps.healthyIngesters(), this.config.replicationFactor);
  }

  /** Appends to the head, cutting a chunk each time it reaches the target size. */
  private append(stream: StreamState, batch: EntryBatch, now: number): void {
    let rest: EntryBatch | undefined = batch;
    while (rest !== undefined) {
      const head: HeadChunk = (stream.head ??= new HeadChunk(stream.id, this.config.chunk, now));
      const lineBytes = rest.bytes / rest.lines;
      let k = lineBytes === 0 ? rest.lines : Math.floor(head.rawCapacityBytes / lineBytes);
      if (head.lines === 0) k = Math.max(k, 1); // a line larger than a chunk still gets one
      if (k === 0) {
        this.closeHead(stream, 'full');
        continue;
      }
      const [part, tail]: [EntryBatch | undefined, EntryBatch | undefined] = splitBatchByLines(rest, k);
      rest = tail;
      if (part === undefined) continue;
      const before = head.memoryBytes;
      head.append(part, now);
      this.chunkMemoryBytes += head.memoryBytes - before;
      this.walBytesNow += part.bytes;
      if (head.full) this.closeHead(stream, 'full');
    }
  }

  private closeHead(stream: StreamState, reason: CutReason): void {
    const head = stream.head;
    if (head === undefined) return;
    stream.head = undefined;
    if (head.lines === 0) return;
    stream.closed.push({ chunk: head.toFlushed(reason), memoryBytes: head.memoryBytes, inFlight: false });
  }

  /** Moves a group's idle or old parts to its closed list (each part flushes as its `objects` chunk objects). */
  private closeGroup(stream: StreamState, force: boolean): void {
    const group = stream.group as StreamGroup;
    for (const piece of group.cut(this.sim.now, force)) {
      // A cut piece leaves the head blocks: its chunks are compressed from now on.
      this.chunkMemoryBytes += piece.chunk.bytes;
      stream.closed.push({ chunk: piece.chunk, memoryBytes: piece.chunk.bytes, inFlight: false });
    }
  }

  private scheduleFlushCheck(): void {
    this.sim.schedule(this.config.flushCheckPeriodUs, this.onFlushCheck, this.incarnation);
  }

  /** The sweep: cut idle and old heads, queue closed chunks, drop empty streams. */
  private flushCheck(incarnation: number): void {
    if (incarnation !== this.incarnation) return;
    const now = this.sim.now;
    for (const s of this.streams.values()) {
      const reason = s.head?.cutReason(now);
      if (reason !== undefined) this.closeHead(s, reason);
      if (s.group !== undefined) this.closeGroup(s, false);
    }
    this.enqueueClosed();
    this.scheduleFlushCheck();
  }

  private enqueueClosed(): void {
    for (const s of this.streams.values()) {
      for (const c of s.closed) {
        if (c.inFlight) continue;
        c.inFlight = true;
        this.flushQueue.push({ incarnation: this.incarnation, stream: s, closed: c });
      }
      if (this.isDrained(s)) this.forget(s);
    }
    this.pump();
  }

  /** Starts flushes while workers are free; each takes one object-store PUT. */
  private pump(): void {
    while (this.inFlight < this.config.concurrentFlushes && this.flushQueue.length > 0) {
      const op = this.flushQueue.shift() as FlushDone;
      this.inFlight++;
      const c = op.closed.chunk;
      const objects = c.objects ?? 1;
      // A group piece is `objects` PUTs spread over the flush workers.
      const rounds = Math.ceil(objects / this.config.concurrentFlushes);
      this.sim.schedule(
        rounds * this.deps.store.requestDurationUs(Math.ceil(c.bytes / objects)),
        this.onFlushDone,
        op,
      );
    }
  }

  private flushDone(op: FlushDone): void {
    if (op.incarnation !== this.incarnation) return;
    this.inFlight--;
    const key = this.deps.store.put(op.closed.chunk);
    const s = op.stream;
    const i = s.closed.indexOf(op.closed);
    if (i >= 0) s.closed.splice(i, 1);
    this.chunkMemoryBytes -= op.closed.memoryBytes;
    this.walBytesNow -= op.closed.chunk.rawBytes;
    this.stats.chunksFlushed += op.closed.chunk.objects ?? 1;
    this.stats.bytesFlushed += op.closed.chunk.bytes;
    // The stream leaves the table once nothing of it remains in memory.
    if (this.isDrained(s)) this.forget(s);
    this.deps.listener?.onChunkFlushed?.(this, op.closed.chunk, key);
    this.pump();
  }

  private isDrained(s: StreamState): boolean {
    return s.head === undefined && s.closed.length === 0 && (s.group === undefined || s.group.empty);
  }

  private forget(s: StreamState): void {
    this.streams.delete(s.id);
    this.groups.delete(s);
  }

  private replayDone(incarnation: number): void {
    if (incarnation !== this.incarnation) return;
    this.becomeReady();
    if (this.replayFlushesEarly) {
      // What the replay flushed on the way: every chunk it rebuilt goes to storage now.
      this.replayFlushesEarly = false;
      this.stats.replayFlushes++;
      this.flushAll();
    }
  }

  private autoRestart(incarnation: number): void {
    if (incarnation !== this.incarnation) return;
    this.restart();
  }

  private becomeReady(): void {
    this.stateNow = 'active';
    const now = this.sim.now;
    for (const s of this.streams.values())
      s.limiter = new TokenBucket(
        this.deps.limits.perStreamRateLimitBytesPerSec,
        this.deps.limits.perStreamRateLimitBurstBytes,
        now,
      );
    this.scheduleFlushCheck();
    this.deps.listener?.onReady?.(this);
  }
}
