/**
 * Faults the agents act on (decisions 02 and 03): the agent process crashes
 * and restarts from its last checkpoint; the host disk fills. Both exist only
 * in designs whose backend is fed by agents.
 */
import { z } from 'zod';
import { duration } from '../config/units.ts';
import { defineFault, hostSelectionSchema, serviceHosts } from '../faults/fault-def.ts';
import type { FaultSchedule } from '../faults/fault-schedule.ts';

const service = (what: string) =>
  z.string().optional().describe(`The service whose ${what}. Default: every service.`);

export const agentCrashFault = defineFault({
  key: 'agent_crash',
  target: 'agent',
  description: 'An agent crash.',
  recurs: true,
  body: z
    .strictObject({
      service: service('agents crash'),
      hosts: hostSelectionSchema(),
      restart_after: duration().describe('The agent is back this long after the crash.'),
    })
    .describe('Agents die and restart from their last checkpoint.'),
  hostsOf: serviceHosts,
});

export const diskFullFault = defineFault({
  key: 'disk_full',
  target: 'agent',
  description: 'A full disk.',
  recurs: true,
  body: z
    .strictObject({
      service: service('hosts are hit'),
      hosts: hostSelectionSchema(),
      for: duration().describe('For this long.'),
    })
    .describe('The host disk is full: log files and disk buffers cannot grow.'),
  hostsOf: serviceHosts,
});

/** Crashes of the agent on `host` (any host of a cohort: they share a signature). */
export function crashesOf(
  schedule: FaultSchedule,
  service: string,
  host: number,
): { atUs: number; restartAfterUs: number }[] {
  return schedule
    .hitting(agentCrashFault, service, host)
    .map((f) => ({ atUs: f.atUs, restartAfterUs: f.spec.restart_after }));
}

/** Windows during which the disk of `host` is full. */
export function diskFullOf(
  schedule: FaultSchedule,
  service: string,
  host: number,
): { fromUs: number; toUs: number }[] {
  return schedule
    .hitting(diskFullFault, service, host)
    .map((f) => ({ fromUs: f.atUs, toUs: f.atUs + f.spec.for }));
}
