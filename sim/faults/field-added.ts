/**
 * `field_added`: a deploy starts logging one more structured field, with a
 * cardinality — the backend-neutral workload change that puts the same new
 * field to Loki and to Elasticsearch (decisions 05, 06). Each backend maps it
 * onto its own design:
 *
 *   Loki           a label from that instant if the design's labels name it
 *                  (its values open streams, a stream group for a large
 *                  cardinality); otherwise it rides in the line (or as
 *                  structured metadata) and no stream changes
 *   Elasticsearch  with parsed documents, one more field in the mapping at
 *                  the first document that brings it (dynamic: true adds and
 *                  indexes it, runtime adds it unindexed, false keeps it in
 *                  _source only, strict rejects every such document; past
 *                  total_fields.limit they are rejected too), and its keyword
 *                  bytes on every document; with raw strings it is text in
 *                  the line (a runtime field at query time)
 */
import { z } from 'zod';
import { count } from '../config/units.ts';
import { defineFault } from './fault-def.ts';

export const fieldAddedFault = defineFault({
  key: 'field_added',
  target: 'backend',
  description: 'A deploy adds a structured field with a cardinality.',
  recurs: false,
  body: z
    .strictObject({
      service: z.string().optional().describe('The service whose lines carry it. Default: every service.'),
      name: z
        .string()
        .regex(
          /^[a-zA-Z_][a-zA-Z0-9_]*$/,
          'expected a field name: letters, digits and _, not starting with a digit',
        )
        .describe('The field (e.g. user_id): a Loki label if the design names it, an Elasticsearch field.'),
      cardinality: z
        .union([z.literal('unique'), count({ min: 1 })])
        .describe('Distinct values: a count (`50k`) or `unique` (a new value on every line).'),
      popularity: z
        .enum(['uniform', 'zipf'])
        .default('uniform')
        .describe('How often each value appears: uniform, or Zipf-distributed. Default uniform.'),
    })
    .describe(
      'A deploy starts logging one more field: a Loki label if the design makes it one (else line content), an Elasticsearch mapped field (runtime, or in _source only, by dynamic).',
    ),
});
