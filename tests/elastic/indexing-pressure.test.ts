/**
 * The heap's two guards on the write path: indexing pressure (a node holding
 * more than indexing_pressure.memory.limit of bulk bytes refuses new ones
 * with 429) and the parent circuit breaker (a node whose heap would pass 95 %
 * refuses with 429 circuit_breaking_exception). Agents retry either, so
 * nothing is lost; a large heap turns the same overload into a queue.
 */
import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { CoordinatingBytes, pressureLimits } from '../../sim/elastic/indexing-pressure.ts';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';
import { elasticScenario } from '../helpers/elastic-scenario.ts';

interface Heap {
  indexingPressureLimitBytes: number;
  indexingBytesPeakPerNode: number;
  pressureRejections: { coordinating: number; primary: number; replica: number };
  mappingHeapBytes: number;
  parentBreakerLimitBytes: number;
  breakerTrips: number;
}

function run(backend: string, extra = ''): { heap: Heap; refused: Record<string, number>; lost: number } {
  const report = simulateScenario(loadScenarioFromText(elasticScenario(backend, extra), 'heap.yaml')).report;
  return {
    heap: (report.elastic as { heap: Heap }).heap,
    refused: (report.backend as { bulksRefused: Record<string, number> }).bulksRefused,
    lost: report.ledger.lostTotal,
  };
}

// One slow node: 500 documents/s arrive, 400 can be indexed, so its backlog (and the bytes it holds) grows.
const SLOW =
  '  data_nodes: 1\n  index: { number_of_replicas: 0 }\n  node: { cores: 1, index_docs_per_core: 400';

describe('indexing pressure', () => {
  test('the limit is 10 % of the heap, 1.5 × that for replica work (IndexingPressure.java)', () => {
    expect(pressureLimits(1000)).toEqual({ bytes: 100, replicaBytes: 150 });
  });

  propTest.prop([
    fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 500 }), fc.boolean()), {
      maxLength: 40,
    }),
    fc.integer({ min: 0, max: 2000 }),
  ])('the bytes held are exactly those of the bulks not yet answered', (bulks, at) => {
    const held = new CoordinatingBytes();
    let expected = 0;
    bulks.forEach(([release, bytes, failed], i) => {
      const entry = held.hold(bytes, i + release, i);
      if (failed) held.release(entry);
      else if (i + release > at) expected += bytes;
    });
    if (at >= bulks.length) expect(held.current(at)).toBe(expected);
  });

  test('a node holding a backlog past the limit refuses bulks with 429; agents retry, nothing is lost', () => {
    const { heap, refused, lost } = run(`${SLOW}, heap: 1MiB }`);
    const r = heap.pressureRejections;
    expect(r.coordinating + r.primary).toBeGreaterThan(0);
    expect(refused.es_rejected_execution_exception).toBeGreaterThanOrEqual(r.coordinating + r.primary);
    expect(lost).toBe(0);
    // Never more held than the limit: every stage checks before it takes a bulk.
    expect(heap.indexingBytesPeakPerNode).toBeLessThanOrEqual(heap.indexingPressureLimitBytes);
  });

  test('the same overload on a 26 GiB heap queues instead: no pressure refusal', () => {
    const { heap } = run(`${SLOW} }`);
    expect(heap.pressureRejections).toEqual({ coordinating: 0, primary: 0, replica: 0 });
    expect(heap.indexingBytesPeakPerNode).toBeGreaterThan(1024 ** 2 / 10);
  });

  test('dedicated coordinating nodes hold the bulks on their own heap', () => {
    const small = run(`${SLOW} }\n  coordinating: { nodes: 1, heap: 1MiB }`);
    expect(small.heap.pressureRejections.coordinating).toBeGreaterThan(0);
    expect(small.lost).toBe(0);
    const large = run(`${SLOW} }\n  coordinating: { nodes: 2 }`);
    expect(large.heap.pressureRejections.coordinating).toBe(0);
  });
});

describe('the parent circuit breaker', () => {
  // Every api line brings a key never seen: 500 new fields a second, 1 kB of heap each.
  const growth = 'faults: [{ at: 1m, es_field_growth: { service: api, share: 1 } }]';
  const mapping = '  mapping: { total_fields_limit: 10000000 }';

  test('a mapping that outgrows 95 % of the heap trips it: 429 circuit_breaking_exception, retried', () => {
    const { heap, refused, lost } = run(`${mapping}\n  node: { heap: 64MiB }`, growth);
    expect(heap.breakerTrips).toBeGreaterThan(0);
    expect(refused.circuit_breaking_exception).toBe(heap.breakerTrips);
    expect(heap.mappingHeapBytes).toBeGreaterThan(heap.parentBreakerLimitBytes * 0.99);
    expect(lost).toBe(0);
  });

  test('the same mapping on a 26 GiB heap does not', () => {
    const { heap } = run(mapping, growth);
    expect(heap.breakerTrips).toBe(0);
  });
});
