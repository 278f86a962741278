// The pending-event list promises one thing: events come out in (time,
// insertion sequence) order, whatever the interleaving of pushes and pops.
// The model is the naive one — a list scanned for its minimum.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { EventQueue, type PoppedEvent } from '../../sim/engine/event-queue.ts';
import { Simulation } from '../../sim/engine/simulation.ts';

// A push is ordinary (handler and payload in the slot arrays) or indexed (handler 0 or 1 of the
// registered ones, payload an integer carried in the heap entry).
type Op = { kind: 'push'; time: number; indexed: -1 | 0 | 1 } | { kind: 'pop' };

/** Mostly a handful of distinct times, so ties are common; some far-apart ones too. */
const timeArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 40 }) },
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(timeArb, fc.constantFrom<-1 | 0 | 1>(-1, 0, 1))
      .map(([time, indexed]): Op => ({ kind: 'push', time, indexed })),
  },
  { weight: 2, arbitrary: fc.constant<Op>({ kind: 'pop' }) },
);

interface ModelEvent {
  time: number;
  seq: number;
  payload: number;
  /** Which handler must run: −1 the ordinary one, 0 or 1 the indexed ones. */
  handler: -1 | 0 | 1;
}

function popModel(model: ModelEvent[]): ModelEvent | undefined {
  let best = -1;
  for (let i = 0; i < model.length; i++) {
    const e = model[i]!;
    const b = best >= 0 ? model[best]! : undefined;
    if (b === undefined || e.time < b.time || (e.time === b.time && e.seq < b.seq)) best = i;
  }
  return best >= 0 ? model.splice(best, 1)[0] : undefined;
}

function freshSink(): PoppedEvent {
  return { time: 0, seq: 0, handler: undefined, payload: undefined };
}

describe('EventQueue', () => {
  test.prop([fc.array(opArb, { maxLength: 400 }), fc.integer({ min: 0, max: 8 }), fc.boolean()])(
    'pops in (time, insertion seq) order under any interleaving of pushes and pops, ordinary or indexed',
    (ops, initialCapacity, useFastPop) => {
      const queue = new EventQueue(initialCapacity); // tiny capacities exercise grow()
      const model: ModelEvent[] = [];
      const sink = freshSink();
      let payload = 0;
      const seen: [number, number][] = [];
      const handler = (p: number): void => {
        seen.push([-1, p]);
      };
      const indexed = [
        queue.registerIndexed((p) => seen.push([0, p])),
        queue.registerIndexed((p) => seen.push([1, p])),
      ];
      // Both ways out of the queue: popInto (a sink object) and pop (the
      // run loop's fast path, which leaves the event in popped* fields).
      const popEither = (): boolean => {
        if (!useFastPop) return queue.popInto(sink);
        const h = queue.pop();
        if (h === undefined) return false;
        Object.assign(sink, {
          time: queue.poppedTime,
          seq: queue.poppedSeq,
          handler: h,
          payload: queue.poppedPayload,
        });
        return true;
      };
      const drainOne = (): void => {
        const expected = popModel(model);
        expect(popEither()).toBe(expected !== undefined);
        if (expected === undefined) return;
        expect({ time: sink.time, seq: sink.seq, payload: sink.payload }).toEqual({
          time: expected.time,
          seq: expected.seq,
          payload: expected.payload,
        });
        (sink.handler as (p: unknown) => void)(sink.payload);
        expect(seen.at(-1)).toEqual([expected.handler, expected.payload]);
      };
      for (const op of ops) {
        if (op.kind === 'push') {
          const seq =
            op.indexed < 0
              ? queue.push(op.time, handler, payload)
              : queue.pushIndexed(op.time, indexed[op.indexed] as number, payload);
          model.push({ time: op.time, seq, payload, handler: op.indexed });
          payload++;
        } else {
          drainOne();
        }
        expect(queue.length).toBe(model.length);
        const minTime = model.reduce((m, e) => Math.min(m, e.time), Infinity);
        expect(queue.peekTime()).toBe(minTime);
      }
      while (model.length > 0) drainOne();
      expect(popEither()).toBe(false);
      expect(queue.peekTime()).toBe(Infinity);
    },
  );

  it('sequence numbers increase with each push, so equal times pop first-in first-out', () => {
    const queue = new EventQueue();
    const noop = (): void => {};
    const seqs = [5, 5, 1, 5, 1].map((t) => queue.push(t, noop, undefined));
    expect(seqs).toEqual([0, 1, 2, 3, 4]);
    const sink = freshSink();
    const order: number[] = [];
    while (queue.popInto(sink)) order.push(sink.seq);
    expect(order).toEqual([2, 4, 0, 1, 3]);
  });
});

describe('Simulation', () => {
  test.prop([
    fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.nat(3)), { minLength: 1, maxLength: 200 }),
  ])('handlers never see time go backwards, and each runs at its scheduled instant', (plan) => {
    // plan[i] = (delay of event i, how many further events it schedules).
    // Events are created from inside handlers, in plan order, so the test
    // covers scheduling during a run, fan-out and zero delays; the plan's
    // length bounds the total.
    const sim = new Simulation(1);
    let last = -1;
    let ran = 0;
    let created = 0;
    const create = (): void => {
      const step = plan[created++];
      if (step !== undefined) sim.schedule(step[0], onEvent, { due: sim.now + step[0], fanOut: step[1] });
    };
    const onEvent = (p: { due: number; fanOut: number }): void => {
      expect(sim.now).toBeGreaterThanOrEqual(last);
      expect(sim.now).toBe(p.due);
      last = sim.now;
      ran++;
      for (let c = 0; c < p.fanOut; c++) create();
    };
    create();
    expect(sim.run({ untilUs: Infinity, maxEvents: 10_000 })).toBe('empty');
    expect(ran).toBe(sim.eventsProcessed);
    expect(ran).toBe(Math.min(created, plan.length));
  });

  it('events at the same instant run in the order they were scheduled', () => {
    const sim = new Simulation(1);
    const order: string[] = [];
    const log = (name: string): void => {
      order.push(name);
    };
    sim.schedule(10, log, 'a');
    sim.schedule(5, log, 'early');
    sim.schedule(10, log, 'b');
    sim.scheduleAt(10, log, 'c');
    sim.run({ untilUs: 100 });
    expect(order).toEqual(['early', 'a', 'b', 'c']);
  });

  it('run({ untilUs }) runs events at or before the limit and leaves later ones pending', () => {
    const sim = new Simulation(1);
    const ran: number[] = [];
    const record = (t: number): void => {
      ran.push(t);
    };
    for (const t of [30, 10, 20, 40]) sim.scheduleAt(t, record, t);
    expect(sim.run({ untilUs: 20 })).toBe('until');
    expect(ran).toEqual([10, 20]);
    expect(sim.now).toBe(20);
    expect(sim.pending).toBe(2);
    expect(sim.run({ untilUs: 25 })).toBe('until');
    expect(sim.now).toBe(25); // the clock advances to the limit even with no event there
    expect(sim.run({ untilUs: 100 })).toBe('empty');
    expect(ran).toEqual([10, 20, 30, 40]);
    expect(sim.now).toBe(100);
    expect(sim.pending).toBe(0);
  });

  it('an unbounded run drains the queue and leaves the clock at the last event, not at Infinity', () => {
    const sim = new Simulation(1);
    let ran = 0;
    sim.schedule(42, () => ran++, undefined);
    expect(sim.run({ untilUs: Infinity })).toBe('empty');
    expect(ran).toBe(1);
    expect(sim.now).toBe(42);
    expect(sim.run({ untilUs: Infinity })).toBe('empty'); // an empty queue returns at once
    sim.schedule(8, () => ran++, undefined);
    sim.run({ untilUs: Infinity });
    expect(sim.now).toBe(50);
  });

  it('a cancelled event does not run and is not counted as pending', () => {
    const sim = new Simulation(1);
    const ran: string[] = [];
    const record = (name: string): void => {
      ran.push(name);
    };
    sim.schedule(10, record, 'kept');
    const id = sim.schedule(5, record, 'cancelled');
    sim.schedule(5, record, 'same-instant');
    sim.cancel(id);
    expect(sim.pending).toBe(2);
    expect(sim.run({ untilUs: 100 })).toBe('empty');
    expect(ran).toEqual(['same-instant', 'kept']);
    expect(sim.eventsProcessed).toBe(2);
  });

  it('a handler can cancel a later event', () => {
    const sim = new Simulation(1);
    const ran: string[] = [];
    const timeout = sim.schedule(50, (name: string) => ran.push(name), 'timeout');
    sim.schedule(
      20,
      () => {
        ran.push('reply');
        sim.cancel(timeout);
      },
      undefined,
    );
    sim.run({ untilUs: 100 });
    expect(ran).toEqual(['reply']);
  });

  it('maxEvents stops the loop after that many events, leaving the rest pending', () => {
    const sim = new Simulation(1);
    let count = 0;
    const tick = (): void => {
      count++;
    };
    for (let i = 1; i <= 10; i++) sim.schedule(i * 7, tick, undefined);
    expect(sim.run({ untilUs: 1_000, maxEvents: 3 })).toBe('max-events');
    expect(count).toBe(3);
    expect(sim.now).toBe(21);
    expect(sim.pending).toBe(7);
    expect(sim.run({ untilUs: 1_000, maxEvents: 100 })).toBe('empty');
    expect(count).toBe(10);
  });

  it('a self-rescheduling event is bounded by maxEvents (every run has a hard limit)', () => {
    const sim = new Simulation(1);
    const forever = (): void => {
      sim.schedule(0, forever, undefined);
    };
    sim.schedule(0, forever, undefined);
    expect(sim.run({ untilUs: Infinity, maxEvents: 10_000 })).toBe('max-events');
    expect(sim.now).toBe(0);
  });

  it('stop() returns after the current event', () => {
    const sim = new Simulation(1);
    let count = 0;
    const tick = (): void => {
      if (++count === 4) sim.stop();
    };
    for (let i = 1; i <= 10; i++) sim.schedule(i, tick, undefined);
    expect(sim.run({ untilUs: 100 })).toBe('stopped');
    expect(count).toBe(4);
    expect(sim.run({ untilUs: 100 })).toBe('empty');
    expect(count).toBe(10);
  });

  it('rejects negative delays and instants in the past; rounds fractional delays up', () => {
    const sim = new Simulation(1);
    expect(() => sim.schedule(-1, () => {}, undefined)).toThrow(RangeError);
    expect(() => sim.schedule(Number.NaN, () => {}, undefined)).toThrow(RangeError);
    sim.run({ untilUs: 50 });
    expect(() => sim.scheduleAt(49, () => {}, undefined)).toThrow(RangeError);
    let at = -1;
    sim.schedule(2.1, () => (at = sim.now), undefined);
    sim.run({ untilUs: 100 });
    expect(at).toBe(53);
  });
});
