/**
 * The generic ingest endpoint as a backend kind: `backend: { kind: endpoint }`.
 * One FIFO server per design with a finite capacity (generic-endpoint.ts); it
 * is the backend that the `outage` fault acts on.
 */
import { z } from 'zod';
import {
  byteRate,
  duration,
  parseByteRate,
  parseDuration,
  parseRate,
  parseSize,
  rate,
  size,
} from '../config/units.ts';
import { defineBackend } from '../backend/backend-module.ts';
import { defineFault } from '../faults/fault-def.ts';
import { GenericEndpoint, type BackendOutage } from './generic-endpoint.ts';
import { computeOnlyCost } from '../storage/compute-cost.ts';

export const outageFault = defineFault({
  key: 'outage',
  target: 'backend',
  description: 'A backend outage.',
  recurs: true,
  body: z
    .strictObject({
      for: duration().describe('How long the backend is down.'),
      mode: z
        .enum(['refuse', 'timeout'])
        .default('refuse')
        .describe('refuse: answers 503 at once; timeout: never answers. Default refuse.'),
    })
    .describe('The backend takes no writes.'),
});

const endpointSchema = z
  .strictObject({
    kind: z.literal('endpoint').describe('A generic ingest endpoint with finite capacity.'),
    nodes: z.int().positive().default(1).describe('Ingest nodes; capacity scales with them. Default 1.'),
    capacity: z
      .strictObject({
        lines: rate()
          .default(parseRate('110k/s'))
          .describe(
            'Lines per second per node. Default 110k/s (single-node Elasticsearch, seq-db benchmark).',
          ),
        bytes: byteRate()
          .default(parseByteRate('14MiB/s'))
          .describe('Bytes per second per node. Default 14MiB/s (same benchmark).'),
      })
      .prefault({})
      .describe('Throughput of one node.'),
    request_overhead: duration()
      .default(parseDuration('2ms'))
      .describe('Fixed cost of one push request. Default 2ms.'),
    max_queued: size()
      .default(parseSize('256MiB'))
      .describe('Bytes queued at the endpoint beyond which pushes get 429. Default 256MiB.'),
  })
  .describe('The generic ingest endpoint.');

export const endpointModule = defineBackend({
  kind: 'endpoint',
  schema: endpointSchema,
  usesAgents: true,
  answersQueries: false,
  faults: [outageFault],
  build({ sim, spec, faults, sink, durationUs, pricing }) {
    const outages: BackendOutage[] = faults
      .of(outageFault)
      .map((f) => ({ fromUs: f.atUs, toUs: f.atUs + f.spec.for, mode: f.spec.mode }));
    const ingest = new GenericEndpoint(
      sim,
      {
        linesPerSec: spec.capacity.lines * spec.nodes,
        bytesPerSec: spec.capacity.bytes * spec.nodes,
        requestOverheadUs: Math.ceil(spec.request_overhead / spec.nodes),
        maxQueuedBytes: spec.max_queued,
        outages,
      },
      sink,
    );
    // The bill (decision 07): node-hours of the endpoint's nodes.
    const cost = () => computeOnlyCost('endpoint', spec.nodes, durationUs, pricing);
    return { ingest, sections: () => ({ cost: cost().section }), warnings: () => cost().warnings };
  },
});
