/**
 * Decision 05 on Elasticsearch: what the index costs beside the body, checked
 * against the published whole. Elastic measured 0.732 bytes on disk per raw
 * byte of log lines (Elastic blog "Elasticsearch storage: the true story",
 * ES 2.0; reference/facts.md §3 and §6a), with best_compression 15–25 %
 * smaller; the model must land within ±30 % of 0.732 for lines of the same
 * size (a few hundred bytes), and replicas double the store.
 */
import { describe, expect, test } from 'vitest';
import { documentShape } from '../../sim/elastic/elastic-settings.ts';
import { indexBytes, sourceBytes } from '../../sim/elastic/index-size.ts';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';
import { elasticScenario } from '../helpers/elastic-scenario.ts';

const PUBLISHED_RATIO = 0.732; // Elastic, "storage: the true story", ES 2.0

interface SizeFigures {
  rawBytes: number;
  indexBytes: number;
  sourceBytes: number;
  storeBytes: number;
  primaryToRawRatio: number;
}

function run(index: string) {
  const text = elasticScenario(`  index: { ${index} }`, '', '10m');
  return simulateScenario(loadScenarioFromText(text, 'size.yaml')).report.elastic as SizeFigures;
}

describe('index size', () => {
  test.each([150, 220, 400])('a %d-byte line costs within ±30 %% of the published 0.732', (line) => {
    const shape = { lowCardinalityFields: 3, uniqueFields: 0 };
    const ratio = (indexBytes(1, line, shape) + sourceBytes(line, 'default')) / line;
    expect(ratio).toBeGreaterThan(PUBLISHED_RATIO * 0.7);
    expect(ratio).toBeLessThan(PUBLISHED_RATIO * 1.3);
  });

  test('end to end: the run reports the ratio; best_compression is 15–25 % smaller; replicas double the store', () => {
    const plain = run('number_of_replicas: 0');
    expect(plain.primaryToRawRatio).toBeGreaterThan(PUBLISHED_RATIO * 0.7);
    expect(plain.primaryToRawRatio).toBeLessThan(PUBLISHED_RATIO * 1.3);
    const best = run('number_of_replicas: 0, codec: best_compression');
    const cut = 1 - best.storeBytes / plain.storeBytes;
    expect(cut).toBeGreaterThanOrEqual(0.15);
    expect(cut).toBeLessThanOrEqual(0.25);
    const replicated = run('number_of_replicas: 1');
    expect(replicated.storeBytes / plain.storeBytes).toBeCloseTo(2, 2);
    expect(plain.indexBytes + plain.sourceBytes).toBeCloseTo(plain.storeBytes, -1);
  });

  test('parsing at write indexes the fields too: a unique request_id costs more in a map than in a string', () => {
    const service = {
      name: 'api',
      hosts: 1,
      rate: 1,
      line_size: { mean: 220, sigma: 0.6 },
      levels: { debug: 0, info: 1, warn: 0, error: 0 },
      labels: ['service', 'env', 'level'],
      fields: { request_id: { cardinality: 'unique' as const, popularity: 'uniform' as const } },
    };
    const asMap = documentShape(service, 'map');
    const asString = documentShape(service, 'string');
    expect(asMap.uniqueFields).toBe(1);
    expect(asString.uniqueFields).toBe(0);
    expect(indexBytes(1000, 220_000, asMap)).toBeGreaterThan(indexBytes(1000, 220_000, asString));
  });
});
