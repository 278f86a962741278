/**
 * One compare across stacks (decision 05, 05a): the Loki and Elasticsearch
 * halves of the 05 pair side by side, every row filled — a figure one stack
 * does not have says why ("not billed", "not modelled"), never an empty cell.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildComparison, type VariantRun } from '../../sim/report/comparison.ts';
import { comparisonMdTable } from '../../sim/report/comparison-markdown.ts';
import { loadScenario, simulateScenario } from '../../sim/study/simulate.ts';

const file = (name: string) => join(import.meta.dirname, '..', '..', 'scenarios', name);

describe('sim compare of the 05 pair', () => {
  test('index vs body bytes, labels vs fields, ingest CPU, each query, loss, lag and the bill', () => {
    const runs: VariantRun[] = ['05-labels-only-index.yaml', '05-elastic-index.yaml'].map((name) => {
      const scenario = loadScenario(file(name), { overrides: ['duration=2h'] });
      return { variant: name, seed: scenario.seed, report: simulateScenario(scenario).report };
    });
    const comparison = buildComparison(runs);
    const names = comparison.metrics.map((m) => m.name);
    for (const row of [
      'store.index_bytes',
      'store.body_bytes',
      'store.indexed_fields',
      'ingest.cpu',
      'lines_lost',
      'lag.p99',
      'cost.monthly',
      'query.needle.p50',
      'query.needle.p99',
      'query.needle.cpuSeconds',
      'query.api-by-level.p99',
      'query.api-by-level.cpuSeconds',
    ])
      expect(names).toContain(row);
    const [loki, elastic] = comparison.variants;
    // Loki's index is labels only; Elasticsearch's is of the order of the raw bytes.
    expect(elastic!.figures['store.index_bytes']!.mean).toBeGreaterThan(
      1000 * loki!.figures['store.index_bytes']!.mean,
    );
    expect(elastic!.figures['store.indexed_fields']!.mean).toBeGreaterThan(
      loki!.figures['store.indexed_fields']!.mean,
    );
    // A needle reads postings on Elasticsearch, greps chunks on Loki.
    expect(elastic!.figures['query.needle.cpuSeconds']!.mean).toBeLessThan(
      loki!.figures['query.needle.cpuSeconds']!.mean / 100,
    );
    const table = comparisonMdTable(comparison);
    const row = (name: string) => table.split('\n').find((l) => l.startsWith(`| ${name} |`)) ?? '';
    // Both stacks are billed: Loki's object store and nodes, Elasticsearch's data nodes and disks.
    expect(row('cost.monthly')).toMatch(/^\| cost\.monthly \| \S*\$[\d,.]+\S* \| \$[\d,.]+/);
    expect(elastic!.figures['cost.monthly']!.mean).toBeGreaterThan(0);
    expect(row('ingest.cpu')).toContain('not modelled');
    for (const line of table.split('\n').slice(2)) expect(line).not.toMatch(/\|\s*\|/);
  });
});
