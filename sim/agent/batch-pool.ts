import { prefetchDoubles } from '../engine/prefetch.ts';

/** No batch: the end of an agent's queue, or an empty one. */
export const NO_BATCH = -1;

// A batch's record: eight doubles, one cache line.
const START = 0;
const END = 1;
const BYTES = 2;
/** When the batch was first sent, −1 before. */
const FIRST_SENT = 3;
/** When its current attempt was sent. */
const SENT_AT = 4;
/** Id of the request on the wire for it, −1 if none. */
const IN_FLIGHT = 5;
/** State bits (BatchBit) in the low four bits; retries so far above them. */
const STATE = 6;
/** The next batch of the same agent's queue, NO_BATCH at its end; on the free list, the next free slot. */
const NEXT = 7;
const STRIDE = 8;

const STATE_BITS = 16;

/** Bits of a batch's state. */
export const BatchBit = {
  /** Settled (acknowledged, rejected, dropped, given up) or forgotten by a crash. */
  Done: 1,
  /** Waiting out a back-off before its next attempt. */
  BackingOff: 2,
  /** A retry event for it is pending: its slot is not reused before that event has run. */
  RetryPending: 4,
  /** Out of its agent's queue while a retry is pending: that retry event frees the slot. */
  Unlinked: 8,
} as const;
export type BatchBit = (typeof BatchBit)[keyof typeof BatchBit];

/**
 * The batches of every agent of a run: contiguous ranges of lines an agent has
 * read and not yet settled, as records of one Float64Array, each agent's
 * queue a list threaded through them (`next`). A batch is a slot number, not
 * an object: at 100k agents a batch object was one more allocation per second
 * per agent and one more dependent cache miss per event (docs/performance.md).
 *
 * Slots are reused, so a slot number alone does not name a batch for good: a
 * late retry event keeps its slot from reuse (RetryPending), and requests
 * find their batch by request id inside their agent's queue.
 */
export class BatchPool {
  private slab: Float64Array;
  private used = 0;
  private freeHead = NO_BATCH;
  private live = 0;

  constructor(initialSlots = 1024) {
    this.slab = new Float64Array(Math.max(1, initialSlots) * STRIDE);
  }

  /** Slots holding a batch now. */
  get size(): number {
    return this.live;
  }

  /** A new batch of lines [start, end), `bytes` long, not yet sent, at the end of no queue. */
  alloc(start: number, end: number, bytes: number): number {
    let b = this.freeHead;
    if (b !== NO_BATCH) this.freeHead = this.slab[b * STRIDE + NEXT] as number;
    else {
      if ((this.used + 1) * STRIDE > this.slab.length) this.grow();
      b = this.used++;
    }
    const s = this.slab;
    const o = b * STRIDE;
    s[o + START] = start;
    s[o + END] = end;
    s[o + BYTES] = bytes;
    s[o + FIRST_SENT] = -1;
    s[o + SENT_AT] = -1;
    s[o + IN_FLIGHT] = -1;
    s[o + STATE] = 0;
    s[o + NEXT] = NO_BATCH;
    this.live++;
    return b;
  }

  /** Returns the slot for reuse; the caller has taken it out of its queue. */
  free(b: number): void {
    this.slab[b * STRIDE + NEXT] = this.freeHead;
    this.slab[b * STRIDE + STATE] = BatchBit.Done;
    this.freeHead = b;
    this.live--;
  }

  start(b: number): number {
    return this.slab[b * STRIDE + START] as number;
  }
  end(b: number): number {
    return this.slab[b * STRIDE + END] as number;
  }
  bytes(b: number): number {
    return this.slab[b * STRIDE + BYTES] as number;
  }
  firstSentUs(b: number): number {
    return this.slab[b * STRIDE + FIRST_SENT] as number;
  }
  setFirstSentUs(b: number, us: number): void {
    this.slab[b * STRIDE + FIRST_SENT] = us;
  }
  sentAtUs(b: number): number {
    return this.slab[b * STRIDE + SENT_AT] as number;
  }
  /** Id of the request on the wire for the batch, −1 if none. */
  inFlight(b: number): number {
    return this.slab[b * STRIDE + IN_FLIGHT] as number;
  }
  /** The batch's attempt `id` was sent at `nowUs`. */
  setSent(b: number, id: number, nowUs: number): void {
    this.slab[b * STRIDE + IN_FLIGHT] = id;
    this.slab[b * STRIDE + SENT_AT] = nowUs;
  }
  clearInFlight(b: number): void {
    this.slab[b * STRIDE + IN_FLIGHT] = -1;
  }
  retries(b: number): number {
    return Math.floor((this.slab[b * STRIDE + STATE] as number) / STATE_BITS);
  }
  addRetry(b: number): void {
    this.slab[b * STRIDE + STATE] = (this.slab[b * STRIDE + STATE] as number) + STATE_BITS;
  }
  /** Whether any of `bits` (BatchBit values or-ed) is set. */
  has(b: number, bits: number): boolean {
    return ((this.slab[b * STRIDE + STATE] as number) & bits) !== 0;
  }
  set(b: number, bit: BatchBit, on: boolean): void {
    const state = this.slab[b * STRIDE + STATE] as number;
    const bits = state % STATE_BITS;
    const next = on ? bits | bit : bits & ~bit;
    this.slab[b * STRIDE + STATE] = state - bits + next;
  }
  next(b: number): number {
    return this.slab[b * STRIDE + NEXT] as number;
  }
  setNext(b: number, next: number): void {
    this.slab[b * STRIDE + NEXT] = next;
  }

  /** Loads batch b's record ahead of its use (engine/prefetch.ts). */
  prefetch(b: number): void {
    if (b >= 0) prefetchDoubles(this.slab, b * STRIDE, STRIDE);
  }

  private grow(): void {
    const bigger = new Float64Array(this.slab.length * 2);
    bigger.set(this.slab);
    this.slab = bigger;
  }
}
