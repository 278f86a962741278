/**
 * sim explain is bounded by what the run stored: whatever label explosion a
 * deploy brings (a label of 10 values, of thousands, of one per line), the
 * plan of a query over the whole run fetches no more chunk objects and no
 * more bytes than the object store holds, and scans no more raw bytes than
 * the fleet wrote, times the replication factor (each replica of unflushed
 * data is scanned where it lives). The figures of a stream
 * group are totals over its streams, never multiplied again.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { explainQuery } from '../../sim/loki/explain.ts';
import type { LokiBackend } from '../../sim/loki/loki-backend.ts';
import type { QuerySpec } from '../../sim/query/query-spec.ts';
import { queryPathOf } from '../../sim/run/query-settings.ts';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';

const everything = (rangeUs: number): QuerySpec => ({
  name: 'all',
  everyUs: rangeUs,
  arrival: 'periodic',
  rangeUs,
  match: { service: 'api' },
  query: { kind: 'count', by: [] },
  filter: 'none',
  needleMinAgeUs: 0,
});

describe('sim explain after a label explosion', () => {
  test.prop(
    [
      fc.constantFrom('10', '1k', 'unique'),
      fc.integer({ min: 2, max: 6 }),
      fc.integer({ min: 5, max: 30 }),
      fc.boolean(),
    ],
    { numRuns: 8 },
  )('reads at most what the run stored', (cardinality, hosts, deployAt, hostLabel) => {
    const text = `
name: explosion
seed: 11
duration: 40m
fleet:
  services:
    - name: api
      hosts: ${hosts}
      rate: 40/s
      fields: { k: { cardinality: ${cardinality} } }
agent:
  batch: { max_bytes: 256KiB, linger: 1s }
  retry: { max_retries: unlimited, max_backoff: 10s }
backend:
  kind: loki
  labels: [service, level${hostLabel ? ', host' : ''}]
  ingesters: { count: 3, replication_factor: 3 }
  limits: { max_global_streams_per_user: 0 }
faults:
  - { at: ${deployAt}m, deploy: { service: api, add_labels: [k] } }
`;
    const scenario = loadScenarioFromText(text, 'explosion.yaml');
    const { result, report } = simulateScenario(scenario);
    const backend = result.built.ingest as LokiBackend;
    // What the cluster holds: every stored chunk's raw bytes, and every replica of the unflushed data.
    const view = backend.readView();
    let heldRaw = 0;
    for (const chunk of view.objectStore.index.chunks()) heldRaw += chunk.rawBytes;
    for (const stream of view.streams())
      for (const ref of view.ingesterChunks(stream.id, 0, Number.MAX_SAFE_INTEGER)) heldRaw += ref.rawBytes;
    const plan = explainQuery(view, everything(scenario.duration), scenario.duration, {
      config: queryPathOf(scenario),
    }).loki;
    const loki = report.loki as { objects: number; chunkBytes: number };
    // One split covers the 40 minutes, so every stored object is fetched at most once.
    expect(plan.gets).toBeLessThanOrEqual(loki.objects + 1e-6);
    expect(plan.bytesFetched).toBeLessThanOrEqual(loki.chunkBytes * (1 + 1e-9) + 1);
    expect(plan.rawBytesScanned).toBeLessThanOrEqual(heldRaw * (1 + 1e-9) + 1);
  });
});
