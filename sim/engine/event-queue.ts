/**
 * The pending-event list: a binary min-heap ordered by (time, sequence).
 *
 * Struct-of-arrays layout: the heap holds keys in two Float64Arrays and a slot
 * index in an Int32Array; handlers and payloads live in slot arrays that never
 * move (an indexed event carries both in its slot field instead). A sift
 * therefore moves three numbers, never objects, and the garbage collector sees
 * no per-event allocation. Equal times pop in sequence order: the order the
 * events were pushed, or their places reserved (reserveSeq). Sequence numbers
 * are unique, which makes the order total and the run deterministic.
 */
export type EventHandler<T = unknown> = (payload: T) => void;

// An indexed event's heap slot is −(handler · INDEX_LIMIT + index) − 1: negative, and an int32.
const INDEX_BITS = 24;
const INDEX_LIMIT = 1 << INDEX_BITS;
/** Indexed events take payloads below this (see EventQueue.registerIndexed). */
export const INDEXED_PAYLOAD_LIMIT = INDEX_LIMIT;
const MAX_INDEXED_HANDLERS = 127;

export class EventQueue {
  private heapTime: Float64Array;
  private heapSeq: Float64Array;
  private heapSlot: Int32Array;
  private size = 0;

  private slotHandler: (EventHandler<never> | undefined)[] = [];
  private slotPayload: unknown[] = [];
  // Stack of recycled slots; a typed array, so recycling never allocates. It
  // never outgrows the heap's capacity: a slot is only created when none is
  // free, so slots in use plus free slots never exceed the largest size seen.
  private freeSlots: Int32Array;
  private freeCount = 0;

  private nextSeq = 0;

  /**
   * Handlers of indexed events. An indexed event's handler number and payload (a small integer,
   * typically an index into the caller's own typed arrays) ride in its heap entry, so it never
   * touches the slot arrays: at 10⁵ pending events those are two random cache misses per push
   * and two per pop (measured: ~5 % of agents-100k, whose wakes and time-outs are indexed).
   */
  private readonly indexedHandlers: EventHandler<number>[] = [];

  /** Time of the event last removed by `pop()`. */
  poppedTime = 0;
  /** Sequence number of the event last removed by `pop()`; −1 before the first. */
  poppedSeq = -1;
  /** Payload of the event last removed by `pop()`; the caller should drop it after use. */
  poppedPayload: unknown = undefined;

  constructor(initialCapacity = 1024) {
    this.heapTime = new Float64Array(initialCapacity);
    this.heapSeq = new Float64Array(initialCapacity);
    this.heapSlot = new Int32Array(initialCapacity);
    this.freeSlots = new Int32Array(initialCapacity);
  }

  get length(): number {
    return this.size;
  }

  /** Time of the earliest pending event; Infinity when empty. */
  peekTime(): number {
    return this.size > 0 ? (this.heapTime[0] as number) : Infinity;
  }

  /** Adds an event and returns its sequence number (its identity for cancel). */
  push<T>(time: number, handler: EventHandler<T>, payload: T): number {
    // pushReserved's body, repeated: this is the engine's hottest call.
    if (this.size === this.heapTime.length) this.grow();
    const slot = this.freeCount > 0 ? (this.freeSlots[--this.freeCount] as number) : this.slotHandler.length;
    this.slotHandler[slot] = handler;
    this.slotPayload[slot] = payload;
    const seq = this.nextSeq++;
    this.siftUp(this.size++, time, seq, slot);
    return seq;
  }

  /** Registers a handler of indexed events (at most 127 per queue); returns its number for pushIndexed. */
  registerIndexed(handler: EventHandler<number>): number {
    if (this.indexedHandlers.length >= MAX_INDEXED_HANDLERS)
      throw new RangeError(`more than ${MAX_INDEXED_HANDLERS} indexed handlers`);
    this.indexedHandlers.push(handler);
    return this.indexedHandlers.length - 1;
  }

  /** Adds the event `handler number id (index)`, 0 ≤ index < 2^24; returns its sequence number. */
  pushIndexed(time: number, id: number, index: number): number {
    const seq = this.nextSeq++;
    this.pushIndexedReserved(time, seq, id, index);
    return seq;
  }

  /** pushIndexed under a sequence number reserved earlier (see pushReserved). */
  pushIndexedReserved(time: number, seq: number, id: number, index: number): void {
    if (!(id >= 0 && id < this.indexedHandlers.length)) throw new RangeError(`no indexed handler ${id}`);
    if (!(Number.isInteger(index) && index >= 0 && index < INDEX_LIMIT))
      throw new RangeError(`indexed payload ${index} is not an integer in [0, ${INDEX_LIMIT})`);
    if (this.size === this.heapTime.length) this.grow();
    this.siftUp(this.size++, time, seq, -(id * INDEX_LIMIT + index) - 1);
  }

  /** Takes the next sequence number without adding an event: pushReserved may use it later. */
  reserveSeq(): number {
    return this.nextSeq++;
  }

  /** Whether `seq` was handed out by push or reserveSeq. */
  issued(seq: number): boolean {
    return seq >= 0 && seq < this.nextSeq;
  }

  /**
   * Adds an event under a sequence number reserved earlier: it runs where an
   * event pushed at the moment of the reservation would have run among the
   * events of its instant. The caller uses each reservation at most once.
   */
  pushReserved<T>(time: number, seq: number, handler: EventHandler<T>, payload: T): void {
    if (this.size === this.heapTime.length) this.grow();
    const slot = this.freeCount > 0 ? (this.freeSlots[--this.freeCount] as number) : this.slotHandler.length;
    this.slotHandler[slot] = handler;
    this.slotPayload[slot] = payload;
    this.siftUp(this.size++, time, seq, slot);
  }

  /**
   * Removes the earliest event and copies it into `sink`. Returns false when
   * the queue is empty. The caller gets the time and sequence before it runs
   * the handler, so it can advance its clock first.
   */
  popInto(sink: PoppedEvent): boolean {
    const handler = this.pop();
    if (handler === undefined) return false;
    sink.time = this.poppedTime;
    sink.seq = this.poppedSeq;
    sink.handler = handler;
    sink.payload = this.poppedPayload;
    this.poppedPayload = undefined;
    return true;
  }

  /**
   * Removes the earliest event and returns its handler, leaving its time,
   * sequence and payload in `poppedTime`, `poppedSeq` and `poppedPayload`;
   * returns undefined when the queue is empty. The run loop's fast path: it
   * writes three fields instead of filling a sink object.
   */
  pop(): EventHandler<unknown> | undefined {
    if (this.size === 0) return undefined;
    const slot = this.heapSlot[0] as number;
    this.poppedTime = this.heapTime[0] as number;
    this.poppedSeq = this.heapSeq[0] as number;
    const last = --this.size;
    if (last > 0) {
      this.siftDown(
        0,
        this.heapTime[last] as number,
        this.heapSeq[last] as number,
        this.heapSlot[last] as number,
      );
    }
    if (slot < 0) {
      const packed = -slot - 1;
      this.poppedPayload = packed & (INDEX_LIMIT - 1);
      return this.indexedHandlers[packed >>> INDEX_BITS] as EventHandler<unknown>;
    }
    const handler = this.slotHandler[slot] as EventHandler<unknown>;
    this.poppedPayload = this.slotPayload[slot];
    this.slotHandler[slot] = undefined;
    this.slotPayload[slot] = undefined;
    this.freeSlots[this.freeCount++] = slot;
    return handler;
  }

  private grow(): void {
    const capacity = Math.max(1, this.heapTime.length * 2); // a queue built with capacity 0 can still grow
    const time = new Float64Array(capacity);
    const seq = new Float64Array(capacity);
    const slot = new Int32Array(capacity);
    const free = new Int32Array(capacity);
    time.set(this.heapTime);
    free.set(this.freeSlots);
    this.freeSlots = free;
    seq.set(this.heapSeq);
    slot.set(this.heapSlot);
    this.heapTime = time;
    this.heapSeq = seq;
    this.heapSlot = slot;
  }

  private siftUp(hole: number, time: number, seq: number, slot: number): void {
    const heapTime = this.heapTime;
    const heapSeq = this.heapSeq;
    const heapSlot = this.heapSlot;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const pt = heapTime[parent] as number;
      if (pt < time || (pt === time && (heapSeq[parent] as number) < seq)) break;
      heapTime[hole] = pt;
      heapSeq[hole] = heapSeq[parent] as number;
      heapSlot[hole] = heapSlot[parent] as number;
      hole = parent;
    }
    heapTime[hole] = time;
    heapSeq[hole] = seq;
    heapSlot[hole] = slot;
  }

  private siftDown(hole: number, time: number, seq: number, slot: number): void {
    const heapTime = this.heapTime;
    const heapSeq = this.heapSeq;
    const heapSlot = this.heapSlot;
    const size = this.size;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= size) break;
      let ct = heapTime[child] as number;
      let cs = heapSeq[child] as number;
      const right = child + 1;
      if (right < size) {
        const rt = heapTime[right] as number;
        const rs = heapSeq[right] as number;
        if (rt < ct || (rt === ct && rs < cs)) {
          child = right;
          ct = rt;
          cs = rs;
        }
      }
      if (time < ct || (time === ct && seq < cs)) break;
      heapTime[hole] = ct;
      heapSeq[hole] = cs;
      heapSlot[hole] = heapSlot[child] as number;
      hole = child;
    }
    heapTime[hole] = time;
    heapSeq[hole] = seq;
    heapSlot[hole] = slot;
  }
}

/** Reusable out-parameter for EventQueue.popInto, so popping allocates nothing. */
export interface PoppedEvent {
  time: number;
  seq: number;
  handler: EventHandler<unknown> | undefined;
  payload: unknown;
}
