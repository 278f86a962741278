import type { RandomStream } from '../engine/rng.ts';
import type { Simulation } from '../engine/simulation.ts';
import type { IngestBackend, PushReplyTarget, PushRequest, DeliverySink } from '../backend/push.ts';
import type { Link } from '../network/link.ts';
import type { Emitter } from '../workload/emitter.ts';
import type { AgentConfig } from './agent-config.ts';
import { backoffUs } from './backoff.ts';

/** A contiguous range of lines the agent has read and not yet settled. */
interface Batch {
  readonly start: number;
  readonly end: number;
  readonly bytes: number;
  /** Retries so far. */
  retries: number;
  firstSentUs: number;
  /** The request currently on the wire for this batch, if any. */
  inFlight: PushRequest | undefined;
  /** Waiting out a back-off before the next attempt. */
  backingOff: boolean;
  done: boolean;
}

/** Figures an agent accumulates for the report. */
export interface AgentStats {
  bufferPeakBytes: number;
  requestsSent: number;
  retries: number;
  timeouts: number;
  batchesGivenUp: number;
}

/**
 * The shipping agent of one source: tails the service's log from a saved
 * offset, reads into a bounded buffer, cuts batches by lines, bytes and
 * linger, sends them over its link, retries with exponential back-off, and
 * checkpoints its offset. It is a state machine driven by four events (wake,
 * arrival at the backend, reply, time-out); no event is ever spent on a line.
 *
 *   file ──read──▶ open batch ──close──▶ queue ──send──▶ link ──▶ backend
 *    ▲ readOffset                          ▲ retry/back-off          │
 *    └──────────── checkpoint ◀── ack ◀────┴──────── reply ◀─────────┘
 */
export class Agent implements PushReplyTarget {
  /** Next line to read from the file. */
  private readOffset = 0;
  private openStart = -1;
  private openSinceUs = 0;
  private readonly queue: Batch[] = [];
  private bufferedBytes = 0;
  private bufferedLines = 0;
  private inFlightCount = 0;
  private wakeGen = 0;
  private wakeAtUs = Infinity;
  private checkpointOffset = 0;
  private checkpointDueUs: number;
  private nextRequestId = 0;
  readonly stats: AgentStats = { bufferPeakBytes: 0, requestsSent: 0, retries: 0, timeouts: 0, batchesGivenUp: 0 };

  private readonly onWake: (gen: number) => void;
  private readonly onArrive: (req: PushRequest) => void;
  private readonly onReply: (req: PushRequest) => void;
  private readonly onTimeout: (req: PushRequest) => void;
  private readonly onRetry: (batch: Batch) => void;
  private readonly batchOf = new Map<number, Batch>();

  constructor(
    private readonly sim: Simulation,
    readonly source: number,
    readonly hosts: number,
    private readonly emitter: Emitter,
    /** Per-cohort settings: the runner has already multiplied sizes by `hosts`. */
    private readonly config: AgentConfig,
    private readonly link: Link,
    private readonly backend: IngestBackend,
    private readonly sink: DeliverySink,
    private readonly rng: RandomStream,
  ) {
    this.checkpointDueUs = config.checkpointEveryUs;
    this.onWake = this.wake.bind(this);
    this.onArrive = this.arrive.bind(this);
    this.onReply = this.handleReply.bind(this);
    this.onTimeout = this.timeout.bind(this);
    this.onRetry = this.retry.bind(this);
  }

  /** Starts tailing at time 0. */
  start(): void {
    this.scheduleWake(0);
  }

  /** Bytes read and not yet settled (queued, open or in flight). */
  get bufferBytes(): number {
    return this.bufferedBytes;
  }

  /** The offset a restart would resume from. */
  get checkpoint(): number {
    return this.checkpointOffset;
  }

  /** Ranges this agent holds for the conservation check: its buffer and the unread file. */
  heldRanges(): [number, number][] {
    const out: [number, number][] = [];
    for (const b of this.queue) if (!b.done) out.push([b.start, b.end]);
    if (this.openStart >= 0) out.push([this.openStart, this.readOffset]);
    out.push([this.readOffset, Number.MAX_SAFE_INTEGER]);
    return out;
  }

  // ── events ──────────────────────────────────────────────────────────────

  private wake(gen: number): void {
    if (gen !== this.wakeGen) return;
    this.wakeAtUs = Infinity;
    this.step();
  }

  private arrive(req: PushRequest): void {
    this.backend.receive(req, this);
  }

  /** Called by the backend when it answers; the answer travels back over the link. */
  reply(req: PushRequest): void {
    this.sim.scheduleAt(this.link.replyTime(), this.onReply, req);
  }

  private handleReply(req: PushRequest): void {
    const batch = this.batchOf.get(req.id);
    if (batch === undefined || batch.inFlight !== req) return; // answer to an attempt already timed out
    this.batchOf.delete(req.id);
    batch.inFlight = undefined;
    this.inFlightCount--;
    const outcome = req.outcome;
    if (outcome === undefined) throw new Error('reply without an outcome');
    if (outcome.kind === 'retry') this.failAttempt(batch);
    else this.settle(batch); // ok, or rejected: the backend recorded its own losses
    this.step();
  }

  private timeout(req: PushRequest): void {
    const batch = this.batchOf.get(req.id);
    if (batch === undefined || batch.inFlight !== req) return;
    // The request may still land later: then the retry is a duplicate, as in a real agent.
    this.batchOf.delete(req.id);
    batch.inFlight = undefined;
    this.inFlightCount--;
    this.stats.timeouts++;
    this.failAttempt(batch);
    this.step();
  }

  private retry(batch: Batch): void {
    batch.backingOff = false;
    this.step();
  }

  // ── the state machine ───────────────────────────────────────────────────

  /** Checkpoint, read, cut, send, and plan the next wake. */
  private step(): void {
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
    if (now < this.checkpointDueUs) return;
    this.checkpointOffset = this.config.commit === 'on_read' ? this.readOffset : this.ackedOffset();
    const every = this.config.checkpointEveryUs;
    this.checkpointDueUs = (Math.floor(now / every) + 1) * every;
    this.emitter.prune(Math.min(this.checkpointOffset, this.ackedOffset()));
  }

  /** Lowest offset not yet settled by this agent. */
  private ackedOffset(): number {
    for (const b of this.queue) if (!b.done) return b.start;
    return this.openStart >= 0 ? this.openStart : this.readOffset;
  }

  private read(now: number): void {
    const cfg = this.config;
    const available = this.emitter.linesAt(now);
    while (this.readOffset < available) {
      const roomBytes = cfg.bufferMaxBytes - this.bufferedBytes;
      const roomLines = cfg.bufferMaxLines - this.bufferedLines;
      let n = Math.min(available - this.readOffset, roomLines);
      if (this.openStart < 0) {
        this.openStart = this.readOffset;
        this.openSinceUs = now;
      }
      const openLines = this.readOffset - this.openStart;
      const openBytes = openLines > 0 ? this.emitter.bytesBetween(this.openStart, this.readOffset) : 0;
      n = Math.min(n, cfg.batchMaxLines - openLines);
      let bytes = n > 0 ? this.emitter.bytesBetween(this.readOffset, this.readOffset + n) : 0;
      const byteBudget = Math.min(roomBytes, cfg.batchMaxBytes - openBytes);
      if (bytes > byteBudget && n > 0) {
        // Shrink to what fits; a lone line bigger than a batch still ships alone.
        n = Math.floor((n * Math.max(0, byteBudget)) / bytes);
        if (n === 0 && openLines === 0 && roomBytes >= bytes / Math.max(1, available - this.readOffset)) n = 1;
        bytes = n > 0 ? this.emitter.bytesBetween(this.readOffset, this.readOffset + n) : 0;
      }
      if (n <= 0) {
        if (openLines > 0 && this.bufferedBytes + 0 < cfg.bufferMaxBytes && this.bufferedLines < cfg.bufferMaxLines) {
          this.closeOpen(); // the batch is full; start the next one
          continue;
        }
        if (openLines === 0) this.openStart = -1;
        if (!this.handleFull(available)) break;
        continue;
      }
      this.readOffset += n;
      this.bufferedBytes += bytes;
      this.bufferedLines += n;
      const perHost = this.bufferedBytes / this.hosts;
      if (perHost > this.stats.bufferPeakBytes) this.stats.bufferPeakBytes = perHost;
      if (this.readOffset - this.openStart >= cfg.batchMaxLines || openBytes + bytes >= cfg.batchMaxBytes) this.closeOpen();
    }
  }

  /** The buffer is full. Returns true if reading may continue. */
  private handleFull(available: number): boolean {
    switch (this.config.whenFull) {
      case 'block':
        return false; // the file keeps the lines; reading resumes when an ack frees room
      case 'drop_newest':
        this.closeOpen();
        this.sink.lose(this.source, this.readOffset, available, 'dropped_when_full');
        this.readOffset = available;
        return false;
      case 'drop_oldest': {
        const victim = this.queue.find((b) => !b.done && b.inFlight === undefined);
        if (victim === undefined) {
          // Everything buffered is on the wire: nothing old can go, so the new lines go.
          this.sink.lose(this.source, this.readOffset, available, 'dropped_when_full');
          this.readOffset = available;
          return false;
        }
        this.sink.lose(this.source, victim.start, victim.end, 'dropped_when_full');
        this.settle(victim);
        return true;
      }
    }
  }

  private closeOpen(): void {
    if (this.openStart < 0) return;
    if (this.readOffset > this.openStart) {
      this.queue.push({
        start: this.openStart,
        end: this.readOffset,
        bytes: this.emitter.bytesBetween(this.openStart, this.readOffset),
        retries: 0,
        firstSentUs: -1,
        inFlight: undefined,
        backingOff: false,
        done: false,
      });
    }
    this.openStart = -1;
  }

  private send(now: number): void {
    if (this.inFlightCount >= this.config.maxInFlight) return;
    for (const batch of this.queue) {
      if (this.inFlightCount >= this.config.maxInFlight) break;
      if (batch.done || batch.inFlight !== undefined || batch.backingOff) continue;
      if (batch.firstSentUs < 0) batch.firstSentUs = now;
      const needles = this.emitter.needles.filter((o) => o >= batch.start && o < batch.end);
      const req: PushRequest = {
        id: this.nextRequestId++,
        source: this.source,
        startOffset: batch.start,
        endOffset: batch.end,
        lines: batch.end - batch.start,
        bytes: batch.bytes,
        errors: this.emitter.errorsBetween(batch.start, batch.end),
        needles,
        minEmitUs: this.emitter.emitTimeOf(batch.start),
        maxEmitUs: this.emitter.emitTimeOf(batch.end - 1),
        hosts: this.hosts,
        sentAtUs: now,
        attempt: batch.retries,
        outcome: undefined,
      };
      batch.inFlight = req;
      this.batchOf.set(req.id, batch);
      this.inFlightCount++;
      this.stats.requestsSent++;
      this.sim.scheduleAt(this.link.arrivalTime(batch.bytes), this.onArrive, req);
      this.sim.schedule(this.config.requestTimeoutUs, this.onTimeout, req);
    }
  }

  private failAttempt(batch: Batch): void {
    const cfg = this.config;
    const elapsed = this.sim.now - batch.firstSentUs;
    if (batch.retries >= cfg.maxRetries || elapsed >= cfg.maxRetryElapsedUs) {
      this.stats.batchesGivenUp++;
      this.sink.lose(this.source, batch.start, batch.end, 'retry_exhausted');
      this.settle(batch);
      return;
    }
    const delay = backoffUs(batch.retries, cfg.minBackoffUs, cfg.maxBackoffUs, cfg.jitter, this.rng);
    batch.retries++;
    this.stats.retries++;
    batch.backingOff = true;
    this.sim.schedule(delay, this.onRetry, batch);
  }

  /** The batch leaves the buffer (acknowledged, rejected, dropped or given up). */
  private settle(batch: Batch): void {
    batch.done = true;
    this.bufferedBytes -= batch.bytes;
    this.bufferedLines -= batch.end - batch.start;
    while (this.queue.length > 0 && (this.queue[0] as Batch).done) this.queue.shift();
  }

  private planWake(now: number): void {
    const cfg = this.config;
    let next: number;
    const full = this.bufferedBytes >= cfg.bufferMaxBytes || this.bufferedLines >= cfg.bufferMaxLines;
    if (full && cfg.whenFull === 'block') {
      // Blocked: an ack wakes us. Keep the linger timer of a partial batch alive.
      next = this.openStart >= 0 ? this.openSinceUs + cfg.lingerUs : Infinity;
    } else if (this.openStart >= 0) {
      const deadline = this.openSinceUs + cfg.lingerUs;
      const need = this.openStart + cfg.batchMaxLines;
      next = this.emitter.timeWhenLinesReach(need, now, deadline) ?? deadline;
      if (next <= now) next = now + 1;
    } else {
      next = this.emitter.timeWhenLinesReach(this.readOffset + 1, now, now + cfg.idlePollUs) ?? now + cfg.idlePollUs;
      if (next <= now) next = now + 1;
    }
    this.scheduleWake(next);
  }

  private scheduleWake(atUs: number): void {
    if (atUs === Infinity || atUs >= this.wakeAtUs) return;
    this.wakeAtUs = atUs;
    this.sim.scheduleAt(Math.max(atUs, this.sim.now), this.onWake, ++this.wakeGen);
  }
}
