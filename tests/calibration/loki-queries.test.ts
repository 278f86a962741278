import { join } from 'node:path';
import { describe, it } from 'vitest';
import { US_PER_MINUTE } from '../../sim/engine/time.ts';
import { explainQuery } from '../../sim/loki/explain.ts';
import type { LokiBackend } from '../../sim/loki/loki-backend.ts';
import type { QuerySpec } from '../../sim/query/query-spec.ts';
import { queryPathOf } from '../../sim/run/query-settings.ts';
import { loadScenario, simulateScenario } from '../../sim/study/simulate.ts';
import { expectWithin30 } from './within.ts';

/**
 * Loki's aggregate query against quickwit-oss/benchmarks
 * loki_quickwit_benchmark.md (a3418de, 2024-06-26; Loki 2.9, caches off):
 * `sum by (level) (count_over_time(...))` over the whole 212.40 GB dataset
 * took 1,160 CPU-s and 203,665 GETs (reference/facts.md §6a). The data is the
 * one tests/calibration/loki-chunks.test.ts checks: 100 streams (25 hosts ×
 * 4 levels, a `host` label, so the streams are a stream group), snappy,
 * 512 KB target. The query is planned on the simulated cluster once ingest
 * is over, as the benchmark ran it.
 */
describe('calibration: a Loki aggregate over the whole dataset (quickwit-oss/benchmarks, Loki 2.9)', () => {
  const file = join(import.meta.dirname, 'scenarios', 'loki-quickwit-bench.yaml');
  const scenario = loadScenario(file);
  const { result } = simulateScenario(scenario);
  const view = (result.built.ingest as LokiBackend).readView();
  const aggregate: QuerySpec = {
    name: 'aggregate',
    everyUs: 60 * US_PER_MINUTE,
    arrival: 'periodic',
    rangeUs: scenario.duration,
    match: { service: 'gen' },
    query: { kind: 'count', by: ['level'] },
    filter: 'none',
    needleMinAgeUs: 0,
  };
  const plan = explainQuery(view, aggregate, scenario.duration, { config: queryPathOf(scenario) }).loki;

  it('object-store GETs: 203,665 published, ±30 %', () => {
    expectWithin30(plan.gets, 203_665, 'GETs');
  });

  it('querier CPU: 1,160 CPU-s published, ±30 %', () => {
    expectWithin30(plan.cpuSeconds, 1_160, 'CPU-s');
  });

  it("the bytes scanned are the dataset's: 212.40 GB, ±30 %", () => {
    expectWithin30(plan.rawBytesScanned, 212.4e9, 'raw bytes scanned');
  });

  it('latency on the one querier of 16 workers: 90 s published, ±30 %', () => {
    expectWithin30(plan.latencySeconds, 90, 'latency s');
  });
});
