/**
 * The pending-event list: a binary min-heap ordered by (time, sequence).
 *
 * Struct-of-arrays layout: the heap holds keys in two Float64Arrays and a slot
 * index in an Int32Array; handlers and payloads live in slot arrays that never
 * move. A sift therefore moves three numbers, never objects, and the garbage
 * collector sees no per-event allocation. Equal times pop in insertion order
 * because `seq` increases monotonically, which makes the order total and the
 * run deterministic.
 */
export type EventHandler<T = unknown> = (payload: T) => void;

/**
 * A FIFO of pending events whose times never decrease in insertion order: events
 * scheduled with one fixed delay (every request time-out of a fleet) arrive in this
 * order because the clock never goes back. Since sequence numbers grow with insertion
 * too, the FIFO is sorted by (time, seq) and its head is its least event, so those
 * events need no place in the heap: a push and a pop cost O(1) and touch memory in
 * order, and the heap is smaller (at 100k agents, half the pending events are time-outs).
 * A ring buffer of typed arrays; handlers and payloads live in the queue's slots.
 */
class Lane {
  time = new Float64Array(16);
  seq = new Float64Array(16);
  slot = new Int32Array(16);
  head = 0;
  count = 0;
  /** Time of the newest event; a push earlier than this goes to the heap instead. */
  lastTime = -Infinity;

  append(time: number, seq: number, slot: number): void {
    if (this.count === this.time.length) this.grow();
    const at = (this.head + this.count) & (this.time.length - 1);
    this.time[at] = time;
    this.seq[at] = seq;
    this.slot[at] = slot;
    this.count++;
    this.lastTime = time;
  }

  /** Capacity stays a power of two, so positions wrap with a mask. */
  private grow(): void {
    const capacity = this.time.length * 2;
    const time = new Float64Array(capacity);
    const seq = new Float64Array(capacity);
    const slot = new Int32Array(capacity);
    for (let k = 0; k < this.count; k++) {
      const from = (this.head + k) & (this.time.length - 1);
      time[k] = this.time[from] as number;
      seq[k] = this.seq[from] as number;
      slot[k] = this.slot[from] as number;
    }
    this.time = time;
    this.seq = seq;
    this.slot = slot;
    this.head = 0;
  }
}

export class EventQueue {
  private heapTime: Float64Array;
  private heapSeq: Float64Array;
  private heapSlot: Int32Array;
  private size = 0;
  /** FIFO lanes (see Lane) beside the heap; `pop` takes the least head of all of them. */
  private readonly lanes: Lane[] = [];
  /** Events in the lanes. */
  private laneEvents = 0;

  private slotHandler: (EventHandler<never> | undefined)[] = [];
  private slotPayload: unknown[] = [];
  // Stack of recycled slots; a typed array, so recycling never allocates. A slot
  // is only created when none is free, and the stack grows with the slots.
  private freeSlots: Int32Array;
  private freeCount = 0;

  private nextSeq = 0;

  /** Time of the event last removed by `pop()`. */
  poppedTime = 0;
  /** Sequence number of the event last removed by `pop()`. */
  poppedSeq = 0;
  /** Payload of the event last removed by `pop()`; the caller should drop it after use. */
  poppedPayload: unknown = undefined;

  constructor(initialCapacity = 1024) {
    this.heapTime = new Float64Array(initialCapacity);
    this.heapSeq = new Float64Array(initialCapacity);
    this.heapSlot = new Int32Array(initialCapacity);
    this.freeSlots = new Int32Array(Math.max(1, initialCapacity));
  }

  get length(): number {
    return this.size + this.laneEvents;
  }

  /** Time of the earliest pending event; Infinity when empty. */
  peekTime(): number {
    let t = this.size > 0 ? (this.heapTime[0] as number) : Infinity;
    for (const lane of this.lanes) if (lane.count > 0 && (lane.time[lane.head] as number) < t) t = lane.time[lane.head] as number;
    return t;
  }

  /** A new FIFO lane for `pushInLane`; returns its id. */
  addLane(): number {
    this.lanes.push(new Lane());
    return this.lanes.length - 1;
  }

  /**
   * Like push, for events whose times mostly never decrease from one push to the next
   * (fixed-delay events): kept in FIFO lane `lane` (from addLane) instead of the heap. An
   * event earlier than the lane's newest goes to the heap, so the order is the same either way.
   */
  pushInLane<T>(lane: number, time: number, handler: EventHandler<T>, payload: T): number {
    const l = this.lanes[lane];
    if (l === undefined) throw new RangeError(`no event lane ${lane}`);
    if (time < l.lastTime) return this.push(time, handler, payload);
    const slot = this.takeSlot(handler, payload);
    const seq = this.nextSeq++;
    l.append(time, seq, slot);
    this.laneEvents++;
    return seq;
  }

  private takeSlot<T>(handler: EventHandler<T>, payload: T): number {
    if (this.freeCount > 0) {
      const slot = this.freeSlots[--this.freeCount] as number;
      this.slotHandler[slot] = handler;
      this.slotPayload[slot] = payload;
      return slot;
    }
    // A new slot: the free stack must be able to hold every slot once they are all free.
    const slot = this.slotHandler.length;
    if (slot >= this.freeSlots.length) {
      const free = new Int32Array(Math.max(1, this.freeSlots.length * 2));
      free.set(this.freeSlots);
      this.freeSlots = free;
    }
    this.slotHandler.push(handler);
    this.slotPayload.push(payload);
    return slot;
  }

  /** Adds an event and returns its sequence number (its identity for cancel). */
  push<T>(time: number, handler: EventHandler<T>, payload: T): number {
    if (this.size === this.heapTime.length) this.grow();
    const slot = this.takeSlot(handler, payload);
    const seq = this.nextSeq++;
    this.siftUp(this.size++, time, seq, slot);
    return seq;
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
    // The least (time, seq) of the heap's top and the lanes' heads.
    let from: Lane | undefined;
    let time = Infinity;
    let seq = Infinity;
    if (this.size > 0) {
      time = this.heapTime[0] as number;
      seq = this.heapSeq[0] as number;
    }
    for (let i = 0; i < this.lanes.length; i++) {
      const lane = this.lanes[i] as Lane;
      if (lane.count === 0) continue;
      const t = lane.time[lane.head] as number;
      const q = lane.seq[lane.head] as number;
      if (t < time || (t === time && q < seq)) {
        from = lane;
        time = t;
        seq = q;
      }
    }
    let slot: number;
    if (from !== undefined) {
      slot = from.slot[from.head] as number;
      from.head = (from.head + 1) & (from.time.length - 1);
      from.count--;
      this.laneEvents--;
    } else {
      if (this.size === 0) return undefined;
      slot = this.heapSlot[0] as number;
      const last = --this.size;
      if (last > 0) {
        this.siftDown(
          0,
          this.heapTime[last] as number,
          this.heapSeq[last] as number,
          this.heapSlot[last] as number,
        );
      }
    }
    this.poppedTime = time;
    this.poppedSeq = seq;
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
    time.set(this.heapTime);
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
