/**
 * The `chatty` fault (decision 03's burst): a service writes `factor` times its
 * rate for a while. The workload acts on it, so every design can be hit by it.
 */
import { z } from 'zod';
import { duration } from '../config/units.ts';
import { defineFault } from '../faults/fault-def.ts';
import type { FaultSchedule } from '../faults/fault-schedule.ts';
import type { RateBurst } from './rate-schedule.ts';

export const chattyFault = defineFault({
  key: 'chatty',
  target: 'workload',
  description: 'A chatty service.',
  recurs: true,
  body: z
    .strictObject({
      service: z.string().describe('The service that gets chatty.'),
      factor: z.number().positive().describe('Its line rate is multiplied by this.'),
      for: duration().describe('For this long.'),
    })
    .describe('A service writes many times more lines for a while.'),
});

/** The bursts of one service, for its rate schedule. */
export function chattyBursts(schedule: FaultSchedule, service: string): RateBurst[] {
  return schedule
    .of(chattyFault)
    .filter((f) => f.spec.service === service)
    .map((f) => ({ fromUs: f.atUs, toUs: f.atUs + f.spec.for, factor: f.spec.factor }));
}
