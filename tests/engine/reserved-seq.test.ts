// A component may reserve an event's place in the order of events and schedule
// it later (the agents' time-outs do, to skip the ones that would find their
// request answered). The promise: a reserved event runs exactly where the same
// event scheduled at the moment of the reservation would have run.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../sim/engine/simulation.ts';

/** What an event does when it runs: schedule children after these delays; some are "reserved". */
interface Plan {
  readonly delays: readonly number[];
  /** Per child: reserve its place now and schedule it after the rest (true), or schedule at once. */
  readonly reserve: readonly boolean[];
}

const planArb: fc.Arbitrary<Plan> = fc
  .array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 })
  .chain((delays) =>
    fc.record({
      delays: fc.constant(delays),
      reserve: fc.array(fc.boolean(), { minLength: delays.length, maxLength: delays.length }),
    }),
  );

/** Runs the program; `useReservations` false schedules every child at once. Returns the order events ran in. */
function runProgram(plans: readonly Plan[], roots: number, useReservations: boolean): string[] {
  const sim = new Simulation(1);
  const ran: string[] = [];
  let next = 0;
  const run = (label: string): void => {
    ran.push(`${sim.now}:${label}`);
    const plan = plans[next++ % plans.length] as Plan;
    const later: { at: number; seq: number; label: string }[] = [];
    plan.delays.forEach((d, k) => {
      const child = `${label}.${k}`;
      if (useReservations && plan.reserve[k] === true)
        later.push({ at: sim.now + d, seq: sim.reserveSeq(), label: child });
      else sim.schedule(d, run, child);
    });
    // Scheduled after the other children, yet each keeps the place it reserved before them.
    for (const r of later.reverse()) sim.scheduleReserved(r.at, r.seq, run, r.label);
  };
  for (let r = 0; r < roots; r++) sim.schedule(r % 2, run, `r${r}`);
  sim.run({ untilUs: Infinity, maxEvents: 2_000 });
  return ran;
}

describe('reserved places in the order of events', () => {
  test.prop([fc.array(planArb, { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 4 })])(
    'a reserved event runs where the same event scheduled at the reservation would have',
    (plans, roots) => {
      expect(runProgram(plans, roots, true)).toEqual(runProgram(plans, roots, false));
    },
  );

  it('refuses a place behind the running event, and a place never reserved', () => {
    const sim = new Simulation(1);
    const early = sim.reserveSeq(); // before the event below is scheduled
    const errors: string[] = [];
    sim.schedule(
      5,
      () => {
        const late = sim.reserveSeq();
        try {
          // Reserved before the running event was scheduled: its place at this instant is already past.
          sim.scheduleReserved(5, early, () => undefined, undefined);
        } catch (e) {
          errors.push((e as Error).message);
        }
        sim.scheduleReserved(5, late, () => undefined, undefined); // after the running event: fine
        try {
          sim.scheduleReserved(6, late + 1000, () => undefined, undefined);
        } catch (e) {
          errors.push((e as Error).message);
        }
      },
      undefined,
    );
    sim.run({ untilUs: Infinity });
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/not after the running one/);
    expect(errors[1]).toMatch(/never reserved/);
    expect(sim.eventsProcessed).toBe(2);
  });
});
