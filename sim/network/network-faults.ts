/**
 * Faults of the network between the agents and the first stage they ship to:
 * a stall (latency up, bandwidth down) and a partition (the hosts are cut
 * off: a request never arrives, the agent times out). They act on any design
 * fed by agents, whatever the backend.
 */
import { z } from 'zod';
import { duration } from '../config/units.ts';
import { defineFault, hostSelectionSchema, serviceHosts } from '../faults/fault-def.ts';
import type { FaultSchedule } from '../faults/fault-schedule.ts';
import type { LinkStall } from './link.ts';

export const networkStallFault = defineFault({
  key: 'network_stall',
  target: 'network',
  description: 'A network stall.',
  recurs: true,
  body: z
    .strictObject({
      service: z.string().optional().describe('The service whose hosts are hit. Default: every service.'),
      hosts: hostSelectionSchema(),
      for: duration().describe('For this long.'),
      extra_latency: duration().default(0).describe('Added one-way latency. Default 0.'),
      bandwidth_factor: z
        .number()
        .positive()
        .max(1)
        .default(1)
        .describe('Bandwidth is multiplied by this. Default 1.'),
    })
    .describe('Links get slower: latency up, bandwidth down.'),
  hostsOf: serviceHosts,
});

export const partitionFault = defineFault({
  key: 'partition',
  target: 'network',
  description: 'A network partition.',
  recurs: false,
  body: z
    .strictObject({
      service: z
        .string()
        .optional()
        .describe('Hosts of this service are cut off from the backend. Default: every service.'),
      hosts: hostSelectionSchema(),
      for: duration().describe('For this long.'),
      // Kept only to point a scenario written before the two partitions were told apart at the right fault.
      ingesters: z
        .unknown()
        .optional()
        .describe('Not here: ingesters cut off inside Loki are `ingester_partition`.'),
    })
    .refine((p) => p.ingesters === undefined, {
      message: 'ingesters cut off from the distributors are the ingester_partition fault, not partition',
      path: ['ingesters'],
    })
    .describe(
      'Hosts cut off from the backend: their pushes never arrive, and the agents time out. (Ingesters cut off inside a Loki cluster: `ingester_partition`.)',
    ),
  hostsOf: serviceHosts,
});

/** The stalls of the link of `host`. */
export function stallsOf(schedule: FaultSchedule, service: string, host: number): LinkStall[] {
  return schedule.hitting(networkStallFault, service, host).map((f) => ({
    fromUs: f.atUs,
    toUs: f.atUs + f.spec.for,
    extraLatencyUs: f.spec.extra_latency,
    bandwidthFactor: f.spec.bandwidth_factor,
  }));
}

/** Windows [fromUs, toUs) during which `host` is cut off. */
export function cutOffsOf(
  schedule: FaultSchedule,
  service: string,
  host: number,
): { fromUs: number; toUs: number }[] {
  return schedule
    .hitting(partitionFault, service, host)
    .map((f) => ({ fromUs: f.atUs, toUs: f.atUs + f.spec.for }));
}
