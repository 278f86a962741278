/**
 * The fault types a Loki cluster acts on (decision 10), declared beside the
 * model that applies them (loki-faults.ts is their timeline form): node
 * crashes, a rolling restart, scaling the ring, ingesters cut off from the
 * distributors, and a deploy that changes the label set.
 */
import { z } from 'zod';
import { duration } from '../config/units.ts';
import { defineFault } from '../faults/fault-def.ts';
import { nodeLossFault } from '../faults/node-loss.ts';
import { fieldAddedFault } from '../faults/field-added.ts';

export const nodeCrashFault = defineFault({
  key: 'node_crash',
  target: 'backend',
  description: 'A Loki node crash.',
  recurs: true,
  body: z
    .strictObject({
      component: z
        .enum(['ingester', 'distributor'])
        .default('ingester')
        .describe('What crashes. Default ingester.'),
      index: z.int().nonnegative().default(0).describe('Which one (0-based). Default 0.'),
      restart_after: duration()
        .optional()
        .describe('It restarts this long after (an ingester with WAL then replays). Default: stays down.'),
    })
    .describe('A Loki node process dies.'),
});

export const rollingRestartFault = defineFault({
  key: 'rolling_restart',
  target: 'backend',
  description: 'A rolling restart of the ingesters.',
  recurs: false,
  body: z
    .strictObject({
      spacing: duration()
        .default(5 * 60_000_000)
        .describe('Time between two ingesters. Default 5m.'),
      downtime: duration().default(60_000_000).describe('How long each ingester is down. Default 1m.'),
    })
    .describe('Every ingester is restarted in turn (a rollout).'),
});

export const scaleFault = defineFault({
  key: 'scale',
  target: 'backend',
  description: 'A scale-up or scale-down.',
  recurs: false,
  body: z
    .strictObject({
      ingesters: z
        .int()
        .refine((n) => n !== 0, { message: 'expected a non-zero change' })
        .describe('Ingesters added (> 0) or removed (< 0).'),
    })
    .describe('Ingesters join or leave the ring; streams re-home.'),
});

export const ingesterPartitionFault = defineFault({
  key: 'ingester_partition',
  target: 'backend',
  description: 'A partition inside the cluster.',
  recurs: false,
  body: z
    .strictObject({
      ingesters: z
        .array(z.int().nonnegative())
        .min(1)
        .describe('Ingesters unreachable from the distributors.'),
      for: duration().describe('For this long.'),
    })
    .describe(
      'Ingesters cut off from every distributor: writes to them fail against the quorum. (Hosts cut off from the backend: `partition`.)',
    ),
});

export const deployFault = defineFault({
  key: 'deploy',
  target: 'backend',
  description: 'A deploy.',
  recurs: false,
  body: z
    .strictObject({
      service: z.string().optional().describe('The service deployed. Default: every service.'),
      add_labels: z
        .array(z.string())
        .default([])
        .describe('Label names the new version adds (e.g. request_id). Default none.'),
      remove_labels: z.array(z.string()).default([]).describe('Label names it removes. Default none.'),
    })
    .describe(
      'A deploy: label values with churn on_deploy change (pod names), and the label set may change.',
    ),
});

/** Every fault type the Loki backend acts on. */
export const LOKI_FAULTS = [
  nodeCrashFault,
  nodeLossFault,
  fieldAddedFault,
  rollingRestartFault,
  scaleFault,
  ingesterPartitionFault,
  deployFault,
];
