import type { RandomStream } from '../engine/rng.ts';
import { INDEXED_PAYLOAD_LIMIT } from '../engine/event-queue.ts';
import { Prefetch, prefetchDoubles } from '../engine/prefetch.ts';
import type { Simulation } from '../engine/simulation.ts';
import { US_PER_SECOND } from '../engine/time.ts';
import type { IngestTarget, PushReplyTarget, PushRequest, DeliverySink } from '../backend/push.ts';
import type { LossCause } from '../ledger/loss-cause.ts';
import type { Link } from '../network/link.ts';
import { Emitter } from '../workload/emitter.ts';
import type { TickStore } from '../workload/tick-store.ts';
import type { AgentConfig, AppConfig, RotationConfig, WhenFull } from './agent-config.ts';
import { AppStall } from './app-stall.ts';
import { backoffUs } from './backoff.ts';
import { BatchBit, BatchPool, NO_BATCH } from './batch-pool.ts';
import { LogFile } from './log-file.ts';
import { OffsetHoles } from './offset-holes.ts';

/** Figures an agent accumulates for the report. */
export interface AgentStats {
  /** Peak of the whole buffer (memory and disk), per host. */
  bufferPeakBytes: number;
  /** Peak of the buffer's disk part, per host. */
  diskPeakBytes: number;
  /** Peak of the log files on disk (active, rotated, deleted but open), per host. */
  fileDiskPeakBytes: number;
  requestsSent: number;
  retries: number;
  timeouts: number;
  batchesGivenUp: number;
  crashes: number;
  rotations: number;
  /** Lowest buffer fill (0..1, by bytes or lines, whichever is fuller) at which the policy dropped lines; 1 if it never did. */
  minFillAtDrop: number;
}

/** An agent crash at `atUs`, restarted `restartAfterUs` later. */
export interface AgentCrash {
  readonly atUs: number;
  readonly restartAfterUs: number;
}

/** A window of virtual time. */
export interface TimeWindow {
  readonly fromUs: number;
  readonly toUs: number;
}

/** What surrounds the agent on its host: how the app writes, file rotation, and host faults. */
export interface AgentEnvironment {
  readonly app: AppConfig;
  /** Rotation of the log file (`file` transport only); undefined: the file never rotates. */
  readonly rotation?: RotationConfig | undefined;
  readonly crashes: readonly AgentCrash[];
  /** Windows during which the host's disk is full. */
  readonly diskFull: readonly TimeWindow[];
}

/** What every agent of a run shares. */
export interface AgentWorld {
  readonly sim: Simulation;
  /** Where the agents' requests go: the first stage of the pipeline. */
  readonly backend: IngestTarget;
  readonly sink: DeliverySink;
  /** The back-off jitter stream of a source, created when the source first retries. */
  readonly jitterStreamOf: (source: number) => RandomStream;
}

/** How the application of an agent's host writes when nothing says otherwise. */
const DEFAULT_ENVIRONMENT: AgentEnvironment = {
  app: { transport: 'file', logger: 'sync', queueLines: Infinity },
  crashes: [],
  diskFull: [],
};

/**
 * What agents of one size, path and environment share: their settings, with
 * the questions the hot path asks of them answered once.
 */
interface AgentKind {
  readonly config: AgentConfig;
  readonly link: Link;
  readonly env: AgentEnvironment;
  readonly hosts: number;
  readonly socket: boolean;
  /** A synchronous logger on a socket: the app stalls while the agent cannot take its lines. */
  readonly socketSync: boolean;
  /** An asynchronous logger on a socket: its bounded queue drops what the agent cannot take. */
  readonly appQueueDrops: boolean;
}

/**
 * An agent's state for rare happenings (retries, time-outs, crashes, drops,
 * holes, a stalled app) and its rotating log file: allocated on the first of
 * them, so a quiet agent has none and its events never look for it.
 */
class AgentCold {
  file: LogFile | undefined;
  holes: OffsetHoles | undefined;
  appStall: AppStall | undefined;
  fileDiskPeakBytes = 0;
  retries = 0;
  timeouts = 0;
  batchesGivenUp = 0;
  crashes = 0;
  rotations = 0;
  /** Lowest buffer fill at which the policy dropped lines; 1 if it never did. */
  minFillAtDrop = 1;
  /** Next time-based rotation; only read with a rotating file. */
  nextTimeRotationUs = 0;
  /** The instant of the planned rotation check, −1 if none. */
  rotateAtUs = -1;
  /** The named stream for back-off jitter, created at the first retry. */
  rngStream: RandomStream | undefined;
}

/** One send of a batch: the request the backend sees, the agent it came from, and its time-out's place. */
interface AgentRequest extends PushRequest {
  readonly agent: number;
  /**
   * The place in the order of events its time-out reserved (Simulation.reserveSeq), set once
   * the request is on its way: unique in the run and increasing with the agent's sends, so it
   * also names the attempt.
   */
  seq: number;
}

/** The payload of a retry event (rare: an object per retry is fine). */
interface RetryTicket {
  readonly agent: number;
  readonly batch: number;
}

// An agent's record: its hot state as doubles in one Float64Array, fields in the order the
// common events touch them.
/** Bit set of Flag. */
const FLAGS = 0;
/** The instant of the planned wake, NO_WAKE if none. */
const WAKE_AT = 1;
/** Index of its AgentKind. */
const KIND = 2;
/** Next line to read from the file (or the socket). */
const READ = 3;
/** First line of the batch being filled, −1 if none. */
const OPEN_START = 4;
const OPEN_SINCE = 5;
const BUF_BYTES = 6;
const BUF_LINES = 7;
const IN_FLIGHT = 8;
const CHECKPOINT = 9;
const CHECKPOINT_DUE = 10;
/** Id of the next request; also the count of requests sent. */
const NEXT_REQUEST = 11;
/** The attempt (its seq) the agent's pending time-out event is for, −1 if none is pending (see armTimeout). */
const TIMEOUT_FOR = 12;
/** Oldest and newest batch of its queue (BatchPool slots), NO_BATCH when empty. */
const QUEUE_HEAD = 13;
const QUEUE_TAIL = 14;
/** When the host's NIC has sent what it was given (the link is shared by hosts of one path). */
const LINK_FREE = 15;
/** While the disk is full with file transport: the first line the app could not write; −1 otherwise. */
const DISK_FULL_HOLE = 16;
const BUFFER_PEAK = 17;
const DISK_PEAK = 18;
/** Batches of its queue waiting out a retry back-off (BatchBit.BackingOff and not Done). */
const BACKING_OFF = 19;
const STRIDE = 20;

/** Bits of an agent's FLAGS. */
const Flag = {
  Down: 1,
  /** The last read stopped on a full buffer with lines left (under block): the app side is waiting. */
  WaitingOnFull: 2,
  /** The last read found the buffer full (and blocked or dropped). */
  HitFull: 4,
  DiskFullNow: 8,
  FaultDiskFull: 16,
  /** The logs and the disk buffer filled the host disk (rotation's disk size). */
  SizeDiskFull: 32,
  /** It has a rotating log file (in its AgentCold). */
  HasFile: 64,
  /** It has offset holes (in its AgentCold). */
  HasHoles: 128,
  /** Its app has stalled at some point (the AppStall is in its AgentCold). */
  HasStall: 256,
} as const;
type Flag = (typeof Flag)[keyof typeof Flag];

// No wake planned (virtual time is never negative).
const NO_WAKE = -1;

// Size-rotation checks are predicted from the write rate, clamped to this range.
const SIZE_CHECK_MIN_US = US_PER_SECOND;
const SIZE_CHECK_MAX_US = 10 * US_PER_SECOND;

// Read by agents without holes or a stall of their own (never written).
const NO_HOLES = new OffsetHoles();
const NEVER_STALLED = new AppStall();

/**
 * The shipping agents of a run. Each tails its source's log from a saved
 * offset (or takes lines from the app's socket), reads into a bounded buffer
 * (memory, disk, or memory spilling to disk), cuts batches by lines, bytes and
 * linger, sends them over its link, retries with exponential back-off, and
 * checkpoints its offset. It is a state machine driven by a few events (wake,
 * arrival, reply, time-out, retry; and the rare rotation, crash, restart and
 * disk-full edges); no event is ever spent on a line.
 *
 *   app ──write──▶ file (rotates) ──read──▶ open batch ──close──▶ queue ──send──▶ link ──▶ backend
 *    │ socket: blocks or drops  ▲ readOffset                        ▲ retry/back-off        │
 *    └──────────────────────────┴──── checkpoint ◀── ack ◀──────────┴────── reply ◀─────────┘
 *
 * Agent i ships source i. Its hot state is a record of one Float64Array and
 * its batches live in a BatchPool; its events carry the number i. At 100k
 * agents, an event that had to reach an agent object first paid a cache miss
 * for it before any work (docs/performance.md): here an event goes from its
 * payload straight to the record. What only rare happenings need sits in an
 * AgentCold, found through flags that say it exists.
 *
 * Every loss is recorded with its cause; every line an agent still holds is in
 * heldRanges(), which is what the conservation check relies on.
 */
export class AgentFleet implements PushReplyTarget {
  private rec: Float64Array;
  private count = 0;
  private readonly kinds: AgentKind[] = [];
  /** Kinds by environment (most agents share their size's environment), for reuse. */
  private readonly kindsByEnv = new Map<AgentEnvironment, number[]>();
  private readonly cold: (AgentCold | undefined)[] = [];
  private readonly batches = new BatchPool();
  private readonly sim: Simulation;
  private readonly backend: IngestTarget;
  private readonly sink: DeliverySink;

  // Handlers bound once for the fleet: the payload says which agent (or request, or retry).
  private readonly onWake = (i: number): void => this.wake(i);
  private readonly onArrive = (r: AgentRequest): void => this.backend.receive(r, this);
  private readonly onReply = (r: AgentRequest): void => this.handleReply(r);
  private readonly onTimeout = (i: number): void => this.timeout(i);
  private readonly onRetry = (t: RetryTicket): void => this.retry(t);
  private readonly onRotateCheck = (i: number): void => this.rotateCheck(i);
  // The agent's own timers are indexed events: the payload is the agent's index, carried in the
  // event itself (Simulation.registerIndexed).
  private readonly wakeEvent: number;
  private readonly timeoutEvent: number;
  private readonly rotateCheckEvent: number;

  constructor(
    private readonly world: AgentWorld,
    /** The run's logs; agent i tails source i's. */
    private readonly ticks: TickStore,
    /** Sizes the record array up front, so a fleet's records are allocated once. */
    expectedAgents = 1,
  ) {
    this.sim = world.sim;
    this.backend = world.backend;
    this.sink = world.sink;
    this.rec = new Float64Array(Math.max(1, expectedAgents) * STRIDE);
    this.wakeEvent = this.sim.registerIndexed(this.onWake);
    this.timeoutEvent = this.sim.registerIndexed(this.onTimeout);
    this.rotateCheckEvent = this.sim.registerIndexed(this.onRotateCheck);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Adds the agent of the next source (its index is returned and equals the
   * source's). `config` is per cohort: the runner has already multiplied sizes
   * by `hosts`.
   */
  add(hosts: number, config: AgentConfig, link: Link, env: AgentEnvironment = DEFAULT_ENVIRONMENT): number {
    // The agent's index is the payload of its timer events.
    if (this.count >= INDEXED_PAYLOAD_LIMIT)
      throw new RangeError(
        `a run holds at most ${INDEXED_PAYLOAD_LIMIT} agents (cohorts); raise fleet.cohort_max_hosts`,
      );
    const i = this.count++;
    if (this.count * STRIDE > this.rec.length) {
      const bigger = new Float64Array(this.rec.length * 2);
      bigger.set(this.rec);
      this.rec = bigger;
    }
    const r = this.rec;
    const o = i * STRIDE;
    r[o + FLAGS] = 0;
    r[o + WAKE_AT] = NO_WAKE;
    r[o + KIND] = this.kindFor(hosts, config, link, env);
    r[o + READ] = 0;
    r[o + OPEN_START] = -1;
    r[o + OPEN_SINCE] = 0;
    r[o + BUF_BYTES] = 0;
    r[o + BUF_LINES] = 0;
    r[o + IN_FLIGHT] = 0;
    r[o + CHECKPOINT] = 0;
    r[o + CHECKPOINT_DUE] = config.checkpointEveryUs;
    r[o + NEXT_REQUEST] = 0;
    r[o + TIMEOUT_FOR] = -1;
    r[o + QUEUE_HEAD] = NO_BATCH;
    r[o + QUEUE_TAIL] = NO_BATCH;
    r[o + LINK_FREE] = 0;
    r[o + DISK_FULL_HOLE] = -1;
    r[o + BACKING_OFF] = 0;
    r[o + BUFFER_PEAK] = 0;
    r[o + DISK_PEAK] = 0;
    if (env.app.transport === 'file' && env.rotation !== undefined) {
      const cold = new AgentCold();
      cold.file = new LogFile(new Emitter(this.ticks, i), env.rotation);
      this.cold.push(cold);
      this.setFlag(i, Flag.HasFile, true);
    } else this.cold.push(undefined);
    return i;
  }

  private kindFor(hosts: number, config: AgentConfig, link: Link, env: AgentEnvironment): number {
    let list = this.kindsByEnv.get(env);
    if (list === undefined) this.kindsByEnv.set(env, (list = []));
    for (const k of list) {
      const kind = this.kinds[k] as AgentKind;
      if (kind.config === config && kind.link === link && kind.hosts === hosts) return k;
    }
    const socket = env.app.transport === 'socket';
    this.kinds.push({
      config,
      link,
      env,
      hosts,
      socket,
      socketSync: socket && env.app.logger === 'sync',
      appQueueDrops: socket && env.app.logger === 'async',
    });
    list.push(this.kinds.length - 1);
    return this.kinds.length - 1;
  }

  /**
   * Starts agent i tailing and schedules its host's faults (a handful of events).
   * `phaseUs` (< linger) offsets the first wake: real agents start at
   * different instants, so their batch timers are not in step.
   */
  start(i: number, phaseUs = 0): void {
    this.scheduleWake(i, phaseUs);
    const env = this.kind(i).env;
    // Faults are rare: a closure per scheduled fault, none per agent without faults.
    for (const c of env.crashes) this.sim.scheduleAt(c.atUs, (x: AgentCrash) => this.crash(i, x), c);
    for (const w of env.diskFull) {
      this.sim.scheduleAt(w.fromUs, (x: TimeWindow) => this.diskFullStart(i, x), w);
      this.sim.scheduleAt(w.toUs, (x: TimeWindow) => this.diskFullEnd(i, x), w);
    }
    const file = this.fileOf(i);
    if (file !== undefined) {
      this.ownCold(i).nextTimeRotationUs = file.config.everyUs;
      this.scheduleRotateCheck(i, 0);
    }
  }

  /**
   * Brings agent i's lazy state up to `nowUs` at the end of a run: an async
   * app queue that overflowed, a disk still full. Sends nothing.
   */
  finish(i: number, nowUs: number): void {
    const hole = this.get(i, DISK_FULL_HOLE);
    if (hole >= 0) {
      this.loseHole(i, hole, this.ticks.linesAt(i, nowUs), 'disk_full');
      this.put(i, DISK_FULL_HOLE, this.ticks.linesAt(i, nowUs));
    }
    if (this.kind(i).appQueueDrops && this.has(i, Flag.WaitingOnFull | Flag.Down))
      this.overflowAppQueue(i, this.ticks.linesAt(i, nowUs));
  }

  // ── what the report and the conservation check read ─────────────────────

  hostsOf(i: number): number {
    return this.kind(i).hosts;
  }

  /** Figures accumulated for the report (a snapshot). */
  stats(i: number): AgentStats {
    const cold = this.cold[i];
    return {
      bufferPeakBytes: this.get(i, BUFFER_PEAK),
      diskPeakBytes: this.get(i, DISK_PEAK),
      fileDiskPeakBytes: cold?.fileDiskPeakBytes ?? 0,
      requestsSent: this.get(i, NEXT_REQUEST),
      retries: cold?.retries ?? 0,
      timeouts: cold?.timeouts ?? 0,
      batchesGivenUp: cold?.batchesGivenUp ?? 0,
      crashes: cold?.crashes ?? 0,
      rotations: cold?.rotations ?? 0,
      minFillAtDrop: cold?.minFillAtDrop ?? 1,
    };
  }

  /** Bytes read and not yet settled (queued, open or in flight). */
  bufferBytes(i: number): number {
    return this.get(i, BUF_BYTES);
  }

  /** Bytes of the buffer that live on disk. */
  bufferDiskBytes(i: number): number {
    const cfg = this.kind(i).config;
    switch (cfg.bufferType) {
      case 'memory':
        return 0;
      case 'disk':
        return this.get(i, BUF_BYTES);
      case 'spill':
        return Math.max(0, this.get(i, BUF_BYTES) - cfg.bufferMaxBytes);
    }
  }

  /** Bytes of log files on disk now (0 without file rotation tracking). */
  fileDiskBytes(i: number, nowUs: number): number {
    const file = this.fileOf(i);
    if (file === undefined) return 0;
    return file.diskBytes(this.writtenLines(i, nowUs));
  }

  /** How long the application has waited on agent i (a blocking logger on a socket). */
  stall(i: number): Pick<AppStall, 'blocked' | 'delayedLines' | 'stallUsAt'> {
    return this.cold[i]?.appStall ?? NEVER_STALLED;
  }

  /** Whether agent i is down (crashed, not yet restarted). */
  isDown(i: number): boolean {
    return this.has(i, Flag.Down);
  }

  /** Ranges agent i holds for the conservation check: its buffer and the unread file (or app backlog). */
  heldRanges(i: number): [number, number][] {
    const out: [number, number][] = [];
    const pool = this.batches;
    for (let b = this.get(i, QUEUE_HEAD); b !== NO_BATCH; b = pool.next(b))
      if (!pool.has(b, BatchBit.Done)) out.push([pool.start(b), pool.end(b)]);
    const openStart = this.get(i, OPEN_START);
    if (openStart >= 0) out.push([openStart, this.get(i, READ)]);
    out.push([this.get(i, READ), Number.MAX_SAFE_INTEGER]);
    return out;
  }

  // ── the record ──────────────────────────────────────────────────────────

  private get(i: number, field: number): number {
    return this.rec[i * STRIDE + field] as number;
  }
  private put(i: number, field: number, value: number): void {
    this.rec[i * STRIDE + field] = value;
  }
  private add1(i: number, field: number, delta: number): void {
    this.rec[i * STRIDE + field] = (this.rec[i * STRIDE + field] as number) + delta;
  }
  /** Whether any of `flags` is set. */
  private has(i: number, flags: number): boolean {
    return ((this.rec[i * STRIDE + FLAGS] as number) & flags) !== 0;
  }
  private setFlag(i: number, flag: Flag, on: boolean): void {
    const flags = this.rec[i * STRIDE + FLAGS] as number;
    this.rec[i * STRIDE + FLAGS] = on ? flags | flag : flags & ~flag;
  }
  private kind(i: number): AgentKind {
    return this.kinds[this.rec[i * STRIDE + KIND] as number] as AgentKind;
  }
  private config(i: number): AgentConfig {
    return this.kind(i).config;
  }

  /** Agent i's cold state, allocated on first need. */
  private ownCold(i: number): AgentCold {
    let cold = this.cold[i];
    if (cold === undefined) this.cold[i] = cold = new AgentCold();
    return cold;
  }
  private fileOf(i: number): LogFile | undefined {
    return this.has(i, Flag.HasFile) ? (this.cold[i] as AgentCold).file : undefined;
  }
  private holesOf(i: number): OffsetHoles {
    return this.has(i, Flag.HasHoles) ? ((this.cold[i] as AgentCold).holes as OffsetHoles) : NO_HOLES;
  }
  /** The stall record, allocated the first time the application blocks. */
  private ownStall(i: number): AppStall {
    const cold = this.ownCold(i);
    if (cold.appStall === undefined) {
      cold.appStall = new AppStall();
      this.setFlag(i, Flag.HasStall, true);
    }
    return cold.appStall;
  }

  // ── events ──────────────────────────────────────────────────────────────

  private wake(i: number): void {
    // A stale wake (a newer, earlier one replaced it) finds a different planned instant.
    if (this.get(i, WAKE_AT) !== this.sim.now || this.has(i, Flag.Down)) return;
    this.put(i, WAKE_AT, NO_WAKE);
    this.step(i);
  }

  /**
   * The batch of agent i whose attempt `seq` is on the wire, NO_BATCH if none
   * (answered, timed out, or forgotten by a crash). An attempt's seq is never
   * reused, so a match is that very attempt.
   */
  /**
   * The batch whose attempt `seq` is on the wire, NO_BATCH if none. Batches
   * are first sent in queue order, so the ever-sent ones are a prefix of the
   * queue: the search ends at the first never-sent batch, and passes settled
   * ones only once (it splices them out).
   */
  private inFlightBatch(i: number, seq: number): number {
    const pool = this.batches;
    for (let prev = NO_BATCH, b = this.get(i, QUEUE_HEAD); b !== NO_BATCH;) {
      if (pool.has(b, BatchBit.Done)) {
        b = this.spliceOut(i, prev, b);
        continue;
      }
      if (pool.inFlight(b) === seq) return b;
      if (pool.firstSentUs(b) < 0) return NO_BATCH;
      prev = b;
      b = pool.next(b);
    }
    return NO_BATCH;
  }

  /**
   * Takes settled batch `b` (after `prev`, or at the head) out of agent i's
   * queue; returns the batch after it. A batch settled behind an unsettled
   * head stays linked until a walk passes it, so each is passed once.
   */
  private spliceOut(i: number, prev: number, b: number): number {
    const pool = this.batches;
    const next = pool.next(b);
    if (prev === NO_BATCH) this.put(i, QUEUE_HEAD, next);
    else pool.setNext(prev, next);
    if (this.get(i, QUEUE_TAIL) === b) this.put(i, QUEUE_TAIL, prev);
    this.unlink(b);
    return next;
  }

  /**
   * The backend will answer `req` soon (engine/prefetch.ts): Direct loads its agent's record,
   * Indirect the batch at the head of the agent's queue (the one on the wire, as a rule).
   */
  prefetch(req: PushRequest, step: Prefetch): void {
    const i = (req as AgentRequest).agent;
    if (!(i >= 0 && i < this.count)) return;
    if (step === Prefetch.Direct) prefetchDoubles(this.rec, i * STRIDE, STRIDE);
    else this.batches.prefetch(this.get(i, QUEUE_HEAD));
  }

  /** Called by the backend when it answers; the answer travels back over the link. */
  reply(req: PushRequest): void {
    // Every request this fleet hands a backend is one of its AgentRequests.
    const sent = req as AgentRequest;
    if (this.inFlightBatch(sent.agent, sent.seq) === NO_BATCH) return; // timed out, or a crash forgot it
    this.sim.scheduleAt(this.kind(sent.agent).link.replyTime(), this.onReply, sent);
  }

  private handleReply(req: AgentRequest): void {
    const i = req.agent;
    const batch = this.inFlightBatch(i, req.seq);
    if (batch === NO_BATCH) return; // the attempt timed out meanwhile, or a crash forgot it
    const pool = this.batches;
    pool.clearInFlight(batch);
    this.add1(i, IN_FLIGHT, -1);
    if (this.get(i, IN_FLIGHT) < 0) throw new Error(`agent ${i}: more replies than requests`);
    const outcome = req.outcome;
    if (outcome === undefined) throw new Error('reply without an outcome');
    if (outcome.kind === 'retry') {
      if (outcome.status >= 400 && outcome.status < 500 && outcome.status !== 429) {
        // Other 4xx are the sender's fault: retrying cannot help.
        this.sink.lose(i, pool.start(batch), pool.end(batch), 'rejected_non_retryable');
        this.settle(i, batch);
      } else this.failAttempt(i, batch);
    } else this.settle(i, batch); // ok, or rejected: the backend recorded its own losses
    this.step(i);
  }

  /**
   * Time-outs. Every send would schedule one after the same delay, yet nearly
   * every request is answered long before it: at a second's linger and a 10 s
   * time-out, ten pending events per agent, nine of them doing nothing (a
   * quarter of all events at 100k agents). So each send only reserves its
   * time-out's place in the order of events (its seq), and an agent keeps at
   * most one time-out event pending, for its oldest attempt on the wire. When
   * that event runs, the next is armed for the then oldest attempt. Deadlines
   * follow send order (one delay per agent), so every attempt still on the wire
   * at its deadline gets its event, in its reserved place: the run is the one
   * an event per send would give, minus the events that would have found
   * their request answered.
   */
  private armTimeout(i: number): void {
    if (this.get(i, TIMEOUT_FOR) >= 0 || this.get(i, IN_FLIGHT) === 0) return;
    const pool = this.batches;
    let oldest = NO_BATCH;
    // Only the ever-sent prefix of the queue can be on the wire (see inFlightBatch).
    for (let prev = NO_BATCH, b = this.get(i, QUEUE_HEAD); b !== NO_BATCH;) {
      if (pool.has(b, BatchBit.Done)) {
        b = this.spliceOut(i, prev, b);
        continue;
      }
      if (pool.firstSentUs(b) < 0) break;
      const seq = pool.inFlight(b);
      if (seq >= 0 && (oldest === NO_BATCH || seq < pool.inFlight(oldest))) oldest = b;
      prev = b;
      b = pool.next(b);
    }
    if (oldest === NO_BATCH) throw new Error(`agent ${i}: requests in flight, but no batch on the wire`);
    const seq = pool.inFlight(oldest);
    this.put(i, TIMEOUT_FOR, seq);
    const deadline = pool.sentAtUs(oldest) + Math.ceil(this.config(i).requestTimeoutUs);
    this.sim.scheduleReservedIndexed(deadline, seq, this.timeoutEvent, i);
  }

  private timeout(i: number): void {
    const seq = this.get(i, TIMEOUT_FOR);
    this.put(i, TIMEOUT_FOR, -1);
    const batch = this.inFlightBatch(i, seq);
    if (batch !== NO_BATCH) {
      const pool = this.batches;
      const sent = pool.sentAtUs(batch);
      if (sent + Math.ceil(this.config(i).requestTimeoutUs) !== this.sim.now)
        throw new Error(`agent ${i}: the time-out of an attempt sent at ${sent} ran at ${this.sim.now}`);
      // The request may still land later: then the retry is a duplicate, as in a real agent.
      pool.clearInFlight(batch);
      this.add1(i, IN_FLIGHT, -1);
      if (this.get(i, IN_FLIGHT) < 0) throw new Error(`agent ${i}: more time-outs than requests`);
      this.ownCold(i).timeouts++;
      this.failAttempt(i, batch);
      this.step(i);
    }
    this.armTimeout(i);
  }

  private retry(t: RetryTicket): void {
    const pool = this.batches;
    const b = t.batch;
    pool.set(b, BatchBit.RetryPending, false);
    if (pool.has(b, BatchBit.Done)) {
      // Settled (dropped) or forgotten by a crash while backing off; out of its queue, the slot is ours to free.
      if (pool.has(b, BatchBit.Unlinked)) pool.free(b);
      return;
    }
    pool.set(b, BatchBit.BackingOff, false);
    this.add1(t.agent, BACKING_OFF, -1);
    this.step(t.agent);
  }

  /** A batch leaves its agent's queue: its slot is freed, unless a retry event still names it. */
  private unlink(b: number): void {
    const pool = this.batches;
    if (pool.has(b, BatchBit.RetryPending)) pool.set(b, BatchBit.Unlinked, true);
    else pool.free(b);
  }

  /**
   * The agent process dies: its buffer, open files and requests in flight are
   * forgotten (a request already on the wire may still land). With file
   * transport it will re-read from its checkpoint; with commit-on-read, lines
   * below the checkpoint that were not yet acknowledged are lost. With a
   * socket there is no file to re-read: the buffered lines are lost, and the
   * application waits until the agent is back.
   */
  private crash(i: number, c: AgentCrash): void {
    if (this.has(i, Flag.Down)) return;
    const now = this.sim.now;
    const pool = this.batches;
    const kind = this.kind(i);
    this.setFlag(i, Flag.Down, true);
    this.ownCold(i).crashes++;
    this.put(i, WAKE_AT, NO_WAKE);
    this.put(i, IN_FLIGHT, 0);
    const unsettled: [number, number][] = [];
    for (let b = this.get(i, QUEUE_HEAD); b !== NO_BATCH; b = pool.next(b))
      if (!pool.has(b, BatchBit.Done)) unsettled.push([pool.start(b), pool.end(b)]);
    const openStart = this.get(i, OPEN_START);
    const read = this.get(i, READ);
    if (openStart >= 0 && read > openStart) unsettled.push([openStart, read]);
    if (kind.socket) {
      for (const [s, e] of unsettled) this.sink.lose(i, s, e, 'agent_crash_unacked');
      if (kind.socketSync) this.ownStall(i).begin(now, read);
    } else {
      if (kind.config.commit === 'on_read') {
        const checkpoint = this.get(i, CHECKPOINT);
        for (const [s, e] of unsettled) {
          const end = Math.min(e, checkpoint);
          if (end > s) this.sink.lose(i, s, end, 'agent_crash_unacked');
        }
      }
      this.fileOf(i)?.closeAll();
      this.put(i, READ, this.get(i, CHECKPOINT));
    }
    // Forget every batch, including its attempt on the wire: a late reply or time-out of
    // it must find nothing to settle (the dead process no longer holds the batch; if the
    // request lands, the backend still records the delivery).
    for (let b = this.get(i, QUEUE_HEAD); b !== NO_BATCH;) {
      const next = pool.next(b);
      pool.set(b, BatchBit.Done, true);
      pool.clearInFlight(b);
      this.unlink(b);
      b = next;
    }
    this.put(i, QUEUE_HEAD, NO_BATCH);
    this.put(i, QUEUE_TAIL, NO_BATCH);
    this.put(i, BACKING_OFF, 0);
    this.put(i, OPEN_START, -1);
    this.put(i, BUF_BYTES, 0);
    this.put(i, BUF_LINES, 0);
    this.setFlag(i, Flag.WaitingOnFull, false);
    this.sim.schedule(c.restartAfterUs, (x: AgentCrash) => this.restart(i, x), c);
  }

  private restart(i: number, _c: AgentCrash): void {
    if (!this.has(i, Flag.Down)) return;
    const now = this.sim.now;
    const kind = this.kind(i);
    this.setFlag(i, Flag.Down, false);
    const file = this.fileOf(i);
    if (!kind.socket && file !== undefined) {
      // Files deleted while the agent was down (or held open when it died) are gone.
      const oldest = file.oldestStart;
      const read = this.get(i, READ);
      if (read < oldest) this.loseHole(i, read, oldest, 'rotated_before_read');
    }
    if (kind.socket) this.setFlag(i, Flag.WaitingOnFull, true); // the app queued while we were down
    const every = kind.config.checkpointEveryUs;
    this.put(i, CHECKPOINT_DUE, every > 0 ? now + every : now);
    this.scheduleWake(i, now);
  }

  private rotateCheck(i: number): void {
    const file = this.fileOf(i);
    const cold = this.cold[i];
    if (file === undefined || cold === undefined || this.sim.now !== cold.rotateAtUs) return;
    const now = this.sim.now;
    const cfg = file.config;
    const written = this.writtenLines(i, now);
    const timeDue = now >= cold.nextTimeRotationUs;
    const sizeDue = file.activeBytesAt(Math.max(written, file.horizon)) >= cfg.maxFileBytes;
    this.trackFileDisk(i, now);
    this.updateDiskFull(i);
    if (timeDue || sizeDue) {
      if (timeDue) cold.nextTimeRotationUs = (Math.floor(now / cfg.everyUs) + 1) * cfg.everyUs;
      this.rotate(i, file, written, now);
    }
    this.scheduleRotateCheck(i, now);
  }

  private scheduleRotateCheck(i: number, now: number): void {
    const file = this.fileOf(i);
    if (file === undefined) return;
    const cold = this.ownCold(i);
    const cfg = file.config;
    let next = cold.nextTimeRotationUs;
    if (cfg.maxFileBytes !== Infinity) {
      const bytes = file.activeBytesAt(Math.max(this.writtenLines(i, now), file.horizon));
      const elapsed = now - file.activeCreatedUs;
      const p = this.ticks.profile(i);
      // The faster of the file's own average and the current nominal rate, so a burst is not under-predicted.
      const nominal =
        (p.hosts * p.linesPerSecPerHost * p.lineBytesMean * p.rate.factorAt(now)) / US_PER_SECOND;
      const rate = Math.max(nominal, elapsed > 0 ? bytes / elapsed : 0);
      const wait = rate > 0 ? (cfg.maxFileBytes - bytes) / rate : SIZE_CHECK_MAX_US;
      next = Math.min(next, now + Math.min(SIZE_CHECK_MAX_US, Math.max(SIZE_CHECK_MIN_US, Math.ceil(wait))));
    }
    if (next !== Infinity) {
      cold.rotateAtUs = Math.max(next, now + 1);
      this.sim.scheduleAtIndexed(cold.rotateAtUs, this.rotateCheckEvent, i);
    }
  }

  /** The active file is rotated at line `endOffset`: copytruncate copies, then truncates after the copy. */
  private rotate(i: number, file: LogFile, endOffset: number, now: number): void {
    this.ownCold(i).rotations++;
    if (file.config.strategy === 'copytruncate') {
      const bytes = file.activeBytesAt(Math.max(endOffset, file.horizon));
      const copyUs = Math.ceil((bytes * US_PER_SECOND) / file.config.copyBytesPerSec);
      file.rotate(endOffset, endOffset, now);
      this.sim.schedule(copyUs, (x: number) => this.truncate(i, file, x), endOffset);
    } else file.rotate(endOffset, endOffset, now);
    this.deleteExcessFiles(i, file);
  }

  /**
   * copytruncate's truncate: the lines written since the copy began are cut
   * from the file; those the agent had not read are lost.
   */
  private truncate(i: number, file: LogFile, copiedEnd: number): void {
    const now = this.sim.now;
    const written = this.writtenLines(i, now);
    const down = this.has(i, Flag.Down);
    const from = Math.max(copiedEnd, down ? copiedEnd : this.get(i, READ));
    if (written > from) this.loseHole(i, from, written, 'copytruncate_race');
    file.truncateTo(written, now);
    if (!down) this.step(i);
  }

  private deleteExcessFiles(i: number, file: LogFile): void {
    // While down, nothing is open; the agent will restart from its checkpoint.
    const reader = this.has(i, Flag.Down) ? -1 : this.get(i, READ);
    for (const f of file.deleteExcess(reader)) this.loseHole(i, f.start, f.end, 'rotated_before_read');
  }

  private diskFullStart(i: number, _w: TimeWindow): void {
    this.setFlag(i, Flag.FaultDiskFull, true);
    this.updateDiskFull(i);
  }

  private diskFullEnd(i: number, _w: TimeWindow): void {
    // Overlapping windows: the disk stays full until the last one ends.
    const now = this.sim.now;
    if (this.kind(i).env.diskFull.some((w) => w.fromUs <= now && now < w.toUs)) return;
    this.setFlag(i, Flag.FaultDiskFull, false);
    this.updateDiskFull(i);
  }

  /**
   * The disk is full when a fault says so, or when the logs (active, rotated
   * and deleted-but-open files) and the agent's disk buffer reach the disk
   * size. While it is full, the app's file writes fail (a hole of disk_full
   * lines) and disk buffers cannot grow.
   */
  private updateDiskFull(i: number): void {
    const now = this.sim.now;
    const file = this.fileOf(i);
    const limit = file?.config.diskBytes ?? Infinity;
    if (limit !== Infinity && file !== undefined) {
      this.setFlag(
        i,
        Flag.SizeDiskFull,
        file.diskBytes(this.writtenLines(i, now)) + this.bufferDiskBytes(i) >= limit,
      );
    }
    const full = this.has(i, Flag.FaultDiskFull | Flag.SizeDiskFull);
    if (full === this.has(i, Flag.DiskFullNow)) return;
    this.setFlag(i, Flag.DiskFullNow, full);
    const hole = this.get(i, DISK_FULL_HOLE);
    if (full) {
      if (!this.kind(i).socket && hole < 0) this.put(i, DISK_FULL_HOLE, this.ticks.linesAt(i, now));
    } else if (hole >= 0) {
      const end = this.ticks.linesAt(i, now);
      this.loseHole(i, hole, end, 'disk_full');
      file?.skipUnwritten(hole, end);
      this.put(i, DISK_FULL_HOLE, -1);
    }
    if (!this.has(i, Flag.Down)) this.step(i);
  }

  // ── the state machine ───────────────────────────────────────────────────

  /** Checkpoint, read, cut, send, and plan the next wake. */
  private step(i: number): void {
    if (this.has(i, Flag.Down)) return;
    const now = this.sim.now;
    this.commitCheckpointIfDue(i, now);
    this.read(i, now);
    const openStart = this.get(i, OPEN_START);
    if (openStart >= 0 && now >= this.get(i, OPEN_SINCE) + this.config(i).lingerUs) this.closeOpen(i);
    this.send(i, now);
    this.planWake(i, now);
  }

  /**
   * Checkpoints are lazy: state only changes inside events, so the offset at
   * the last due instant is the offset at the start of the first event after
   * it. No event is spent on a checkpoint.
   */
  private commitCheckpointIfDue(i: number, now: number): void {
    const cfg = this.config(i);
    const every = cfg.checkpointEveryUs;
    if (every > 0 && now < this.get(i, CHECKPOINT_DUE)) return;
    const acked = this.ackedOffset(i);
    const checkpoint = cfg.commit === 'on_read' ? this.get(i, READ) : acked;
    this.put(i, CHECKPOINT, checkpoint);
    this.put(i, CHECKPOINT_DUE, every > 0 ? (Math.floor(now / every) + 1) * every : now);
    let horizon = Math.min(checkpoint, acked);
    const file = this.fileOf(i);
    if (file !== undefined) horizon = Math.min(horizon, file.horizon);
    this.ticks.prune(i, horizon);
    this.holesOf(i).prune(horizon);
  }

  /** Lowest offset not yet settled by agent i. */
  private ackedOffset(i: number): number {
    const pool = this.batches;
    for (let b = this.get(i, QUEUE_HEAD); b !== NO_BATCH; b = pool.next(b))
      if (!pool.has(b, BatchBit.Done)) return pool.start(b);
    const openStart = this.get(i, OPEN_START);
    return openStart >= 0 ? openStart : this.get(i, READ);
  }

  /** Lines the application has managed to write by `now` (a full disk stops file writes). */
  private writtenLines(i: number, now: number): number {
    const emitted = this.ticks.linesAt(i, now);
    const hole = this.get(i, DISK_FULL_HOLE);
    return hole >= 0 ? Math.min(emitted, hole) : emitted;
  }

  /**
   * What the sender holds outside the buffer when the buffer does not count
   * its batches (Vector): the batches in its request slots (the first
   * maxInFlight of the queue) and room for one open batch.
   */
  private sinkHeld(i: number, c: AgentConfig): { lines: number; bytes: number } {
    const pool = this.batches;
    // The open batch closes at whichever limit comes first: in lines, at the mean line size.
    const lineBytes = Math.max(1, this.ticks.profile(i).lineBytesMean);
    let lines = Math.min(c.batchMaxLines, Math.ceil(c.batchMaxBytes / lineBytes));
    let bytes = Math.min(c.batchMaxBytes, c.batchMaxLines * lineBytes);
    let slots = c.maxInFlight;
    for (let b = this.get(i, QUEUE_HEAD); b !== NO_BATCH && slots > 0; b = pool.next(b)) {
      if (pool.has(b, BatchBit.Done)) continue;
      lines += pool.end(b) - pool.start(b);
      bytes += pool.bytes(b);
      slots--;
    }
    return { lines, bytes };
  }

  private capBytes(i: number, c: AgentConfig): number {
    if (!c.bufferHoldsBatches && c.bufferType === 'memory')
      return c.bufferMaxBytes + this.sinkHeld(i, c).bytes;
    switch (c.bufferType) {
      case 'memory':
        return c.bufferMaxBytes;
      case 'disk':
        return this.has(i, Flag.DiskFullNow) ? 0 : c.diskMaxBytes;
      case 'spill':
        return this.has(i, Flag.DiskFullNow) ? c.bufferMaxBytes : c.bufferMaxBytes + c.diskMaxBytes;
    }
  }

  private capLines(i: number, c: AgentConfig): number {
    if (!c.bufferHoldsBatches && c.bufferType === 'memory')
      return c.bufferMaxLines + this.sinkHeld(i, c).lines;
    const diskFull = this.has(i, Flag.DiskFullNow);
    if (c.bufferType === 'memory' || (c.bufferType === 'spill' && diskFull)) return c.bufferMaxLines;
    return c.bufferType === 'disk' && diskFull ? 0 : Infinity;
  }

  private read(i: number, now: number): void {
    const kind = this.kind(i);
    const cfg = kind.config;
    const ticks = this.ticks;
    const available = this.writtenLines(i, now);
    // Lines waited in the app's async queue while the agent could not take them: beyond its capacity they were dropped.
    if (kind.appQueueDrops && this.has(i, Flag.WaitingOnFull)) this.overflowAppQueue(i, available);
    let stoppedFull = false;
    this.setFlag(i, Flag.HitFull, false);
    for (;;) {
      const holes = this.holesOf(i);
      let read = this.get(i, READ);
      const skipped = holes.nextPresent(read);
      if (skipped !== read) {
        this.closeOpen(i); // a batch is a contiguous range
        this.put(i, READ, (read = skipped));
      }
      if (read >= available) break;
      const limit = Math.min(available, holes.nextStart(read));
      const capBytes = this.capBytes(i, cfg);
      const capLines = this.capLines(i, cfg);
      const buffered = this.get(i, BUF_BYTES);
      const bufferedLines = this.get(i, BUF_LINES);
      const roomBytes = capBytes - buffered;
      const roomLines = capLines - bufferedLines;
      let n = Math.min(limit - read, roomLines);
      let openStart = this.get(i, OPEN_START);
      if (openStart < 0) {
        this.put(i, OPEN_START, (openStart = read));
        this.put(i, OPEN_SINCE, now);
      }
      const openLines = read - openStart;
      const openBytes = openLines > 0 ? ticks.bytesBetween(i, openStart, read) : 0;
      n = Math.min(n, cfg.batchMaxLines - openLines);
      let bytes = n > 0 ? ticks.bytesBetween(i, read, read + n) : 0;
      const byteBudget = Math.min(roomBytes, cfg.batchMaxBytes - openBytes);
      if (bytes > byteBudget && n > 0) {
        // Shrink to what fits; a lone line bigger than a batch still ships alone.
        n = Math.floor((n * Math.max(0, byteBudget)) / bytes);
        if (n === 0 && openLines === 0 && roomBytes >= bytes / Math.max(1, limit - read)) n = 1;
        bytes = n > 0 ? ticks.bytesBetween(i, read, read + n) : 0;
      }
      if (n <= 0) {
        if (openLines > 0 && buffered < capBytes && bufferedLines < capLines) {
          this.closeOpen(i); // the batch is full; start the next one
          continue;
        }
        if (openLines === 0) this.put(i, OPEN_START, -1);
        if (this.handleFull(i, limit)) continue;
        // Blocked: ship what is open now, since waiting out the linger with a full buffer only slows the drain.
        this.closeOpen(i);
        stoppedFull = true;
        break;
      }
      read += n;
      this.put(i, READ, read);
      this.put(i, BUF_BYTES, buffered + bytes);
      this.put(i, BUF_LINES, bufferedLines + n);
      this.trackBufferPeak(i);
      if (read - openStart >= cfg.batchMaxLines || openBytes + bytes >= cfg.batchMaxBytes) this.closeOpen(i);
    }
    const read = this.get(i, READ);
    this.fileOf(i)?.release(read);
    const waiting = stoppedFull && read < available;
    this.setFlag(i, Flag.WaitingOnFull, waiting);
    if (kind.socketSync) {
      if (waiting) this.ownStall(i).begin(now, read);
      else if (this.has(i, Flag.HasStall)) this.ownStall(i).end(now, available);
    }
  }

  private trackBufferPeak(i: number): void {
    const hosts = this.kind(i).hosts;
    const perHost = this.get(i, BUF_BYTES) / hosts;
    if (perHost > this.get(i, BUFFER_PEAK)) this.put(i, BUFFER_PEAK, perHost);
    const disk = this.bufferDiskBytes(i) / hosts;
    if (disk > this.get(i, DISK_PEAK)) this.put(i, DISK_PEAK, disk);
  }

  private trackFileDisk(i: number, now: number): void {
    const perHost = this.fileDiskBytes(i, now) / this.kind(i).hosts;
    const cold = this.ownCold(i);
    if (perHost > cold.fileDiskPeakBytes) cold.fileDiskPeakBytes = perHost;
  }

  /**
   * The async logger's queue holds at most `queueLines` lines the agent has
   * not taken; the newest beyond that were dropped at the application.
   */
  private overflowAppQueue(i: number, available: number): void {
    const from = this.get(i, READ);
    const holes = this.holesOf(i);
    const pending = available - from - holes.overlap(from, available);
    const queueLines = this.kind(i).env.app.queueLines;
    if (pending <= queueLines) return;
    this.loseHole(i, holes.advance(from, queueLines), available, 'app_queue_full');
  }

  /** Records [start, end) lost with `cause` where it is not a hole yet, and makes it one. */
  private loseHole(i: number, start: number, end: number, cause: LossCause): void {
    const cold = this.ownCold(i);
    if (cold.holes === undefined) {
      cold.holes = new OffsetHoles();
      this.setFlag(i, Flag.HasHoles, true);
    }
    for (const [s, e] of cold.holes.add(start, end)) this.sink.lose(i, s, e, cause);
  }

  /** The buffer is full. Returns true if reading may continue. */
  private handleFull(i: number, limit: number): boolean {
    const cfg = this.config(i);
    const pool = this.batches;
    const diskLoss =
      this.has(i, Flag.DiskFullNow) && cfg.bufferType !== 'memory' && cfg.onDiskFull === 'lose';
    const cause: LossCause = diskLoss ? 'disk_full' : 'dropped_when_full';
    const policy: WhenFull = diskLoss ? 'drop_newest' : cfg.whenFull;
    this.setFlag(i, Flag.HitFull, true);
    if (policy !== 'block') {
      const fill = Math.max(
        this.get(i, BUF_BYTES) / this.capBytes(i, cfg),
        this.get(i, BUF_LINES) / this.capLines(i, cfg),
      );
      if (fill < (this.cold[i]?.minFillAtDrop ?? 1)) this.ownCold(i).minFillAtDrop = fill;
    }
    switch (policy) {
      case 'block':
        return false; // the file (or the app) keeps the lines; reading resumes when an ack frees room
      case 'drop_newest':
        this.closeOpen(i);
        this.sink.lose(i, this.get(i, READ), limit, cause);
        this.put(i, READ, limit);
        return true;
      case 'drop_oldest': {
        let victim = this.get(i, QUEUE_HEAD);
        while (victim !== NO_BATCH && (pool.has(victim, BatchBit.Done) || pool.inFlight(victim) >= 0))
          victim = pool.next(victim);
        if (victim === NO_BATCH) {
          // Everything buffered is on the wire: nothing old can go, so the new lines go.
          this.closeOpen(i);
          this.sink.lose(i, this.get(i, READ), limit, cause);
          this.put(i, READ, limit);
          return true;
        }
        this.sink.lose(i, pool.start(victim), pool.end(victim), cause);
        this.settle(i, victim);
        return true;
      }
    }
  }

  private closeOpen(i: number): void {
    const openStart = this.get(i, OPEN_START);
    if (openStart < 0) return;
    const read = this.get(i, READ);
    if (read > openStart) {
      const b = this.batches.alloc(openStart, read, this.ticks.bytesBetween(i, openStart, read));
      const tail = this.get(i, QUEUE_TAIL);
      if (tail === NO_BATCH) this.put(i, QUEUE_HEAD, b);
      else this.batches.setNext(tail, b);
      this.put(i, QUEUE_TAIL, b);
    }
    this.put(i, OPEN_START, -1);
  }

  private send(i: number, now: number): void {
    const kind = this.kind(i);
    const maxInFlight = kind.config.maxInFlight;
    if (this.get(i, IN_FLIGHT) >= maxInFlight) return;
    const pool = this.batches;
    const ticks = this.ticks;
    const head = this.get(i, QUEUE_HEAD);
    // A sender waiting out a back-off is busy too (Promtail retries its one batch before the next):
    // otherwise every queued batch would be tried, and fail, during an outage. The count is kept,
    // not walked for, so a send under a full buffer costs what it does under an empty one; the
    // walk below passes only the batches ahead of the first free one (at most the busy ones,
    // and settled ones not yet unlinked).
    let busy = this.get(i, IN_FLIGHT) + this.get(i, BACKING_OFF);
    for (let prev = NO_BATCH, b = head; b !== NO_BATCH; prev = b, b = pool.next(b)) {
      if (busy >= maxInFlight) break;
      while (b !== NO_BATCH && pool.has(b, BatchBit.Done)) b = this.spliceOut(i, prev, b);
      if (b === NO_BATCH) break;
      if (pool.has(b, BatchBit.BackingOff) || pool.inFlight(b) >= 0) continue;
      busy++;
      if (pool.firstSentUs(b) < 0) pool.setFirstSentUs(b, now);
      const start = pool.start(b);
      const end = pool.end(b);
      const bytes = pool.bytes(b);
      const needles = ticks.needlesIn(i, start, end);
      const id = this.get(i, NEXT_REQUEST);
      this.put(i, NEXT_REQUEST, id + 1);
      const req: AgentRequest = {
        id,
        source: i,
        startOffset: start,
        endOffset: end,
        lines: end - start,
        bytes,
        errors: ticks.errorsBetween(i, start, end),
        needles,
        minEmitUs: ticks.emitTimeOf(i, start),
        maxEmitUs: ticks.emitTimeOf(i, end - 1),
        hosts: kind.hosts,
        sentAtUs: now,
        attempt: pool.retries(b),
        outcome: undefined,
        agent: i,
        seq: -1,
      };
      this.add1(i, IN_FLIGHT, 1);
      const leftNicUs = kind.link.transmitEnd(this.get(i, LINK_FREE), bytes);
      this.put(i, LINK_FREE, leftNicUs);
      this.sim.scheduleAt(kind.link.arrivalTime(leftNicUs), this.onArrive, req);
      // The time-out's place comes after the arrival's, as if it were scheduled here (see armTimeout).
      req.seq = this.sim.reserveSeq();
      pool.setSent(b, req.seq, now);
    }
    this.armTimeout(i);
  }

  private failAttempt(i: number, batch: number): void {
    const cfg = this.config(i);
    const pool = this.batches;
    const elapsed = this.sim.now - pool.firstSentUs(batch);
    const retries = pool.retries(batch);
    const cold = this.ownCold(i);
    if (retries >= cfg.maxRetries || elapsed >= cfg.maxRetryElapsedUs) {
      cold.batchesGivenUp++;
      this.sink.lose(i, pool.start(batch), pool.end(batch), 'retry_exhausted');
      this.settle(i, batch);
      return;
    }
    cold.rngStream ??= this.world.jitterStreamOf(i);
    const delay = backoffUs(retries, cfg.minBackoffUs, cfg.maxBackoffUs, cfg.jitter, cold.rngStream);
    pool.addRetry(batch);
    cold.retries++;
    pool.set(batch, BatchBit.BackingOff, true);
    this.add1(i, BACKING_OFF, 1);
    pool.set(batch, BatchBit.RetryPending, true);
    const ticket: RetryTicket = { agent: i, batch };
    this.sim.schedule(delay, this.onRetry, ticket);
  }

  /** The batch leaves the buffer (acknowledged, rejected, dropped or given up). */
  private settle(i: number, batch: number): void {
    const pool = this.batches;
    // A batch leaves the buffer once; settling it twice would corrupt the buffer's accounting.
    if (pool.has(batch, BatchBit.Done))
      throw new Error(`agent ${i}: batch [${pool.start(batch)}, ${pool.end(batch)}) settled twice`);
    pool.set(batch, BatchBit.Done, true);
    if (pool.has(batch, BatchBit.BackingOff)) this.add1(i, BACKING_OFF, -1);
    this.add1(i, BUF_BYTES, -pool.bytes(batch));
    this.add1(i, BUF_LINES, -(pool.end(batch) - pool.start(batch)));
    let head = this.get(i, QUEUE_HEAD);
    while (head !== NO_BATCH && pool.has(head, BatchBit.Done)) {
      const next = pool.next(head);
      this.unlink(head);
      head = next;
    }
    this.put(i, QUEUE_HEAD, head);
    if (head === NO_BATCH) this.put(i, QUEUE_TAIL, NO_BATCH);
  }

  private planWake(i: number, now: number): void {
    const cfg = this.config(i);
    let next: number;
    const openStart = this.get(i, OPEN_START);
    const read = this.get(i, READ);
    // Full means the last read stopped for want of room (the next line may not fit even below the cap).
    const full =
      this.has(i, Flag.WaitingOnFull) ||
      this.get(i, BUF_BYTES) >= this.capBytes(i, cfg) ||
      this.get(i, BUF_LINES) >= this.capLines(i, cfg);
    const hole = this.get(i, DISK_FULL_HOLE);
    if (full && cfg.whenFull === 'block') {
      // Blocked: an ack wakes us. Keep the linger timer of a partial batch alive.
      next = openStart >= 0 ? this.get(i, OPEN_SINCE) + cfg.lingerUs : Infinity;
    } else if (hole >= 0 && read >= hole) {
      // Nothing reaches the file until the disk frees up; its end event wakes us.
      next = openStart >= 0 ? this.get(i, OPEN_SINCE) + cfg.lingerUs : Infinity;
    } else if (full || this.has(i, Flag.HitFull)) {
      // Dropping: do not wake per line; an ack, the linger or the poll comes soon enough to drop in bulk.
      next = openStart >= 0 ? this.get(i, OPEN_SINCE) + cfg.lingerUs : now + cfg.idlePollUs;
      if (next <= now) next = now + cfg.idlePollUs;
    } else if (openStart >= 0) {
      const deadline = this.get(i, OPEN_SINCE) + cfg.lingerUs;
      const need = openStart + cfg.batchMaxLines;
      next = this.ticks.timeWhenLinesReach(i, need, now, deadline) ?? deadline;
      if (next <= now) next = now + 1;
    } else {
      next = this.ticks.timeWhenLinesReach(i, read + 1, now, now + cfg.idlePollUs) ?? now + cfg.idlePollUs;
      if (next <= now) next = now + 1;
    }
    this.scheduleWake(i, next);
  }

  private scheduleWake(i: number, atUs: number): void {
    const planned = this.get(i, WAKE_AT);
    if (atUs === Infinity || (planned !== NO_WAKE && atUs >= planned)) return;
    const at = Math.ceil(Math.max(atUs, this.sim.now)); // the instant the event will carry
    this.put(i, WAKE_AT, at);
    this.sim.scheduleAtIndexed(at, this.wakeEvent, i);
  }
}
