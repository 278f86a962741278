/**
 * Indices over time (decisions 05, 08): a data stream rolled over by ILM at
 * its poll interval, daily indices by @timestamp, max_shards_per_node checked
 * at every creation, and a query touching only the indices that cover its
 * range once can-match runs.
 */
import { describe, expect, test } from 'vitest';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';
import { elasticScenario } from '../helpers/elastic-scenario.ts';

interface Creation {
  name: string;
  atSeconds: number;
  refused: boolean;
}

function run(backend: string, extra = '', duration = '2h') {
  return simulateScenario(loadScenarioFromText(elasticScenario(backend, extra, duration), 'series.yaml'))
    .report;
}

const QUERIES = `queries:
  - { name: needle, every: 10m, range: 30m, match: { service: api }, contains: needle }
  - { name: panel, every: 5m, range: 10m, match: { service: api }, count_by: [level] }`;

describe('indices over time', () => {
  test('rollover by max_docs: a new backing index at the first ILM poll past the condition', () => {
    // 500 lines/s: 300k documents take 10 minutes; the 10m poll rolls over at 10m, 20m, …
    const r = run('  index: { number_of_shards: 1, rollover: { max_docs: 250000 } }', QUERIES);
    const es = r.elastic as { indices: number; indexCreations: Creation[] };
    expect(es.indices).toBeGreaterThanOrEqual(10);
    expect(es.indexCreations[0]!.name).toBe('.ds-logs-000001');
    for (const c of es.indexCreations.slice(1)) {
      expect(c.refused).toBe(false);
      expect(c.atSeconds % 600).toBe(0);
    }
    expect(r.ledger.lostTotal).toBe(0);
    // A 30-minute needle over 2 hours of 1-shard indices: fewer shards than pre_filter_shard_size
    // (128), so every shard is queried; the ones out of range match nothing.
    const q = r.queries as Record<string, { shards: number; shardsSkipped: number; found: number }>;
    expect(q['needle']!.shardsSkipped).toBe(0);
    expect(q['needle']!.found).toBe(1);
  });

  test('can-match above pre_filter_shard_size skips the shards whose time range misses the query', () => {
    const r = run(
      '  index: { number_of_shards: 1, rollover: { max_docs: 250000 } }\n  search: { pre_filter_shard_size: 2 }',
      QUERIES,
    );
    const q = r.queries as Record<string, { shards: number; shardsSkipped: number; found: number }>;
    expect(q['panel']!.shardsSkipped).toBeGreaterThan(0);
    expect(q['panel']!.shardsSkipped).toBeLessThan(q['panel']!.shards);
    expect(q['needle']!.found).toBe(1);
  });

  test('a rollover refused by max_shards_per_node is reported with its time, and writes go on', () => {
    // 3 data nodes × 2 shards per node = 6 copies; 4 are taken: the first index (2 copies) fits, the second does not.
    const r = run(
      '  index: { number_of_shards: 1, number_of_replicas: 1, rollover: { max_docs: 250000 } }\n  existing_shard_copies: 2\n  max_shards_per_node: 2',
    );
    const es = r.elastic as { indices: number; indexCreations: Creation[]; indexCreationRefused: boolean };
    expect(es.indices).toBe(2);
    const refused = es.indexCreations.filter((c) => c.refused);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.atSeconds).toBe(1200);
    expect(es.indexCreationRefused).toBe(true);
    expect(r.ledger.lostTotal).toBe(0);
  });

  test('daily indices: a document goes to the index of its day; a refused day loses its documents', () => {
    const light = (text: string) => text.replace('rate: 50/s', 'rate: 1/s');
    const report = (backend: string) =>
      simulateScenario(loadScenarioFromText(light(elasticScenario(backend, '', '26h')), 'daily.yaml')).report;
    const ok = report('  index: { pattern: daily }');
    const es = ok.elastic as { indices: number; indexCreations: Creation[] };
    expect(es.indexCreations.map((c) => c.name)).toEqual(['logs-2026.01.01', 'logs-2026.01.02']);
    expect(es.indexCreations[1]!.atSeconds).toBeGreaterThanOrEqual(86_400);
    expect(es.indexCreations[1]!.atSeconds).toBeLessThan(86_410);
    // With room for one index only, the second day's documents are refused (400), never retried.
    const full = report(
      '  index: { pattern: daily, number_of_replicas: 0 }\n  max_shards_per_node: 1\n  data_nodes: 1',
    );
    expect((full.elastic as { indexCreations: Creation[] }).indexCreations[1]!.refused).toBe(true);
    expect(full.ledger.lost.rejected_max_shards).toBeGreaterThan(0);
    // 10 hosts × 1 line/s × the 2 hours of day two.
    expect(full.ledger.lost.rejected_max_shards).toBeGreaterThan(60_000);
    expect(full.ledger.lost.rejected_max_shards).toBeLessThan(80_000);
  });
});
