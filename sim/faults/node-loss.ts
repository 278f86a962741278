/**
 * `node_loss`: a storage node of the backend dies, whatever the backend — the
 * backend-neutral fault that puts the same failure to Loki and to
 * Elasticsearch (decision 10). Each backend that has storage nodes declares
 * it and maps it onto its own: a Loki ingester crash (`node_crash` of an
 * ingester: its replicas keep the quorum, its WAL replays on restart), an
 * Elasticsearch data node crash (`es_node_crash`: primaries fail over to
 * in-sync replicas, or go red). A backend without such nodes refuses it at
 * its line, as it does any fault it cannot act on.
 */
import { z } from 'zod';
import { duration } from '../config/units.ts';
import { defineFault } from './fault-def.ts';

export const nodeLossFault = defineFault({
  key: 'node_loss',
  target: 'backend',
  description: 'A storage node of the backend dies.',
  recurs: true,
  body: z
    .strictObject({
      node: z
        .int()
        .nonnegative()
        .default(0)
        .describe('Which storage node (0-based): a Loki ingester, an Elasticsearch data node. Default 0.'),
      restart_after: duration()
        .optional()
        .describe(
          'It restarts this long after and recovers (WAL replay, shard recovery). Default: stays down.',
        ),
    })
    .describe(
      'A storage node dies, whatever the backend: a Loki ingester (node_crash) or an Elasticsearch data node (es_node_crash).',
    ),
});
