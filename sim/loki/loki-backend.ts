/**
 * The Loki write path as an IngestBackend (decisions 05, 06, 10), wired to the
 * agents, the ledger and the read view.
 *
 *   push (one cohort's offset range)
 *     │ no healthy distributor ───────────────────────► 503 retry
 *     │ distributor token bucket (whole push) ────────► 429 rate_limited, retry
 *     ▼
 *   stream plan: levels × label values × shards ─► parts (offset shares, offset-shares.ts)
 *     │ label validation / entry validation ────────► 400: lose (rejected_* causes)
 *     │ ring.replicasFor(token, RF) not ok (any part) ► 503 quorum failure, retry
 *     ▼
 *   each live replica: Ingester.push / pushGroup (stream limit, per-stream
 *   rate, out-of-order window, memory / OOM)
 *     │ acked = the quorum-th largest accepted count among the replica set
 *     │ acked lines ─► ledger.deliver now (the quorum acknowledged); tracked
 *     │               per replica until flushed (replica-tracker.ts)
 *     │ shortfall, non-retryable (400) ─► ledger.lose with its cause, answer 400
 *     │ shortfall, retryable (429 incl. stream_limit / 503) ─► answer retry; what replicas
 *     │               accepted stays and is flushed: the agent's retry is then
 *     │               a duplicate (counted by the ledger), as in Loki
 *     ▼
 *   ingesters flush chunks ─► object store; the index is labels only
 *
 * Simplifications, each deliberate:
 * - The answer is computed when the request arrives (the network delay of the
 *   link stands for the RPC time); nothing is held between arrival and answer,
 *   so the backend's heldRanges are empty.
 * - `stream_limit` is a 429 like the rate limits (limits.ts REJECTIONS;
 *   facts.md §2c; reference/user-needs.md §1 item 1): the push is answered
 *   `retry`, the streams that reached a quorum are delivered, and the agent
 *   re-sends the whole batch after its back-off. Refused lines are therefore
 *   never recorded lost here: they end delivered on a later attempt (once
 *   old streams went idle and made room, or the ring settled after a scale),
 *   or lost with cause retry_exhausted when the agent's retry budget runs
 *   out. loki.rejected counts refused lines per attempt, so a line refused
 *   three times counts three times there and once in the ledger.
 * - A replica's verdict on a stream is a prefix/suffix of its lines, so the
 *   lines a quorum accepted are the quorum-th largest accepted count; the
 *   shortfall takes the reason the deciding replica gave most lines for.
 * - Duplicates of a retry: the agent re-sends the lines that were already
 *   acknowledged in the partially refused push. The ledger counts each as a
 *   duplicate delivery (it was re-sent over the wire and re-acknowledged:
 *   DESIGN.md principle 3), exactly. Loki's ingester drops an exact duplicate
 *   entry (same timestamp and line) while it is still in the head chunk;
 *   the simulated ingester appends it again instead, so after partial 429s
 *   chunk bytes are slightly overstated, and a stream group (stream-group.ts)
 *   counts the re-sent lines towards its window of active streams.
 */
import { round4 } from '../metrics/report-rounding.ts';
import type { DeliverySink, IngestBackend, PushReplyTarget, PushRequest } from '../backend/push.ts';
import type { Simulation } from '../engine/simulation.ts';
import { US_PER_SECOND } from '../engine/time.ts';
import type { LossCause } from '../ledger/loss-cause.ts';
import type { FlushedChunk } from './chunk.ts';
import { expectedDistinct } from './distinct-values.ts';
import type { EntryBatch, LineTally } from './entry-batch.ts';
import { Ingester, type IngesterConfig, type PushResult } from './ingester.ts';
import { type LabelRejection, validateLabelSet } from './label-set.ts';
import { isRetryable, type RejectionReason, type TenantLimits } from './limits.ts';
import type { LokiFault } from './loki-faults.ts';
import { chunkKey, ObjectStore, type ObjectStoreConfig } from './object-store.ts';
import { countLines, dealShares, firstLines, lastLines, middleLines, type Ranges } from './offset-shares.ts';
import type { IndexedStream, IngesterChunkRef, LokiReadView } from './read-view.ts';
import { ReplicaTracker, type AckRecord } from './replica-tracker.ts';
import { Ring } from './ring.ts';
import type { StreamId } from './stream-id.ts';
import { StreamPlan, type ServiceLabelDesign, type StreamInfo, type StreamPart } from './stream-plan.ts';
import { distributorRateBytesPerSec, TokenBucket } from './token-bucket.ts';
import { validateEntries } from './validation.ts';
import { CpuPool, type CpuCost } from './cpu-pool.ts';

/** The cluster's design. */
export interface LokiBackendConfig {
  /** Distributors (stateless; the global rate limit is split across the healthy ones). */
  readonly distributors: number;
  readonly ingesters: number;
  readonly replicationFactor: number;
  readonly tokensPerIngester: number;
  readonly ingester: IngesterConfig;
  readonly limits: TenantLimits;
  readonly objectStore: ObjectStoreConfig;
  readonly designs: readonly ServiceLabelDesign[];
  readonly shardStreams: boolean;
  readonly faults: readonly LokiFault[];
  /**
   * TSDB index bytes per series: its label text plus 16 B (fingerprint and
   * postings offset) *(assumption: TSDB stores each series' labels once per
   * daily table plus fixed-size references; grafana/loki pkg/storage/stores/tsdb/index)*.
   */
  readonly indexBytesPerSeriesOverhead: number;
  /**
   * TSDB bytes per chunk reference, 24 B *(assumption: a ChunkMeta is MinTime,
   * MaxTime, Checksum, KB and Entries, varint-encoded — tsdb/index/chunk.go)*.
   */
  readonly indexBytesPerChunk: number;
  /**
   * Ring `heartbeat_timeout`, 1m by default (grafana/loki
   * docs/sources/shared/configuration.md; reference/facts.md §2a): how long
   * after its last heartbeat an ingester still counts as healthy
   * (`backend.ingesters.heartbeat_timeout`); undefined means the default.
   */
  readonly heartbeatTimeoutUs?: number;
  /**
   * CPU of the distributors and ingesters (cpu-pool.ts). Absent: unlimited,
   * every push answered at once (unit tests of the other rules).
   */
  readonly capacity?: LokiCapacity;
}

/** What the write path's components can do (issue 33). */
export interface LokiCapacity {
  /** Per distributor: cores and CPU per raw byte received (validated, hashed, fanned out). */
  readonly distributor: CpuCost;
  /** Per ingester: cores and CPU per raw byte appended (per replica: compressed into chunks, written to the WAL). */
  readonly ingester: CpuCost;
  /** `ingester_client.remote_timeout`, 5s: a push whose replicas answer later fails with 5xx (retried). */
  readonly remoteTimeoutUs: number;
}

/** A push the distributors have queued, or whose replicas are still working it. */
interface PendingPush {
  readonly request: PushRequest;
  readonly replyTo: PushReplyTarget;
}

/** What a dispatched push delivers and answers once its quorum is done. */
interface Settlement extends PendingPush {
  readonly verdict: Verdict;
  readonly outcome: NonNullable<PushRequest['outcome']>;
}

/** What the backend needs to know about the sources (cohorts) that push to it. */
export interface LokiSources {
  /** The service, first host and host count of a source. */
  info(source: number): { readonly service: string; readonly firstHost: number; readonly hosts: number };
  /** Emit time (µs) of a line, for needles (their entry timestamps). */
  emitTimeOf(source: number, offset: number): number;
}

/** What one push settles, accumulated over its parts. */
interface Verdict {
  lost: number;
  cause: LossCause | undefined;
  retry: RejectionReason | undefined;
  readonly deliver: { readonly ranges: Ranges; readonly record: AckRecord | undefined }[];
  /** Per part: the replicas that appended it and how many must answer (for the push's latency). */
  readonly quorums: { readonly instances: readonly number[]; readonly minSuccess: number }[];
}

const NO_NEEDLES: readonly number[] = Object.freeze([]);

const OK: NonNullable<PushRequest['outcome']> = Object.freeze({ kind: 'ok' });

/** Answers a push. */
function answer(
  request: PushRequest,
  replyTo: PushReplyTarget,
  outcome: NonNullable<PushRequest['outcome']>,
): void {
  request.outcome = outcome;
  replyTo.reply(request);
}

/** The request's needle offsets inside its range (usually all of them, or none: then no copy). */
function needlesInside(request: PushRequest): readonly number[] {
  const all = request.needles;
  if (all.length === 0) return NO_NEEDLES;
  let inside = true;
  for (const o of all) if (o < request.startOffset || o >= request.endOffset) inside = false;
  return inside ? all : all.filter((o) => o >= request.startOffset && o < request.endOffset);
}

/** The k-th largest of a few numbers (k ≥ 1); 0 when there are fewer. */
function kthLargest(xs: readonly number[], k: number): number {
  if (xs.length < k) return 0;
  // The k-th largest is the x with fewer than k larger values and at least k at least as large: no copy, no sort (a few replicas).
  for (const x of xs) {
    let larger = 0;
    let notSmaller = 0;
    for (const y of xs) {
      if (y > x) larger++;
      if (y >= x) notSmaller++;
    }
    if (larger < k && notSmaller >= k) return x;
  }
  return 0;
}

interface StreamBook {
  readonly info: StreamInfo;
  acceptedLines: number;
}

const LOSS_OF: Partial<Record<RejectionReason, LossCause>> = {
  line_too_long: 'rejected_line_too_long',
  rejected_out_of_order: 'rejected_out_of_order',
  rejected_too_old: 'rejected_too_old',
  max_label_names_per_series: 'rejected_too_many_labels',
};

/** Reasons that refuse the OLDEST entries (mapped to the front of a share). */
const OLDEST_FIRST = new Set<RejectionReason>(['rejected_out_of_order', 'rejected_too_old']);

/**
 * Whether lines refused for this reason are final (recorded lost, not
 * retried): the 400s. The 429s — rate_limited, per_stream_rate_limit and
 * stream_limit (limits.ts REJECTIONS; facts.md §2c; reference/user-needs.md
 * §1 items 1 and 2) — and the 503s are answered `retry`.
 */
function isFinal(reason: RejectionReason): boolean {
  return !isRetryable(reason);
}

/** The Loki write path. */
export class LokiBackend implements IngestBackend {
  readonly kind = 'loki';
  readonly store: ObjectStore;
  private readonly ring: Ring;
  private readonly ingesters: Ingester[] = [];
  /** Ingesters in the ring (joined, not left). */
  private readonly members = new Set<number>();
  /** Ingesters cut off from the distributors: when the cut began and until when it lasts (µs). */
  private readonly unreachable = new Map<number, { readonly sinceUs: number; readonly untilUs: number }>();
  /** When each crashed ingester went down (cleared when it is active again). */
  private readonly downSince = new Map<number, number>();
  private readonly heartbeatTimeoutUs: number;
  /** Distributor health; a request goes to any healthy one. */
  private readonly distributorUp: boolean[] = [];
  /** The healthy distributors' cores, pooled (a push goes to any healthy one). */
  private readonly distributorCpu = new CpuPool(0);
  /** Each ingester's cores, by ingester id (created on its first push). */
  private readonly ingesterCpu: CpuPool[] = [];
  /** Scratch of dispatch(): lines each ingester appended for the push, and when it is done with them. */
  private readonly scratchLines = new Map<number, number>();
  private readonly scratchDone = new Map<number, number>();
  /** Pushes answered 5xx by the remote timeout whose replicas are still working them. */
  private readonly pendingLate = new Set<Settlement>();
  private remoteTimeouts = 0;
  /**
   * The tenant buckets of all healthy distributors, pooled. A cohort's request
   * stands for `hosts` requests spread over the distributors, so the pool's
   * rate is the sum of the per-distributor rates (global: the tenant rate;
   * local: the tenant rate × healthy distributors) and its burst the sum of
   * the bursts; a single host's push larger than one distributor's burst can
   * never pass. A cohort is admitted or refused as a whole (its hosts ship in
   * lockstep), a simplification of Loki admitting some hosts' pushes.
   */
  private readonly tenantBucket: TokenBucket;
  private readonly plan: StreamPlan;
  private readonly tracker: ReplicaTracker;
  private readonly books = new Map<StreamId, StreamBook>();
  /** Each stream's label verdict (null: valid): a label set and the limits never change during a run. */
  private readonly labelProblems = new Map<StreamId, LabelRejection | null>();
  // Report figures.
  private readonly rejectedLines: Partial<Record<RejectionReason, number>> = {};
  private quorumFailures = 0;
  private requests = 0;
  private requestsRateLimited = 0;
  private walReplays = 0;
  private crashes = 0;
  private activeStreamsPeak = 0;
  private memoryPeakBytes = 0;
  private scaleEvents = 0;
  private lostOnCrashLines = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly config: LokiBackendConfig,
    private readonly sink: DeliverySink,
    private readonly sources: LokiSources,
  ) {
    this.store = new ObjectStore(config.objectStore);
    this.heartbeatTimeoutUs = config.heartbeatTimeoutUs ?? DEFAULT_HEARTBEAT_TIMEOUT_US;
    const ids = Array.from({ length: config.ingesters }, (_, i) => i);
    this.ring = new Ring(sim.random, ids, config.tokensPerIngester);
    for (const id of ids) this.addIngester(id);
    this.plan = new StreamPlan(config.designs, {
      enabled: config.shardStreams,
      desiredRateBytesPerSec: config.limits.shardStreamsDesiredRateBytesPerSec,
    });
    this.tracker = new ReplicaTracker(sink);
    for (let i = 0; i < config.distributors; i++) this.distributorUp.push(true);
    this.tenantBucket = new TokenBucket(
      this.poolRate(config.distributors),
      config.limits.ingestionBurstBytes * config.distributors,
      0,
    );
    for (const f of config.faults) this.sim.scheduleAt(f.atUs, this.onFault, f);
    this.sim.schedule(PROBE_US, this.onProbe, undefined);
  }

  // ── faults ───────────────────────────────────────────────────────────────

  private readonly onFault = (f: LokiFault): void => {
    switch (f.kind) {
      case 'node_crash':
        if (f.target === 'ingester') {
          const ing = this.ingesters[f.index];
          if (ing === undefined) return;
          ing.crash('fault');
          if (f.restartAfterUs !== undefined) this.sim.schedule(f.restartAfterUs, this.onRestart, ing.id);
        } else {
          if (f.index >= this.distributorUp.length) return;
          this.distributorUp[f.index] = false;
          this.rebalanceDistributors();
          if (f.restartAfterUs !== undefined)
            this.sim.schedule(f.restartAfterUs, this.onDistributorUp, f.index);
        }
        return;
      case 'rolling_restart': {
        const ids = [...this.members];
        ids.forEach((id, i) =>
          this.sim.schedule(i * f.spacingUs, this.onRollingStop, { id, downtimeUs: f.downtimeUs }),
        );
        return;
      }
      case 'scale':
        this.scaleEvents++;
        if (f.delta > 0) {
          for (let i = 0; i < f.delta; i++) {
            const id = this.ingesters.length;
            this.addIngester(id);
            this.ring.join(id);
          }
        } else {
          const ids = [...this.members].reverse().slice(0, Math.min(-f.delta, this.members.size - 1));
          for (const id of ids) {
            // A leaving ingester flushes everything it holds, then stops taking writes.
            this.ingesters[id]?.flushAll();
            this.ring.leave(id);
            this.members.delete(id);
          }
        }
        return;
      case 'partition_ingesters':
        for (const id of f.ingesters) {
          // An overlapping cut extends the current one: the silence began with the first.
          const cut = this.currentCut(id);
          this.unreachable.set(id, {
            sinceUs: cut?.sinceUs ?? this.sim.now,
            untilUs: Math.max(cut?.untilUs ?? 0, f.untilUs),
          });
        }
        return;
    }
  };

  /** A rolling restart stops an ingester gracefully: without WAL it flushes first (WAL flush_on_shutdown false: with WAL it replays). */
  private readonly onRollingStop = (p: { id: number; downtimeUs: number }): void => {
    const ing = this.ingesters[p.id];
    if (ing === undefined || !this.members.has(p.id)) return;
    if (!ing.config.walEnabled) ing.flushAll();
    // Stop once the flush had time to drain (32 workers, 30 ms PUTs: well under a flush check).
    const drainUs = ing.config.walEnabled ? 0 : ing.config.flushCheckPeriodUs;
    this.sim.schedule(drainUs, this.onStop, { id: p.id, downtimeUs: p.downtimeUs });
  };

  private readonly onStop = (p: { id: number; downtimeUs: number }): void => {
    this.ingesters[p.id]?.crash('fault');
    this.sim.schedule(p.downtimeUs, this.onRestart, p.id);
  };

  private readonly onRestart = (id: number): void => {
    const ing = this.ingesters[id];
    if (ing === undefined || ing.state !== 'down') return;
    if (ing.config.walEnabled && ing.walBytes > 0) this.walReplays++;
    ing.restart();
  };

  private readonly onDistributorUp = (index: number): void => {
    if (index >= this.distributorUp.length) return;
    this.distributorUp[index] = true;
    this.rebalanceDistributors();
  };

  /** The pooled rate of `healthy` distributors (token-bucket.ts: distributorRateBytesPerSec each). */
  private poolRate(healthy: number): number {
    const each = distributorRateBytesPerSec(
      this.config.limits.ingestionRateStrategy,
      this.config.limits.ingestionRateBytesPerSec,
      healthy,
    );
    return each * healthy;
  }

  private healthyDistributors(): number {
    let n = 0;
    for (const up of this.distributorUp) if (up) n++;
    return n;
  }

  private rebalanceDistributors(): void {
    const healthy = this.healthyDistributors();
    this.tenantBucket.setRate(this.sim.now, this.poolRate(healthy));
    this.tenantBucket.setBurst(this.sim.now, this.config.limits.ingestionBurstBytes * Math.max(1, healthy));
  }

  private addIngester(id: number): void {
    const ing = new Ingester(
      id,
      {
        sim: this.sim,
        store: this.store,
        limits: this.config.limits,
        healthyIngesters: () => this.healthyIngesters(),
        listener: {
          onChunkFlushed: (i, chunk) => this.chunkFlushed(i, chunk),
          onCrash: (i, report) => {
            this.crashes++;
            if (!this.downSince.has(i.id)) this.downSince.set(i.id, report.atUs);
            this.lostOnCrashLines += report.lost.lines;
            if (!i.config.walEnabled) this.tracker.crashed(i.id);
            if (report.cause === 'oom' && i.config.walEnabled && i.config.restartAfterOomUs !== undefined)
              this.walReplays++;
          },
          onReady: (i) => {
            this.downSince.delete(i.id);
          },
        },
      },
      this.config.ingester,
    );
    this.ingesters.push(ing);
    this.members.add(id);
  }

  private chunkFlushed(ing: Ingester, chunk: FlushedChunk): void {
    // The store indexes the chunk (once, when replicas cut identical ones: chunk-index.ts).
    if (!this.config.ingester.walEnabled) this.tracker.flushed(ing.id, chunk.streamId, chunk.lines);
  }

  /** The partition an ingester is under now, if any. */
  private currentCut(id: number): { readonly sinceUs: number; readonly untilUs: number } | undefined {
    const cut = this.unreachable.get(id);
    return cut !== undefined && this.sim.now < cut.untilUs ? cut : undefined;
  }

  /**
   * Since when an ingester has not heartbeated: it crashed (down; a WAL
   * replay after a restart still counts, it is not ACTIVE in the ring yet) or
   * it is cut off from the ring's store. Undefined while it heartbeats.
   */
  private silentSinceUs(id: number): number | undefined {
    const down = this.ingesters[id]?.state === 'active' ? undefined : this.downSince.get(id);
    const cut = this.currentCut(id)?.sinceUs;
    if (down === undefined) return cut;
    return cut === undefined ? down : Math.min(down, cut);
  }

  /**
   * The ring's view of an ingester: healthy until `heartbeat_timeout` (1m)
   * has passed since its last heartbeat (dskit InstanceDesc.IsHeartbeatHealthy).
   * A crashed or partitioned ingester therefore stays in replica sets for up
   * to a minute: distributors still send to it, the write fails and counts
   * against the quorum (ring.ts). After that, dskit filters it out of the
   * set, still counting it as a failure (the set is not re-chosen), so writes
   * fail the same way, but earlier: before any replica is written. The
   * limiter and the read path skip it from then on.
   */
  ringHealthy(id: number): boolean {
    if (!this.members.has(id)) return false;
    const silent = this.silentSinceUs(id);
    return silent === undefined || this.sim.now - silent < this.heartbeatTimeoutUs;
  }

  /**
   * Ring-healthy members: the limiter's "healthy ingesters"
   * (convertGlobalToLocalLimit divides the global stream limit by them). A
   * member that went silent still counts for heartbeat_timeout, so the local
   * limit only rises a minute after an ingester is lost.
   */
  healthyIngesters(): number {
    let n = 0;
    for (const id of this.members) if (this.ringHealthy(id)) n++;
    return n;
  }

  /** Whether a write sent to this ingester now is answered: it is up, active and reachable. */
  private writable(id: number): boolean {
    if (this.currentCut(id) !== undefined) return false;
    return this.ingesters[id]?.state === 'active';
  }

  /** Whether distributors pick it: a WAL replay is not ACTIVE yet, the rest is heartbeat health. */
  private pickable(id: number): boolean {
    return this.ingesters[id]?.state !== 'replaying' && this.ringHealthy(id);
  }

  /** `pickable` bound once: a closure per push costs more than the push's own work. */
  private readonly isPickable = (id: number): boolean => this.pickable(id);

  // ── the push ─────────────────────────────────────────────────────────────

  receive(request: PushRequest, replyTo: PushReplyTarget): void {
    this.requests++;
    if (this.healthyDistributors() === 0)
      return answer(request, replyTo, { kind: 'retry', status: 503, reason: 'no distributor' });
    const cap = this.config.capacity;
    if (cap === undefined) return this.dispatch({ request, replyTo });
    // The distributors parse, validate and hash the push before anything else happens to it.
    this.distributorCpu.resize(this.healthyDistributors() * cap.distributor.cores);
    const doneUs = this.distributorCpu.take(request.bytes, cap.distributor, this.sim.now);
    this.sim.scheduleAt(doneUs, this.onDispatch, { request, replyTo });
  }

  private readonly onDispatch = (p: PendingPush): void => this.dispatch(p);
  private readonly onSettle = (s: Settlement): void => this.settle(s, true);
  private readonly onLateAnswer = (s: Settlement): void => {
    this.remoteTimeouts++;
    answer(s.request, s.replyTo, { kind: 'retry', status: 500, reason: 'ingester push timed out' });
  };

  /** The push as the distributor handles it once its CPU is done: limits, plan, replicas. */
  private dispatch({ request, replyTo }: PendingPush): void {
    const now = this.sim.now;
    const src = this.sources.info(request.source);
    // Loki checks each whole push against the tenant bucket (AllowN on its total size).
    const perHostBytes = Math.ceil(request.bytes / Math.max(1, request.hosts));
    if (
      perHostBytes > this.config.limits.ingestionBurstBytes ||
      !this.tenantBucket.tryTake(now, request.bytes)
    ) {
      this.requestsRateLimited++;
      this.countRejected('rate_limited', request.lines);
      return answer(request, replyTo, { kind: 'retry', status: 429, reason: 'rate_limited' });
    }

    const needles = needlesInside(request);
    const parts = this.plan.split({
      service: src.service,
      firstHost: src.firstHost,
      hosts: src.hosts,
      lines: request.lines,
      errors: request.errors,
      needles,
      bytes: request.bytes,
      nowUs: now,
    });
    // Replica sets first: dskit's DoBatch fails the whole push before writing if any stream lacks a quorum.
    const rf = this.config.replicationFactor;
    const sets: ReturnType<Ring['replicasFor']>[] = [];
    const plainLines: number[] = [];
    let quorum = true;
    for (const p of parts) {
      const set = this.ring.replicasFor(p.stream.token, rf, this.isPickable);
      quorum &&= set.ok;
      sets.push(set);
      plainLines.push(p.plainLines);
    }
    if (!quorum) {
      this.quorumFailures++;
      return answer(request, replyTo, { kind: 'retry', status: 503, reason: 'too few live replicas' });
    }
    const shares = dealShares(request.startOffset, request.endOffset, needles, plainLines);
    const lineBytes = request.lines > 0 ? request.bytes / request.lines : 0;

    let retryStatus = 0;
    let retryReason = '';
    const v: Verdict = { lost: 0, cause: undefined, retry: undefined, deliver: [], quorums: [] };
    for (let i = 0; i < parts.length; i++) {
      const set = sets[i];
      if (set === undefined) continue;
      v.retry = undefined;
      this.pushPart(
        request,
        parts[i] as StreamPart,
        shares[i] ?? [],
        set.instances,
        set.minSuccess,
        lineBytes,
        v,
      );
      if (v.retry !== undefined) {
        const status = v.retry === 'ingester_unavailable' ? 503 : 429;
        if (status > retryStatus) {
          retryStatus = status;
          retryReason = v.retry;
        }
      }
    }
    // A replica that still looked healthy but did not answer counts like one the ring skipped.
    if (retryStatus === 503) this.quorumFailures++;
    const outcome: NonNullable<PushRequest['outcome']> =
      retryStatus > 0
        ? { kind: 'retry', status: retryStatus, reason: retryReason }
        : v.lost > 0 && v.cause !== undefined
          ? { kind: 'rejected', status: 400, cause: v.cause, lines: v.lost }
          : OK;
    const settlement: Settlement = { request, replyTo, verdict: v, outcome };
    const ackUs = this.quorumDoneUs(v, lineBytes, now);
    if (ackUs <= now) return this.settle(settlement, true);
    const cap = this.config.capacity as LokiCapacity;
    this.sim.scheduleAt(ackUs, this.onSettle, settlement);
    if (ackUs - now > cap.remoteTimeoutUs) {
      // The distributor gives up on the replicas and fails the push; what they append stays (a retry duplicates it).
      this.sim.scheduleAt(now + cap.remoteTimeoutUs, this.onLateAnswer, settlement);
      this.pendingLate.add(settlement);
    }
  }

  /**
   * When the slowest part of a push has its quorum done: each ingester
   * works the bytes it appended after what it already had queued, and a part
   * is done when its minSuccess-th fastest replica is.
   */
  private quorumDoneUs(v: Verdict, lineBytes: number, now: number): number {
    const cap = this.config.capacity;
    if (cap === undefined || v.quorums.length === 0) return now;
    const doneAt = this.scratchDone;
    doneAt.clear();
    for (const [id, lines] of this.scratchLines) {
      const pool = (this.ingesterCpu[id] ??= new CpuPool(cap.ingester.cores));
      doneAt.set(id, pool.take(lines * lineBytes, cap.ingester, now));
    }
    this.scratchLines.clear();
    let ack = now;
    const times: number[] = [];
    for (const q of v.quorums) {
      times.length = 0;
      for (const id of q.instances) {
        const t = doneAt.get(id);
        if (t !== undefined) times.push(t);
      }
      if (times.length === 0) continue;
      times.sort((a, b) => a - b);
      ack = Math.max(ack, times[Math.min(q.minSuccess, times.length) - 1] as number);
    }
    return ack;
  }

  /** Delivers what the quorum acknowledged and, unless the distributor already gave up, answers. */
  private settle(s: Settlement, reply: boolean): void {
    const { request, replyTo, verdict: v } = s;
    // Deliver what the quorum acknowledged, in one pass over merged ranges. A
    // share whose every holder crashed (an OOM during this very push, without
    // WAL) is lost instead.
    const merged: Ranges = [];
    for (const d of v.deliver) {
      const gone = d.record !== undefined && d.record.holders === 0 && !d.record.durable;
      for (const r of d.ranges) {
        if (gone) {
          v.lost += this.sink.lose(request.source, r[0], r[1], 'lost_ingester_crash');
          continue;
        }
        const last = merged[merged.length - 1];
        if (last !== undefined && last[1] === r[0]) last[1] = r[1];
        else merged.push([r[0], r[1]]);
      }
    }
    merged.sort((a, b) => a[0] - b[0]);
    for (const [from, to] of merged) this.sink.deliver(request.source, from, to);
    if (reply && !this.pendingLate.delete(s)) answer(request, replyTo, s.outcome);
  }

  /** Records lines of a share lost for a final reason. */
  private lose(source: number, ranges: Ranges, reason: RejectionReason, v: Verdict): void {
    const c = LOSS_OF[reason] ?? 'rejected_non_retryable';
    v.cause ??= c;
    for (const [s, e] of ranges) v.lost += this.sink.lose(source, s, e, c);
  }

  /** Needle offsets of a part whose timestamps are in `tsList`. */
  private static needleOffsets(
    part: StreamPart,
    needleTs: readonly number[],
    tsList: readonly number[],
  ): Ranges {
    const out: Ranges = [];
    for (const ts of tsList) {
      const off = part.needles[needleTs.indexOf(ts)];
      if (off !== undefined) out.push([off, off + 1]);
    }
    return out;
  }

  /** Pushes one stream's share to its replicas; settles its final losses, and queues its acknowledged ranges in `v`. */
  private pushPart(
    request: PushRequest,
    part: StreamPart,
    share: Ranges,
    instances: readonly number[],
    minSuccess: number,
    lineBytes: number,
    v: Verdict,
  ): void {
    const src = request.source;
    const stream = part.stream;
    const hasNeedles = part.needles.length > 0;
    const needleTs = hasNeedles
      ? part.needles.map((o) =>
          Math.min(
            request.maxEmitUs,
            Math.max(request.minEmitUs, Math.round(this.sources.emitTimeOf(src, o))),
          ),
        )
      : NO_NEEDLES;
    const lines = part.plainLines + part.needles.length;
    const batch: EntryBatch = hasNeedles
      ? {
          lines,
          bytes: Math.round(lines * lineBytes),
          minTsUs: request.minEmitUs,
          maxTsUs: request.maxEmitUs,
          needles: needleTs,
        }
      : {
          lines,
          bytes: Math.round(lines * lineBytes),
          minTsUs: request.minEmitUs,
          maxTsUs: request.maxEmitUs,
        };

    // Distributor validation: labels, then entries. 400s: final.
    let labelProblem = this.labelProblems.get(stream.id);
    if (labelProblem === undefined) {
      labelProblem = validateLabelSet(stream.labels, this.config.limits) ?? null;
      this.labelProblems.set(stream.id, labelProblem);
    }
    if (labelProblem !== null) {
      this.countRejected(labelProblem, lines);
      this.lose(src, share, labelProblem, v);
      this.lose(
        src,
        part.needles.map((o): [number, number] => [o, o + 1]),
        labelProblem,
        v,
      );
      return;
    }
    const checked = validateEntries(batch, this.sim.now, this.config.limits);
    let front = 0;
    let back = 0;
    for (const key in checked.rejected) {
      const reason = key as RejectionReason;
      const tally = checked.rejected[reason] as LineTally;
      this.countRejected(reason, tally.lines);
      const plain = tally.lines - tally.needles.length;
      if (reason === 'line_too_long') {
        this.lose(src, share, reason, v);
        back = part.plainLines;
      } else if (OLDEST_FIRST.has(reason)) {
        this.lose(src, firstLines(share, plain - 0), reason, v);
        front += plain;
      } else {
        this.lose(src, lastLines(share, plain), reason, v);
        back += plain;
      }
      if (tally.needles.length > 0)
        this.lose(src, LokiBackend.needleOffsets(part, needleTs, tally.needles), reason, v);
    }
    const valid = checked.accepted;
    if (valid === undefined) return;
    const middle = front === 0 && back === 0 ? share : middleLines(share, front, back);

    // Replicas.
    const results: (PushResult | undefined)[] = [];
    const counts: number[] = [];
    for (const id of instances) {
      const ing = this.ingesters[id];
      let r: PushResult | undefined;
      if (ing !== undefined && this.writable(id)) {
        r =
          stream.space === undefined
            ? ing.push(stream.id, stream.labels, valid)
            : ing.pushGroup(stream.id, stream.labels, stream.space, valid);
      }
      results.push(r);
      counts.push(r === undefined || r.status !== 'ok' ? 0 : r.accepted.lines);
    }
    if (this.config.capacity !== undefined) {
      let appended = 0;
      for (let j = 0; j < instances.length; j++) {
        const r = results[j];
        if (r === undefined || r.status !== 'ok') continue;
        if (stream.space === undefined) {
          const id = instances[j] as number;
          this.scratchLines.set(id, (this.scratchLines.get(id) ?? 0) + r.accepted.lines);
        } else appended += r.accepted.lines;
      }
      if (stream.space === undefined) v.quorums.push({ instances, minSuccess });
      else if (appended > 0) {
        // A stream group stands for many real streams, each hashed to its own place on the ring:
        // the CPU of appending them is spread over every writable ingester, not laid on the RF
        // replicas that hold the group's figures, and the push waits for all of them.
        const members: number[] = [];
        for (const id of this.members) if (this.writable(id)) members.push(id);
        for (const id of members)
          this.scratchLines.set(id, (this.scratchLines.get(id) ?? 0) + appended / members.length);
        v.quorums.push({ instances: members, minSuccess: members.length });
      }
    }
    const acked = kthLargest(counts, minSuccess);
    const decidingIndex = counts.indexOf(acked);
    const deciding = results[decidingIndex];

    // Needles: accepted when the deciding replica accepted them.
    const validNeedleTs = valid.needles ?? NO_NEEDLES;
    let ackedNeedles: Ranges = [];
    let refusedNeedles: Ranges = [];
    if (validNeedleTs.length > 0) {
      const ok = deciding?.status === 'ok' ? deciding.accepted.needles : NO_NEEDLES;
      ackedNeedles = LokiBackend.needleOffsets(
        part,
        needleTs,
        validNeedleTs.filter((ts) => ok.includes(ts)),
      );
      refusedNeedles = LokiBackend.needleOffsets(
        part,
        needleTs,
        validNeedleTs.filter((ts) => !ok.includes(ts)),
      );
    }
    const ackedPlain = Math.max(0, acked - ackedNeedles.length);
    const middleLinesCount = countLines(middle);
    const shortPlain = Math.max(0, middleLinesCount - ackedPlain);
    const short = shortPlain + refusedNeedles.length;

    // The shortfall's reason: what the deciding replica refused most lines for.
    let reason: RejectionReason = 'ingester_unavailable';
    if (short > 0 && deciding !== undefined && deciding.status === 'ok') {
      let most = 0;
      for (const [r, t] of Object.entries(deciding.rejected) as [RejectionReason, LineTally][]) {
        if (t.lines > most) {
          most = t.lines;
          reason = r;
        }
      }
    }
    if (short > 0) this.countRejected(reason, short);

    // Which offsets were acknowledged (offset-shares.ts convention).
    const oldest = OLDEST_FIRST.has(reason);
    let ackedRanges: Ranges =
      shortPlain === 0 ? middle : oldest ? lastLines(middle, ackedPlain) : firstLines(middle, ackedPlain);
    if (ackedNeedles.length > 0) ackedRanges = [...ackedRanges, ...ackedNeedles].sort((a, b) => a[0] - b[0]);
    if (short > 0) {
      if (isFinal(reason)) {
        this.lose(src, oldest ? firstLines(middle, shortPlain) : lastLines(middle, shortPlain), reason, v);
        this.lose(src, refusedNeedles, reason, v);
      } else v.retry = reason;
    }

    // Who holds what, for crashes before flush. With the WAL a crash loses nothing
    // acknowledged (the tracker is only told of crashes without it), so nothing to track.
    let record: AckRecord | undefined;
    if (!this.config.ingester.walEnabled) {
      let holders = 0;
      if (acked > 0) for (const c of counts) if (c >= acked) holders++;
      record = acked > 0 ? this.tracker.record(src, ackedRanges, acked, holders) : undefined;
      for (let j = 0; j < instances.length; j++) {
        const c = counts[j] ?? 0;
        this.tracker.appended(instances[j] as number, stream.id, c, c >= acked ? record : undefined);
      }
    }
    if (acked > 0) v.deliver.push({ ranges: ackedRanges, record });
    let book = this.books.get(stream.id);
    if (book === undefined) {
      book = { info: stream, acceptedLines: 0 };
      this.books.set(stream.id, book);
    }
    book.acceptedLines += acked;
  }

  private countRejected(reason: RejectionReason, lines: number): void {
    if (lines > 0) this.rejectedLines[reason] = (this.rejectedLines[reason] ?? 0) + lines;
  }

  heldRanges(): [number, number][] {
    return [];
  }

  // ── observation ──────────────────────────────────────────────────────────

  private readonly onProbe = (): void => {
    this.observe();
    this.sim.schedule(PROBE_US, this.onProbe, undefined);
  };

  /** Tenant active streams now: streams on ingesters ÷ RF (each stream lives on RF replicas). */
  activeStreams(): number {
    let n = 0;
    for (const ing of this.ingesters) if (ing.state !== 'down') n += ing.activeStreams;
    return Math.round(n / this.config.replicationFactor);
  }

  private observe(): { streams: number; memory: number } {
    const streams = this.activeStreams();
    let memory = 0;
    for (const ing of this.ingesters) if (ing.state !== 'down') memory = Math.max(memory, ing.memoryBytes);
    this.activeStreamsPeak = Math.max(this.activeStreamsPeak, streams);
    this.memoryPeakBytes = Math.max(this.memoryPeakBytes, memory);
    return { streams, memory };
  }

  /** Time-series columns for the run's sampler. */
  sample(): Record<string, number> {
    const { streams, memory } = this.observe();
    let rejected = 0;
    for (const n of Object.values(this.rejectedLines)) rejected += n;
    return {
      'loki.activeStreams': streams,
      'loki.ingesterMemoryMaxBytes': memory,
      'loki.rejectedLines': rejected,
      'loki.objects': this.store.storedObjects,
    };
  }

  /** Index bytes: every stream the index knows (× its multiplicity) plus one reference per stored chunk object. */
  indexBytes(): number {
    let bytes = 0;
    for (const book of this.books.values()) {
      if (book.acceptedLines === 0) continue;
      bytes +=
        this.multiplicityOf(book) * (book.info.labels.key.length + this.config.indexBytesPerSeriesOverhead);
    }
    return bytes + this.store.storedObjects * this.config.indexBytesPerChunk;
  }

  private multiplicityOf(book: StreamBook): number {
    const space = book.info.space;
    return space === undefined ? 1 : Math.max(1, Math.round(expectedDistinct(space, book.acceptedLines)));
  }

  report(): Record<string, unknown> {
    let pushes = 0;
    for (const ing of this.ingesters) pushes += ing.stats.pushes;
    return {
      distributors: this.config.distributors,
      ingesters: this.members.size,
      replicationFactor: this.config.replicationFactor,
      requests: this.requests,
      requestsRateLimited: this.requestsRateLimited,
      ingesterPushes: pushes,
    };
  }

  /** The `loki` section of report.json (keys in a stable order). */
  lokiReport(): Record<string, unknown> {
    this.observe();
    let chunksFlushed = 0;
    let oomKills = 0;
    let replayFlushes = 0;
    let memoryPeak = 0;
    let streamsPerIngesterPeak = 0;
    for (const ing of this.ingesters) {
      chunksFlushed += ing.stats.chunksFlushed;
      oomKills += ing.stats.oomKills;
      replayFlushes += ing.stats.replayFlushes;
      memoryPeak = Math.max(memoryPeak, ing.stats.peakMemoryBytes);
      streamsPerIngesterPeak = Math.max(streamsPerIngesterPeak, ing.stats.peakStreams);
    }
    const objects = this.store.storedObjects;
    const rejected: Record<string, number> = {};
    for (const k of Object.keys(this.rejectedLines).sort())
      rejected[k] = this.rejectedLines[k as RejectionReason] ?? 0;
    let streamsEver = 0;
    for (const b of this.books.values()) if (b.acceptedLines > 0) streamsEver += this.multiplicityOf(b);
    return {
      activeStreamsPeak: this.activeStreamsPeak,
      activeStreamsPerIngesterPeak: streamsPerIngesterPeak,
      streamsCreated: streamsEver,
      chunksFlushed,
      objects,
      puts: this.store.counters.puts,
      chunkBytes: this.store.bytesStored,
      avgChunkBytes: objects > 0 ? Math.round(this.store.bytesStored / objects) : 0,
      indexBytes: this.indexBytes(),
      ingesterMemoryPeakBytes: Math.max(memoryPeak, this.memoryPeakBytes),
      ingesterMemoryLimitBytes: this.config.ingester.memoryLimitBytes,
      rejected,
      quorumFailures: this.quorumFailures,
      ingesterCrashes: this.crashes,
      oomKills,
      walReplays: this.walReplays,
      walReplayEarlyFlushes: replayFlushes,
      unflushedLinesLostOnCrash: this.lostOnCrashLines,
      acknowledgedLinesLost: this.tracker.retractedLines,
      scaleEvents: this.scaleEvents,
      capacity: this.capacityReport(),
    };
  }

  /**
   * Utilisation of each component kind over the run, its worst backlog, and
   * which kind saturated first (its queued work first reached 1 s): the
   * component to add before any other.
   */
  private capacityReport(): Record<string, unknown> | null {
    const cap = this.config.capacity;
    if (cap === undefined) return null;
    const now = this.sim.now;
    const dCores = this.config.distributors * cap.distributor.cores;
    let iCpu = 0;
    let iPeak = 0;
    let iBacklog = 0;
    let iSaturated: number | undefined;
    for (const pool of this.ingesterCpu) {
      if (pool === undefined) continue;
      iCpu += pool.cpuUs;
      iPeak = Math.max(iPeak, pool.cpuUs);
      iBacklog = Math.max(iBacklog, pool.backlogPeakUs);
      if (pool.saturatedAtUs !== undefined) iSaturated = Math.min(iSaturated ?? Infinity, pool.saturatedAtUs);
    }
    const util = (cpuUs: number, cores: number): number =>
      now > 0 && cores > 0 ? round4(cpuUs / (now * cores)) : 0;
    const dSaturated = this.distributorCpu.saturatedAtUs;
    const first =
      dSaturated === undefined && iSaturated === undefined
        ? null
        : (iSaturated ?? Infinity) < (dSaturated ?? Infinity)
          ? 'ingester'
          : 'distributor';
    return {
      distributors: {
        cores: dCores,
        cpuSeconds: round4(this.distributorCpu.cpuUs / US_PER_SECOND),
        utilization: util(this.distributorCpu.cpuUs, dCores),
        backlogPeakSeconds: round4(this.distributorCpu.backlogPeakUs / US_PER_SECOND),
        saturatedAtSeconds: dSaturated === undefined ? null : round4(dSaturated / US_PER_SECOND),
      },
      ingesters: {
        coresEach: cap.ingester.cores,
        cpuSeconds: round4(iCpu / US_PER_SECOND),
        utilization: util(iCpu, this.members.size * cap.ingester.cores),
        utilizationPeak: util(iPeak, cap.ingester.cores),
        backlogPeakSeconds: round4(iBacklog / US_PER_SECOND),
        saturatedAtSeconds: iSaturated === undefined ? null : round4(iSaturated / US_PER_SECOND),
      },
      remoteTimeouts: this.remoteTimeouts,
      saturatedFirst: first,
    };
  }

  /** The read path's view of what this write path holds (read-view.ts). */
  readView(): LokiReadView {
    return {
      objectStore: this.store,
      streams: () => this.indexedStreams(),
      storedChunks: (stream, fromUs, toUs) => this.store.index.overlapping(stream, fromUs, toUs, chunkKey),
      storedTotals: (stream, fromUs, toUs) => this.store.index.totals(stream, fromUs, toUs),
      storedHoldsNeedle: (stream, fromUs, toUs, needleTsUs, toleranceUs) =>
        this.store.index.holdsNeedle(stream, fromUs, toUs, needleTsUs, toleranceUs),
      ingesterChunks: (stream, fromUs, toUs) => {
        const out: IngesterChunkRef[] = [];
        for (const ing of this.ingesters) {
          // A querier reaches the ingesters that are up and reachable; the others' data has live replicas or is lost.
          if (!this.writable(ing.id)) continue;
          for (const c of ing.unflushedOf(stream)) {
            if (c.maxTsUs < fromUs || c.minTsUs > toUs) continue;
            out.push({
              ingester: ing.id,
              lines: c.lines,
              rawBytes: c.rawBytes,
              minTsUs: c.minTsUs,
              maxTsUs: c.maxTsUs,
              needles: c.needles,
            });
          }
        }
        return out;
      },
      indexBytes: () => this.indexBytes(),
    };
  }

  private *indexedStreams(): IterableIterator<IndexedStream> {
    for (const b of this.books.values()) {
      if (b.acceptedLines > 0)
        yield { id: b.info.id, labels: b.info.labels, multiplicity: this.multiplicityOf(b) };
    }
  }
}

/** Ring `heartbeat_timeout` 1m — grafana/loki docs/sources/shared/configuration.md; facts.md §2a. */
export const DEFAULT_HEARTBEAT_TIMEOUT_US = 60 * US_PER_SECOND;

/** How often peaks (active streams, memory) are probed: the ingester's flush-check period, 30 s. */
const PROBE_US = 30 * US_PER_SECOND;
