import { EventQueue, type EventHandler } from './event-queue.ts';
import { RandomStreams } from './rng.ts';
import type { SimTime } from './time.ts';

/** Why a run loop returned. */
export type StopReason = 'until' | 'empty' | 'max-events' | 'stopped';

export interface RunLimits {
  /** Events at or before this instant run; later ones stay pending. */
  untilUs: SimTime;
  /** Hard cap on events processed in this call (TigerStyle: a limit on everything). */
  maxEvents?: number;
}

/**
 * The simulation environment: a virtual clock, the pending-event list and the
 * named random streams. It knows nothing of logs.
 *
 * Handlers are plain functions with one payload; components bind their
 * handlers once (`this.onTimer = this.timer.bind(this)`) so scheduling an event
 * allocates nothing beyond the payload. Events run in (time, insertion) order.
 */
export class Simulation {
  private readonly queue = new EventQueue();
  private readonly cancelled = new Set<number>();
  private nowUs: SimTime = 0;
  private processed = 0;
  private stopRequested = false;
  readonly random: RandomStreams;

  constructor(seed: number | string) {
    this.random = new RandomStreams(seed);
  }

  /** Current virtual time in microseconds. */
  get now(): SimTime {
    return this.nowUs;
  }

  /** Events processed so far. */
  get eventsProcessed(): number {
    return this.processed;
  }

  get pending(): number {
    return this.queue.length - this.cancelled.size;
  }

  /** Schedules `handler(payload)` after `delayUs` (≥ 0, integer). Returns an id for cancel. */
  schedule<T>(delayUs: number, handler: EventHandler<T>, payload: T): number {
    if (!(delayUs >= 0)) throw new RangeError(`negative or NaN delay ${delayUs}`);
    return this.queue.push(this.nowUs + Math.ceil(delayUs), handler, payload);
  }

  /** Schedules at an absolute instant, which must not be in the past. */
  scheduleAt<T>(atUs: SimTime, handler: EventHandler<T>, payload: T): number {
    if (!(atUs >= this.nowUs)) throw new RangeError(`event at ${atUs} is before now ${this.nowUs}`);
    return this.queue.push(Math.ceil(atUs), handler, payload);
  }

  /**
   * Registers the handler of indexed events: events whose payload is a small
   * integer (0 ≤ index < 2^24, such as a component's index into its own typed
   * arrays) and which then cost the queue no slot. A component with 10⁵ timers
   * registers each kind once. Returns the handler's number for scheduleAtIndexed.
   */
  registerIndexed(handler: EventHandler<number>): number {
    return this.queue.registerIndexed(handler);
  }

  /** Schedules registered handler `id` with payload `index` at an absolute instant. Returns an id for cancel. */
  scheduleAtIndexed(atUs: SimTime, id: number, index: number): number {
    if (!(atUs >= this.nowUs)) throw new RangeError(`event at ${atUs} is before now ${this.nowUs}`);
    return this.queue.pushIndexed(Math.ceil(atUs), id, index);
  }

  /** scheduleReserved for an indexed event. */
  scheduleReservedIndexed(atUs: SimTime, seq: number, id: number, index: number): void {
    const at = this.checkReserved(atUs, seq);
    this.queue.pushIndexedReserved(at, seq, id, index);
  }

  /**
   * Reserves the place in the order of events that an event scheduled now
   * would take, without scheduling one. A component that would schedule many
   * events of which few matter (time-outs of requests that are mostly answered
   * first) reserves a place for each and schedules only the ones that still
   * matter, with scheduleReserved: they run exactly where they would have.
   */
  reserveSeq(): number {
    return this.queue.reserveSeq();
  }

  /**
   * Schedules `handler(payload)` at `atUs` in the place `seq` (from
   * reserveSeq) reserved. The place must still be ahead of the running event:
   * a later instant, or this instant and a later reservation.
   */
  scheduleReserved<T>(atUs: SimTime, seq: number, handler: EventHandler<T>, payload: T): void {
    const at = this.checkReserved(atUs, seq);
    this.queue.pushReserved(at, seq, handler, payload);
  }

  /** The instant of a reserved place, checked to be ahead of the running event. */
  private checkReserved(atUs: SimTime, seq: number): SimTime {
    const at = Math.ceil(atUs);
    if (!this.queue.issued(seq)) throw new RangeError(`sequence ${seq} was never reserved`);
    if (!(at > this.nowUs || (at === this.nowUs && seq > this.queue.poppedSeq)))
      throw new RangeError(`event at ${at} (sequence ${seq}) is not after the running one at ${this.nowUs}`);
    return at;
  }

  /**
   * Cancels a pending event by the id `schedule` returned; the handler will not run.
   * Precondition: the event has not run yet — an id of an event that already ran
   * would stay in the cancelled set for good. Components that re-arm timers use
   * generation counters instead (see the agent's wake timer).
   */
  cancel(id: number): void {
    this.cancelled.add(id);
  }

  /** Asks the running loop to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * Runs events in order until the next one is later than `untilUs`, the queue
   * empties, `maxEvents` have run, or a handler calls stop(). On 'until' and
   * 'empty' the clock is advanced to `untilUs` (when it is finite; an
   * unbounded run that drains the queue leaves the clock at its last event).
   */
  run(limits: RunLimits): StopReason {
    const queue = this.queue;
    const cancelled = this.cancelled;
    const until = limits.untilUs;
    const budget = limits.maxEvents ?? Infinity;
    let ran = 0;
    this.stopRequested = false;
    for (;;) {
      // Test emptiness explicitly: with untilUs = Infinity, peekTime() of an
      // empty queue (Infinity) is not "later than the limit".
      if (queue.length === 0) {
        if (until !== Infinity && until > this.nowUs) this.nowUs = until;
        return 'empty';
      }
      if (queue.peekTime() > until) {
        if (until > this.nowUs) this.nowUs = until;
        return 'until';
      }
      if (ran >= budget) return 'max-events';
      const handler = queue.pop() as EventHandler<unknown>;
      const payload = queue.poppedPayload;
      queue.poppedPayload = undefined; // hold no reference past the event
      if (cancelled.size > 0 && cancelled.delete(queue.poppedSeq)) continue;
      this.nowUs = queue.poppedTime;
      ran++;
      this.processed++;
      handler(payload);
      if (this.stopRequested) return 'stopped';
    }
  }
}
