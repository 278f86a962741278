import type { RandomStream } from '../engine/rng.ts';
import type { Simulation } from '../engine/simulation.ts';
import { US_PER_SECOND } from '../engine/time.ts';
import type { IngestBackend, PushReplyTarget, PushRequest, DeliverySink } from '../backend/push.ts';
import type { LossCause } from '../ledger/loss-cause.ts';
import type { Link, LinkSender } from '../network/link.ts';
import { Emitter } from '../workload/emitter.ts';
import type { TickStore } from '../workload/tick-store.ts';
import type { AgentConfig, AppConfig, RotationConfig, WhenFull } from './agent-config.ts';
import { AppStall } from './app-stall.ts';
import { backoffUs } from './backoff.ts';
import { LogFile } from './log-file.ts';
import { OffsetHoles } from './offset-holes.ts';

/** A contiguous range of lines the agent has read and not yet settled. */
interface Batch {
  /** The agent that owns the batch: the payload of its retry event is the batch itself. */
  readonly agent: Agent;
  readonly start: number;
  readonly end: number;
  readonly bytes: number;
  /** Retries so far. */
  retries: number;
  firstSentUs: number;
  /** The request currently on the wire for this batch, if any. */
  inFlight: AgentRequest | undefined;
  /** Waiting out a back-off before the next attempt. */
  backingOff: boolean;
  done: boolean;
}

/**
 * One send of a batch: the request the backend sees, carrying its agent and batch so that it is
 * itself the payload of its arrival, reply and time-out events (one object per send, not two).
 */
interface AgentRequest extends PushRequest {
  readonly agent: Agent;
  readonly batch: Batch;
}

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

/** What every agent of a run shares: held once, so an agent costs one pointer for all of it. */
export interface AgentWorld {
  readonly sim: Simulation;
  readonly backend: IngestBackend;
  readonly sink: DeliverySink;
  /** The back-off jitter stream of a source, created when the source first retries. */
  readonly jitterStreamOf: (source: number) => RandomStream;
}

const DEFAULT_ENVIRONMENT: AgentEnvironment = {
  app: { transport: 'file', logger: 'sync', queueLines: Infinity },
  crashes: [],
  diskFull: [],
};

// An agent allocates its holes and its stall record on first use; until then it points at
// these shared empty ones, which are only ever read (prune and end are no-ops on them):
// a fleet of 100k agents pays per agent only for what it uses.
const NO_HOLES = new OffsetHoles();
const NEVER_STALLED = new AppStall();

/**
 * An agent's state for rare happenings — retries, time-outs, crashes, drops, file
 * rotation — kept apart from the fields every event touches. An agent gets its
 * own on the first of them; until then it points at NOTHING_RARE, which is only
 * read: a quiet agent is smaller, and its hot fields sit in fewer cache lines.
 */
class AgentRare {
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
const NOTHING_RARE: Readonly<AgentRare> = Object.freeze(new AgentRare());

/** Bits of Agent.flags. */
const Flag = {
  Down: 1,
  WaitingOnFull: 2,
  HitFull: 4,
  DiskFullNow: 8,
  FaultDiskFull: 16,
  SizeDiskFull: 32,
} as const;
type Flag = (typeof Flag)[keyof typeof Flag];

// No wake planned (virtual time is never negative).
const NO_WAKE = -1;

// Size-rotation checks are predicted from the write rate, clamped to this range.
const SIZE_CHECK_MIN_US = US_PER_SECOND;
const SIZE_CHECK_MAX_US = 10 * US_PER_SECOND;

/**
 * The shipping agent of one source: tails the service's log from a saved
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
 * Every loss is recorded with its cause; every line it still holds is in
 * heldRanges(), which is what the conservation check relies on.
 */
export class Agent implements PushReplyTarget, LinkSender {
  /** Next line to read from the file (or the socket). */
  private readOffset = 0;
  /** When the host's NIC has sent what it was given (the link is shared by hosts of one path). */
  linkFreeAtUs = 0;
  private openStart = -1;
  private openSinceUs = 0;
  /**
   * Batches read and not yet dropped from the front (settled ones leave once they reach the
   * head), oldest first, in queue[queueHead .. queueEnd). An array, not a linked list through the
   * batches: an agent behind a saturated backend holds tens of batches, and walking an array lets
   * the CPU fetch them in parallel where a list is a chain of dependent cache misses (measured:
   * slower at 60 s). The array never shrinks: settled batches leave by moving the head, and an
   * empty queue starts again at 0: shift() left-trimmed the array's store and the next push
   * allocated a new one, on every batch of a quiet agent.
   */
  private readonly queue: (Batch | undefined)[] = [];
  private queueHead = 0;
  private queueEnd = 0;
  private bufferedBytes = 0;
  private bufferedLines = 0;
  private inFlightCount = 0;
  /** The instant of the planned wake, NO_WAKE if none (not Infinity: a double field is a boxed number per agent). */
  private wakeAtUs = NO_WAKE;
  private checkpointOffset = 0;
  private checkpointDueUs: number;
  private nextRequestId = 0;
  /**
   * Time-out events that have fired. Every send schedules one, after the same delay, and events at
   * one instant run in the order they were scheduled: so time-outs fire in send order, and the n-th
   * to fire belongs to request n. The event carries the agent, not the request, and the request
   * object dies with its reply instead of living on (and being promoted by the collector) until its
   * time-out, which at a second's linger and a 10 s time-out is ten requests per agent.
   */
  private timeoutsFired = 0;
  /** Boolean states packed into one number (Flag bits): a fleet of 100k agents pays 8 bytes for all of them. */
  private flags = 0;
  /** While the disk is full with file transport: the first line the app could not write. */
  private diskFullHoleStart = -1;
  private holes = NO_HOLES;
  private readonly file: LogFile | undefined;
  private appStall = NEVER_STALLED;
  // The figures updated on every read or send, as fields of the agent rather than an object of
  // their own: a separate object is one more cache miss per event across a fleet of 100k agents.
  // The rest live in `rare`. `stats` assembles them.
  private bufferPeakBytes = 0;
  private diskPeakBytes = 0;
  private requestsSent = 0;
  /** What the agent needs only once something rare happens (see AgentRare); shared and never written until then. */
  private rare = NOTHING_RARE;

  constructor(
    /** What every agent of the run shares (one object for the fleet). */
    private readonly world: AgentWorld,
    readonly source: number,
    readonly hosts: number,
    /** The run's logs; this agent tails the one of its source. */
    private readonly ticks: TickStore,
    /** Per-cohort settings: the runner has already multiplied sizes by `hosts`. */
    private readonly config: AgentConfig,
    private readonly link: Link,
    private readonly env: AgentEnvironment = DEFAULT_ENVIRONMENT,
  ) {
    this.checkpointDueUs = config.checkpointEveryUs;
    if (env.app.transport === 'file' && env.rotation !== undefined)
      this.file = new LogFile(new Emitter(ticks, source), env.rotation);
  }

  /**
   * Starts tailing and schedules the host's faults (a handful of events).
   * `phaseUs` (< linger) offsets the first wake: real agents start at
   * different instants, so their batch timers are not in step.
   */
  start(phaseUs = 0): void {
    this.scheduleWake(phaseUs);
    // Faults are rare: a closure per scheduled fault, none per agent without faults.
    for (const c of this.env.crashes) this.sim.scheduleAt(c.atUs, (x: AgentCrash) => this.crash(x), c);
    for (const w of this.env.diskFull) {
      this.sim.scheduleAt(w.fromUs, (x: TimeWindow) => this.diskFullStart(x), w);
      this.sim.scheduleAt(w.toUs, (x: TimeWindow) => this.diskFullEnd(x), w);
    }
    if (this.file !== undefined) {
      const every = this.file.config.everyUs;
      this.ownRare().nextTimeRotationUs = every;
      this.scheduleRotateCheck(0);
    }
  }

  /**
   * Brings lazy state up to `nowUs` at the end of a run: an async app queue
   * that overflowed, a disk still full. Sends nothing.
   */
  finish(nowUs: number): void {
    if (this.diskFullHoleStart >= 0) {
      this.loseHole(this.diskFullHoleStart, this.ticks.linesAt(this.source, nowUs), 'disk_full');
      this.diskFullHoleStart = this.ticks.linesAt(this.source, nowUs);
    }
    if (this.appQueueDrops() && (this.waitingOnFull || this.down))
      this.overflowAppQueue(this.ticks.linesAt(this.source, nowUs));
  }

  private get sim(): Simulation {
    return this.world.sim;
  }
  private get backend(): IngestBackend {
    return this.world.backend;
  }
  private get sink(): DeliverySink {
    return this.world.sink;
  }

  private get app(): AppConfig {
    return this.env.app;
  }

  // The packed booleans, by name.
  private get down(): boolean {
    return (this.flags & Flag.Down) !== 0;
  }
  private set down(on: boolean) {
    this.setFlag(Flag.Down, on);
  }
  /** The last read stopped on a full buffer with lines left (under block): the app side is waiting. */
  private get waitingOnFull(): boolean {
    return (this.flags & Flag.WaitingOnFull) !== 0;
  }
  private set waitingOnFull(on: boolean) {
    this.setFlag(Flag.WaitingOnFull, on);
  }
  /** The last read found the buffer full (and blocked or dropped). */
  private get hitFull(): boolean {
    return (this.flags & Flag.HitFull) !== 0;
  }
  private set hitFull(on: boolean) {
    this.setFlag(Flag.HitFull, on);
  }
  private get diskFullNow(): boolean {
    return (this.flags & Flag.DiskFullNow) !== 0;
  }
  private set diskFullNow(on: boolean) {
    this.setFlag(Flag.DiskFullNow, on);
  }
  private get faultDiskFull(): boolean {
    return (this.flags & Flag.FaultDiskFull) !== 0;
  }
  private set faultDiskFull(on: boolean) {
    this.setFlag(Flag.FaultDiskFull, on);
  }
  /** The logs and the disk buffer filled the host disk (rotation's disk size). */
  private get sizeDiskFull(): boolean {
    return (this.flags & Flag.SizeDiskFull) !== 0;
  }
  private set sizeDiskFull(on: boolean) {
    this.setFlag(Flag.SizeDiskFull, on);
  }
  private setFlag(flag: Flag, on: boolean): void {
    this.flags = on ? this.flags | flag : this.flags & ~flag;
  }

  /** Figures accumulated for the report (a snapshot). */
  get stats(): AgentStats {
    return {
      bufferPeakBytes: this.bufferPeakBytes,
      diskPeakBytes: this.diskPeakBytes,
      fileDiskPeakBytes: this.rare.fileDiskPeakBytes,
      requestsSent: this.requestsSent,
      retries: this.rare.retries,
      timeouts: this.rare.timeouts,
      batchesGivenUp: this.rare.batchesGivenUp,
      crashes: this.rare.crashes,
      rotations: this.rare.rotations,
      minFillAtDrop: this.rare.minFillAtDrop,
    };
  }

  /** Bytes read and not yet settled (queued, open or in flight). */
  get bufferBytes(): number {
    return this.bufferedBytes;
  }

  /** Bytes of the buffer that live on disk. */
  get bufferDiskBytes(): number {
    switch (this.config.bufferType) {
      case 'memory':
        return 0;
      case 'disk':
        return this.bufferedBytes;
      case 'spill':
        return Math.max(0, this.bufferedBytes - this.config.bufferMaxBytes);
    }
  }

  /** Bytes of log files on disk now (0 without file rotation tracking). */
  fileDiskBytes(nowUs: number): number {
    if (this.file === undefined) return 0;
    return this.file.diskBytes(this.writtenLines(nowUs));
  }

  /** How long the application has waited on this agent (a blocking logger on a socket). */
  get stall(): Pick<AppStall, 'blocked' | 'delayedLines' | 'stallUsAt'> {
    return this.appStall;
  }

  /** The agent's own rare state, allocated on first need. */
  private ownRare(): AgentRare {
    if (this.rare === NOTHING_RARE) this.rare = new AgentRare();
    return this.rare;
  }

  /** The stall record, allocated the first time the application blocks. */
  private ownStall(): AppStall {
    if (this.appStall === NEVER_STALLED) this.appStall = new AppStall();
    return this.appStall;
  }

  /** Whether the agent is down (crashed, not yet restarted). */
  get isDown(): boolean {
    return this.down;
  }

  /** The offset a restart would resume from. */
  get checkpoint(): number {
    return this.checkpointOffset;
  }

  /** Ranges this agent holds for the conservation check: its buffer and the unread file (or app backlog). */
  heldRanges(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = this.queueHead; i < this.queueEnd; i++) {
      const b = this.queue[i] as Batch;
      if (!b.done) out.push([b.start, b.end]);
    }
    if (this.openStart >= 0) out.push([this.openStart, this.readOffset]);
    out.push([this.readOffset, Number.MAX_SAFE_INTEGER]);
    return out;
  }

  // ── events ──────────────────────────────────────────────────────────────

  // Handlers are shared by every agent (the payload says which), so an agent costs no
  // bound function: memory per idle agent is what a fleet of 100k agents pays.
  private static readonly onWake = (agent: Agent): void => agent.wake();
  private static readonly onArrive = (r: AgentRequest): void => r.agent.backend.receive(r, r.agent);
  private static readonly onReply = (r: AgentRequest): void => r.agent.handleReply(r);
  private static readonly onTimeout = (agent: Agent): void => agent.timeout();
  private static readonly onRetry = (b: Batch): void => b.agent.retry(b);
  private static readonly onRotateCheck = (agent: Agent): void => agent.rotateCheck();

  private wake(): void {
    // A stale wake (a newer, earlier one replaced it) finds a different planned instant.
    if (this.wakeAtUs !== this.sim.now || this.down) return;
    this.wakeAtUs = NO_WAKE;
    this.step();
  }

  /** Called by the backend when it answers; the answer travels back over the link. */
  reply(req: PushRequest): void {
    // Every request this agent hands a backend is one of its AgentRequests. Its batch still has it
    // in flight exactly when a queued batch does: a batch only leaves the queue settled or crashed,
    // and both clear inFlight first. So the batch answers without a walk over the queue.
    const sent = req as AgentRequest;
    if (sent.agent !== this || sent.batch.inFlight !== sent) return; // timed out, or a crash forgot it
    this.sim.scheduleAt(this.link.replyTime(), Agent.onReply, sent);
  }

  private handleReply(req: AgentRequest): void {
    const batch = req.batch;
    if (batch.inFlight !== req) return; // the attempt timed out meanwhile, or a crash forgot it
    batch.inFlight = undefined;
    this.inFlightCount--;
    if (this.inFlightCount < 0) throw new Error(`agent ${this.source}: more replies than requests`);
    const outcome = req.outcome;
    if (outcome === undefined) throw new Error('reply without an outcome');
    if (outcome.kind === 'retry') {
      if (outcome.status >= 400 && outcome.status < 500 && outcome.status !== 429) {
        // Other 4xx are the sender's fault: retrying cannot help.
        this.sink.lose(this.source, batch.start, batch.end, 'rejected_non_retryable');
        this.settle(batch);
      } else this.failAttempt(batch);
    } else this.settle(batch); // ok, or rejected: the backend recorded its own losses
    this.step();
  }

  private timeout(): void {
    const id = this.timeoutsFired++;
    if (id >= this.nextRequestId)
      throw new Error(`agent ${this.source}: a time-out for request ${id}, never sent`);
    if (this.inFlightCount === 0) return; // answered, or forgotten by a crash
    const batch = this.queuedBatch((b) => b.inFlight !== undefined && b.inFlight.id === id);
    if (batch === undefined) return;
    const sent = (batch.inFlight as AgentRequest).sentAtUs;
    if (sent + Math.ceil(this.config.requestTimeoutUs) !== this.sim.now)
      throw new Error(
        `agent ${this.source}: the time-out of request ${id} (sent at ${sent}) fired at ${this.sim.now}`,
      );
    // The request may still land later: then the retry is a duplicate, as in a real agent.
    batch.inFlight = undefined;
    this.inFlightCount--;
    if (this.inFlightCount < 0) throw new Error(`agent ${this.source}: more time-outs than requests`);
    this.ownRare().timeouts++;
    this.failAttempt(batch);
    this.step();
  }

  private retry(batch: Batch): void {
    if (batch.done) return; // forgotten by a crash
    batch.backingOff = false;
    this.step();
  }

  /**
   * The agent process dies: its buffer, open files and requests in flight are
   * forgotten (a request already on the wire may still land). With file
   * transport it will re-read from its checkpoint; with commit-on-read, lines
   * below the checkpoint that were not yet acknowledged are lost. With a
   * socket there is no file to re-read: the buffered lines are lost, and the
   * application waits until the agent is back.
   */
  private crash(c: AgentCrash): void {
    if (this.down) return;
    const now = this.sim.now;
    this.down = true;
    this.ownRare().crashes++;
    this.wakeAtUs = NO_WAKE;
    this.inFlightCount = 0;
    const unsettled: [number, number][] = [];
    for (let i = this.queueHead; i < this.queueEnd; i++) {
      const b = this.queue[i] as Batch;
      if (!b.done) unsettled.push([b.start, b.end]);
    }
    if (this.openStart >= 0 && this.readOffset > this.openStart)
      unsettled.push([this.openStart, this.readOffset]);
    if (this.app.transport === 'socket') {
      for (const [s, e] of unsettled) this.sink.lose(this.source, s, e, 'agent_crash_unacked');
      if (this.app.logger === 'sync') this.ownStall().begin(now, this.readOffset);
    } else {
      if (this.config.commit === 'on_read') {
        for (const [s, e] of unsettled) {
          const end = Math.min(e, this.checkpointOffset);
          if (end > s) this.sink.lose(this.source, s, end, 'agent_crash_unacked');
        }
      }
      this.file?.closeAll();
      this.readOffset = this.checkpointOffset;
    }
    // Forget every batch, including its attempt on the wire: a late reply or time-out of
    // it must find nothing to settle (the dead process no longer holds the batch; if the
    // request lands, the backend still records the delivery).
    for (let i = this.queueHead; i < this.queueEnd; i++) {
      const b = this.queue[i] as Batch;
      b.done = true;
      b.inFlight = undefined;
      this.queue[i] = undefined;
    }
    this.queueHead = 0;
    this.queueEnd = 0;
    this.openStart = -1;
    this.bufferedBytes = 0;
    this.bufferedLines = 0;
    this.waitingOnFull = false;
    this.sim.schedule(c.restartAfterUs, (x: AgentCrash) => this.restart(x), c);
  }

  private restart(_c: AgentCrash): void {
    if (!this.down) return;
    const now = this.sim.now;
    this.down = false;
    if (this.app.transport === 'file' && this.file !== undefined) {
      // Files deleted while the agent was down (or held open when it died) are gone.
      const oldest = this.file.oldestStart;
      if (this.readOffset < oldest) this.loseHole(this.readOffset, oldest, 'rotated_before_read');
    }
    if (this.app.transport === 'socket') this.waitingOnFull = true; // the app queued while we were down
    const every = this.config.checkpointEveryUs;
    this.checkpointDueUs = every > 0 ? now + every : now;
    this.scheduleWake(now);
  }

  private rotateCheck(): void {
    const file = this.file;
    if (file === undefined || this.sim.now !== this.rare.rotateAtUs) return;
    const now = this.sim.now;
    const cfg = file.config;
    const written = this.writtenLines(now);
    const timeDue = now >= this.rare.nextTimeRotationUs;
    const sizeDue = file.activeBytesAt(Math.max(written, file.horizon)) >= cfg.maxFileBytes;
    this.trackFileDisk(now);
    this.updateDiskFull();
    if (timeDue || sizeDue) {
      if (timeDue) this.ownRare().nextTimeRotationUs = (Math.floor(now / cfg.everyUs) + 1) * cfg.everyUs;
      this.rotate(written, now);
    }
    this.scheduleRotateCheck(now);
  }

  private scheduleRotateCheck(now: number): void {
    const file = this.file;
    if (file === undefined) return;
    const cfg = file.config;
    let next = this.rare.nextTimeRotationUs;
    if (cfg.maxFileBytes !== Infinity) {
      const bytes = file.activeBytesAt(Math.max(this.writtenLines(now), file.horizon));
      const elapsed = now - file.activeCreatedUs;
      const p = this.ticks.profile(this.source);
      // The faster of the file's own average and the current nominal rate, so a burst is not under-predicted.
      const nominal =
        (p.hosts * p.linesPerSecPerHost * p.lineBytesMean * p.rate.factorAt(now)) / US_PER_SECOND;
      const rate = Math.max(nominal, elapsed > 0 ? bytes / elapsed : 0);
      const wait = rate > 0 ? (cfg.maxFileBytes - bytes) / rate : SIZE_CHECK_MAX_US;
      next = Math.min(next, now + Math.min(SIZE_CHECK_MAX_US, Math.max(SIZE_CHECK_MIN_US, Math.ceil(wait))));
    }
    if (next !== Infinity) {
      const rare = this.ownRare();
      rare.rotateAtUs = Math.max(next, now + 1);
      this.sim.scheduleAt(rare.rotateAtUs, Agent.onRotateCheck, this);
    }
  }

  /** The active file is rotated at line `endOffset`: copytruncate copies, then truncates after the copy. */
  private rotate(endOffset: number, now: number): void {
    const file = this.file as LogFile;
    this.ownRare().rotations++;
    if (file.config.strategy === 'copytruncate') {
      const bytes = file.activeBytesAt(Math.max(endOffset, file.horizon));
      const copyUs = Math.ceil((bytes * US_PER_SECOND) / file.config.copyBytesPerSec);
      file.rotate(endOffset, endOffset, now);
      this.sim.schedule(copyUs, (x: number) => this.truncate(x), endOffset);
    } else file.rotate(endOffset, endOffset, now);
    this.deleteExcessFiles();
  }

  /**
   * copytruncate's truncate: the lines written since the copy began are cut
   * from the file; those the agent had not read are lost.
   */
  private truncate(copiedEnd: number): void {
    const file = this.file as LogFile;
    const now = this.sim.now;
    const written = this.writtenLines(now);
    const from = Math.max(copiedEnd, this.down ? copiedEnd : this.readOffset);
    if (written > from) this.loseHole(from, written, 'copytruncate_race');
    file.truncateTo(written, now);
    if (!this.down) this.step();
  }

  private deleteExcessFiles(): void {
    const file = this.file as LogFile;
    // While down, nothing is open; the agent will restart from its checkpoint.
    const reader = this.down ? -1 : this.readOffset;
    for (const f of file.deleteExcess(reader)) this.loseHole(f.start, f.end, 'rotated_before_read');
  }

  private diskFullStart(_w: TimeWindow): void {
    this.faultDiskFull = true;
    this.updateDiskFull();
  }

  private diskFullEnd(_w: TimeWindow): void {
    // Overlapping windows: the disk stays full until the last one ends.
    const now = this.sim.now;
    if (this.env.diskFull.some((w) => w.fromUs <= now && now < w.toUs)) return;
    this.faultDiskFull = false;
    this.updateDiskFull();
  }

  /**
   * The disk is full when a fault says so, or when the logs (active, rotated
   * and deleted-but-open files) and the agent's disk buffer reach the disk
   * size. While it is full, the app's file writes fail (a hole of disk_full
   * lines) and disk buffers cannot grow.
   */
  private updateDiskFull(): void {
    const now = this.sim.now;
    const limit = this.file?.config.diskBytes ?? Infinity;
    if (limit !== Infinity && this.file !== undefined) {
      this.sizeDiskFull = this.file.diskBytes(this.writtenLines(now)) + this.bufferDiskBytes >= limit;
    }
    const full = this.faultDiskFull || this.sizeDiskFull;
    if (full === this.diskFullNow) return;
    this.diskFullNow = full;
    if (full) {
      if (this.app.transport === 'file' && this.diskFullHoleStart < 0)
        this.diskFullHoleStart = this.ticks.linesAt(this.source, now);
    } else if (this.diskFullHoleStart >= 0) {
      const end = this.ticks.linesAt(this.source, now);
      this.loseHole(this.diskFullHoleStart, end, 'disk_full');
      this.file?.skipUnwritten(this.diskFullHoleStart, end);
      this.diskFullHoleStart = -1;
    }
    if (!this.down) this.step();
  }

  // ── the state machine ───────────────────────────────────────────────────

  /** Checkpoint, read, cut, send, and plan the next wake. */
  private step(): void {
    if (this.down) return;
    const now = this.sim.now;
    this.commitCheckpointIfDue(now);
    this.read(now);
    if (this.openStart >= 0 && now >= this.openSinceUs + this.config.lingerUs) this.closeOpen();
    this.send(now);
    this.planWake(now);
  }

  /**
   * Checkpoints are lazy: state only changes inside events, so the offset at
   * the last due instant is the offset at the start of the first event after
   * it. No event is spent on a checkpoint.
   */
  private commitCheckpointIfDue(now: number): void {
    const every = this.config.checkpointEveryUs;
    if (every > 0 && now < this.checkpointDueUs) return;
    this.checkpointOffset = this.config.commit === 'on_read' ? this.readOffset : this.ackedOffset();
    this.checkpointDueUs = every > 0 ? (Math.floor(now / every) + 1) * every : now;
    let horizon = Math.min(this.checkpointOffset, this.ackedOffset());
    if (this.file !== undefined) horizon = Math.min(horizon, this.file.horizon);
    this.ticks.prune(this.source, horizon);
    this.holes.prune(horizon);
  }

  /** Lowest offset not yet settled by this agent. */
  private ackedOffset(): number {
    for (let i = this.queueHead; i < this.queueEnd; i++) {
      const b = this.queue[i] as Batch;
      if (!b.done) return b.start;
    }
    return this.openStart >= 0 ? this.openStart : this.readOffset;
  }

  /** Lines the application has managed to write by `now` (a full disk stops file writes). */
  private writtenLines(now: number): number {
    const emitted = this.ticks.linesAt(this.source, now);
    return this.diskFullHoleStart >= 0 ? Math.min(emitted, this.diskFullHoleStart) : emitted;
  }

  private capBytes(): number {
    const c = this.config;
    switch (c.bufferType) {
      case 'memory':
        return c.bufferMaxBytes;
      case 'disk':
        return this.diskFullNow ? 0 : c.diskMaxBytes;
      case 'spill':
        return this.diskFullNow ? c.bufferMaxBytes : c.bufferMaxBytes + c.diskMaxBytes;
    }
  }

  private capLines(): number {
    const c = this.config;
    if (c.bufferType === 'memory' || (c.bufferType === 'spill' && this.diskFullNow)) return c.bufferMaxLines;
    return c.bufferType === 'disk' && this.diskFullNow ? 0 : Infinity;
  }

  private appQueueDrops(): boolean {
    return this.app.transport === 'socket' && this.app.logger === 'async';
  }

  private read(now: number): void {
    const cfg = this.config;
    const available = this.writtenLines(now);
    // Lines waited in the app's async queue while the agent could not take them: beyond its capacity they were dropped.
    if (this.appQueueDrops() && this.waitingOnFull) this.overflowAppQueue(available);
    let stoppedFull = false;
    this.hitFull = false;
    for (;;) {
      const skipped = this.holes.nextPresent(this.readOffset);
      if (skipped !== this.readOffset) {
        this.closeOpen(); // a batch is a contiguous range
        this.readOffset = skipped;
      }
      if (this.readOffset >= available) break;
      const limit = Math.min(available, this.holes.nextStart(this.readOffset));
      const capBytes = this.capBytes();
      const capLines = this.capLines();
      const roomBytes = capBytes - this.bufferedBytes;
      const roomLines = capLines - this.bufferedLines;
      let n = Math.min(limit - this.readOffset, roomLines);
      if (this.openStart < 0) {
        this.openStart = this.readOffset;
        this.openSinceUs = now;
      }
      const openLines = this.readOffset - this.openStart;
      const openBytes =
        openLines > 0 ? this.ticks.bytesBetween(this.source, this.openStart, this.readOffset) : 0;
      n = Math.min(n, cfg.batchMaxLines - openLines);
      let bytes = n > 0 ? this.ticks.bytesBetween(this.source, this.readOffset, this.readOffset + n) : 0;
      const byteBudget = Math.min(roomBytes, cfg.batchMaxBytes - openBytes);
      if (bytes > byteBudget && n > 0) {
        // Shrink to what fits; a lone line bigger than a batch still ships alone.
        n = Math.floor((n * Math.max(0, byteBudget)) / bytes);
        if (n === 0 && openLines === 0 && roomBytes >= bytes / Math.max(1, limit - this.readOffset)) n = 1;
        bytes = n > 0 ? this.ticks.bytesBetween(this.source, this.readOffset, this.readOffset + n) : 0;
      }
      if (n <= 0) {
        if (openLines > 0 && this.bufferedBytes < capBytes && this.bufferedLines < capLines) {
          this.closeOpen(); // the batch is full; start the next one
          continue;
        }
        if (openLines === 0) this.openStart = -1;
        if (this.handleFull(limit)) continue;
        // Blocked: ship what is open now, since waiting out the linger with a full buffer only slows the drain.
        this.closeOpen();
        stoppedFull = true;
        break;
      }
      this.readOffset += n;
      this.bufferedBytes += bytes;
      this.bufferedLines += n;
      this.trackBufferPeak();
      if (this.readOffset - this.openStart >= cfg.batchMaxLines || openBytes + bytes >= cfg.batchMaxBytes)
        this.closeOpen();
    }
    this.file?.release(this.readOffset);
    this.waitingOnFull = stoppedFull && this.readOffset < available;
    if (this.app.transport === 'socket' && this.app.logger === 'sync') {
      if (this.waitingOnFull) this.ownStall().begin(now, this.readOffset);
      else this.appStall.end(now, available);
    }
  }

  private trackBufferPeak(): void {
    const perHost = this.bufferedBytes / this.hosts;
    if (perHost > this.bufferPeakBytes) this.bufferPeakBytes = perHost;
    const disk = this.bufferDiskBytes / this.hosts;
    if (disk > this.diskPeakBytes) this.diskPeakBytes = disk;
  }

  private trackFileDisk(now: number): void {
    const perHost = this.fileDiskBytes(now) / this.hosts;
    if (perHost > this.rare.fileDiskPeakBytes) this.ownRare().fileDiskPeakBytes = perHost;
  }

  /**
   * The async logger's queue holds at most `queueLines` lines the agent has
   * not taken; the newest beyond that were dropped at the application.
   */
  private overflowAppQueue(available: number): void {
    const from = this.readOffset;
    const pending = available - from - this.holes.overlap(from, available);
    if (pending <= this.app.queueLines) return;
    this.loseHole(this.holes.advance(from, this.app.queueLines), available, 'app_queue_full');
  }

  /** Records [start, end) lost with `cause` where it is not a hole yet, and makes it one. */
  private loseHole(start: number, end: number, cause: LossCause): void {
    if (this.holes === NO_HOLES) this.holes = new OffsetHoles();
    for (const [s, e] of this.holes.add(start, end)) this.sink.lose(this.source, s, e, cause);
  }

  /** The buffer is full. Returns true if reading may continue. */
  private handleFull(limit: number): boolean {
    const cfg = this.config;
    const diskLoss = this.diskFullNow && cfg.bufferType !== 'memory' && cfg.onDiskFull === 'lose';
    const cause: LossCause = diskLoss ? 'disk_full' : 'dropped_when_full';
    const policy: WhenFull = diskLoss ? 'drop_newest' : cfg.whenFull;
    this.hitFull = true;
    if (policy !== 'block') {
      const fill = Math.max(this.bufferedBytes / this.capBytes(), this.bufferedLines / this.capLines());
      if (fill < this.rare.minFillAtDrop) this.ownRare().minFillAtDrop = fill;
    }
    switch (policy) {
      case 'block':
        return false; // the file (or the app) keeps the lines; reading resumes when an ack frees room
      case 'drop_newest':
        this.closeOpen();
        this.sink.lose(this.source, this.readOffset, limit, cause);
        this.readOffset = limit;
        return true;
      case 'drop_oldest': {
        const victim = this.queuedBatch((b) => !b.done && b.inFlight === undefined);
        if (victim === undefined) {
          // Everything buffered is on the wire: nothing old can go, so the new lines go.
          this.closeOpen();
          this.sink.lose(this.source, this.readOffset, limit, cause);
          this.readOffset = limit;
          return true;
        }
        this.sink.lose(this.source, victim.start, victim.end, cause);
        this.settle(victim);
        return true;
      }
    }
  }

  private closeOpen(): void {
    if (this.openStart < 0) return;
    if (this.readOffset > this.openStart) {
      this.queue[this.queueEnd++] = {
        agent: this,
        start: this.openStart,
        end: this.readOffset,
        bytes: this.ticks.bytesBetween(this.source, this.openStart, this.readOffset),
        retries: 0,
        firstSentUs: -1,
        inFlight: undefined,
        backingOff: false,
        done: false,
      };
    }
    this.openStart = -1;
  }

  /** The first queued batch that `test` accepts. */
  private queuedBatch(test: (b: Batch) => boolean): Batch | undefined {
    for (let i = this.queueHead; i < this.queueEnd; i++) {
      const b = this.queue[i] as Batch;
      if (test(b)) return b;
    }
    return undefined;
  }

  private send(now: number): void {
    if (this.inFlightCount >= this.config.maxInFlight) return;
    // A sender waiting out a back-off is busy too (Promtail retries its one batch before the next):
    // otherwise every queued batch would be tried, and fail, during an outage.
    let busy = this.inFlightCount;
    for (let i = this.queueHead; i < this.queueEnd; i++) {
      const b = this.queue[i] as Batch;
      if (!b.done && b.backingOff) busy++;
    }
    for (let i = this.queueHead; i < this.queueEnd; i++) {
      const batch = this.queue[i] as Batch;
      if (busy >= this.config.maxInFlight) break;
      if (batch.done || batch.inFlight !== undefined || batch.backingOff) continue;
      busy++;
      if (batch.firstSentUs < 0) batch.firstSentUs = now;
      const needles = this.ticks.needlesIn(this.source, batch.start, batch.end);
      const req: AgentRequest = {
        id: this.nextRequestId++,
        source: this.source,
        startOffset: batch.start,
        endOffset: batch.end,
        lines: batch.end - batch.start,
        bytes: batch.bytes,
        errors: this.ticks.errorsBetween(this.source, batch.start, batch.end),
        needles,
        minEmitUs: this.ticks.emitTimeOf(this.source, batch.start),
        maxEmitUs: this.ticks.emitTimeOf(this.source, batch.end - 1),
        hosts: this.hosts,
        sentAtUs: now,
        attempt: batch.retries,
        outcome: undefined,
        agent: this,
        batch,
      };
      batch.inFlight = req;
      this.inFlightCount++;
      this.requestsSent++;
      this.sim.scheduleAt(this.link.arrivalTime(this, batch.bytes), Agent.onArrive, req);
      this.sim.schedule(this.config.requestTimeoutUs, Agent.onTimeout, this);
    }
  }

  private failAttempt(batch: Batch): void {
    const cfg = this.config;
    const elapsed = this.sim.now - batch.firstSentUs;
    if (batch.retries >= cfg.maxRetries || elapsed >= cfg.maxRetryElapsedUs) {
      this.ownRare().batchesGivenUp++;
      this.sink.lose(this.source, batch.start, batch.end, 'retry_exhausted');
      this.settle(batch);
      return;
    }
    const rare = this.ownRare();
    rare.rngStream ??= this.world.jitterStreamOf(this.source);
    const delay = backoffUs(batch.retries, cfg.minBackoffUs, cfg.maxBackoffUs, cfg.jitter, rare.rngStream);
    batch.retries++;
    rare.retries++;
    batch.backingOff = true;
    this.sim.schedule(delay, Agent.onRetry, batch);
  }

  /** The batch leaves the buffer (acknowledged, rejected, dropped or given up). */
  private settle(batch: Batch): void {
    // A batch leaves the buffer once; settling it twice would corrupt the buffer's accounting.
    if (batch.done)
      throw new Error(`agent ${this.source}: batch [${batch.start}, ${batch.end}) settled twice`);
    batch.done = true;
    this.bufferedBytes -= batch.bytes;
    this.bufferedLines -= batch.end - batch.start;
    while (this.queueHead < this.queueEnd && (this.queue[this.queueHead] as Batch).done)
      this.queue[this.queueHead++] = undefined;
    if (this.queueHead === this.queueEnd) this.queueHead = this.queueEnd = 0;
  }

  private planWake(now: number): void {
    const cfg = this.config;
    let next: number;
    // Full means the last read stopped for want of room (the next line may not fit even below the cap).
    const full =
      this.waitingOnFull || this.bufferedBytes >= this.capBytes() || this.bufferedLines >= this.capLines();
    if (full && cfg.whenFull === 'block') {
      // Blocked: an ack wakes us. Keep the linger timer of a partial batch alive.
      next = this.openStart >= 0 ? this.openSinceUs + cfg.lingerUs : Infinity;
    } else if (this.diskFullHoleStart >= 0 && this.readOffset >= this.diskFullHoleStart) {
      // Nothing reaches the file until the disk frees up; its end event wakes us.
      next = this.openStart >= 0 ? this.openSinceUs + cfg.lingerUs : Infinity;
    } else if (full || this.hitFull) {
      // Dropping: do not wake per line; an ack, the linger or the poll comes soon enough to drop in bulk.
      next = this.openStart >= 0 ? this.openSinceUs + cfg.lingerUs : now + cfg.idlePollUs;
      if (next <= now) next = now + cfg.idlePollUs;
    } else if (this.openStart >= 0) {
      const deadline = this.openSinceUs + cfg.lingerUs;
      const need = this.openStart + cfg.batchMaxLines;
      next = this.ticks.timeWhenLinesReach(this.source, need, now, deadline) ?? deadline;
      if (next <= now) next = now + 1;
    } else {
      next =
        this.ticks.timeWhenLinesReach(this.source, this.readOffset + 1, now, now + cfg.idlePollUs) ??
        now + cfg.idlePollUs;
      if (next <= now) next = now + 1;
    }
    this.scheduleWake(next);
  }

  private scheduleWake(atUs: number): void {
    if (atUs === Infinity || (this.wakeAtUs !== NO_WAKE && atUs >= this.wakeAtUs)) return;
    this.wakeAtUs = Math.ceil(Math.max(atUs, this.sim.now)); // the instant the event will carry
    this.sim.scheduleAt(this.wakeAtUs, Agent.onWake, this);
  }
}
