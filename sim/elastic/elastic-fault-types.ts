/**
 * The fault types an Elasticsearch cluster acts on, declared beside the model
 * that applies them. Keys carry an `es_` prefix so they never clash with
 * Loki's (node_crash, scale, …) or the core ones.
 */
import { z } from 'zod';
import { duration, share, size } from '../config/units.ts';
import { defineFault } from '../faults/fault-def.ts';
import { nodeLossFault } from '../faults/node-loss.ts';
import { fieldAddedFault } from '../faults/field-added.ts';

export const esNodeCrashFault = defineFault({
  key: 'es_node_crash',
  target: 'backend',
  description: 'An Elasticsearch data node crash.',
  recurs: true,
  body: z
    .strictObject({
      node: z.int().nonnegative().default(0).describe('Which data node (0-based). Default 0.'),
      restart_after: duration()
        .optional()
        .describe('It restarts this long after and recovers its shard copies. Default: stays down.'),
    })
    .describe(
      'A data node process dies: its primaries fail over to in-sync replicas, or go red; an async translog loses what it had not fsynced.',
    ),
});

export const esFieldGrowthFault = defineFault({
  key: 'es_field_growth',
  target: 'backend',
  description: 'Dynamic keys from the data (mapping explosion).',
  recurs: false,
  body: z
    .strictObject({
      service: z
        .string()
        .optional()
        .describe('The service whose lines carry the keys. Default: every service.'),
      share: share().default(1).describe('Share of its lines that carry a key never seen before. Default 1.'),
      for: duration().optional().describe('For this long. Default: to the end of the run.'),
    })
    .describe(
      'A deploy starts logging a value as a key (`{"user_4711": …}`): with dynamic mapping every new key is a new field, until index.mapping.total_fields.limit.',
    ),
});

export const esTypeConflictFault = defineFault({
  key: 'es_type_conflict',
  target: 'backend',
  description: 'A field changes type in the data.',
  recurs: false,
  body: z
    .strictObject({
      service: z.string().optional().describe('The service whose lines conflict. Default: every service.'),
      share: share().default(1).describe('Share of its lines whose field has the other type. Default 1.'),
      for: duration().optional().describe('For this long. Default: to the end of the run.'),
    })
    .describe(
      'A deploy writes a mapped field with another type (a number field gets "n/a"): parsed at write, those documents are rejected with mapper_parsing_exception (400).',
    ),
});

export const esDiskGrowFault = defineFault({
  key: 'es_disk_grow',
  target: 'backend',
  description: 'More disk on every data node.',
  recurs: false,
  body: z
    .strictObject({ by: size().describe('Bytes added to each data node.') })
    .describe('An operator adds disk to every data node (e.g. after a flood-stage block).'),
});

/** Every fault type the Elasticsearch backend acts on. */
export const ELASTIC_FAULTS = [
  esNodeCrashFault,
  nodeLossFault,
  fieldAddedFault,
  esFieldGrowthFault,
  esTypeConflictFault,
  esDiskGrowFault,
];
