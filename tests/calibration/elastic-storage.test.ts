/**
 * Elasticsearch disk use against Elastic's published storage figures
 * (reference/facts.md §3, §6a), each end to end through a simulated cluster
 * (tests/helpers/elastic-scenario.ts: a small fleet of ~200-byte log lines,
 * no replicas):
 * - standard index, default codec: 0.732 of raw (Elastic blog "Elasticsearch
 *   storage: the true story", ES 2.0, 2015);
 * - best_compression: 15–25 % smaller (same source), i.e. 0.80 of default;
 * - LogsDB index mode: 161.9 → 37.5 GB (−77 %) on Elastic's nightly
 *   benchmark, 162.7 → 39.4 GB (−76 %) on the tutorial data (Elastic
 *   observability-labs blogs, 8.17+/9.x), i.e. 0.23–0.24 of standard.
 */
import { describe, it } from 'vitest';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';
import { elasticScenario } from '../helpers/elastic-scenario.ts';
import { expectWithin30 } from './within.ts';

interface SizeFigures {
  storeBytes: number;
  primaryToRawRatio: number;
}

function run(index: string): SizeFigures {
  const text = elasticScenario(`  index: { number_of_replicas: 0, ${index} }`, '', '10m');
  return simulateScenario(loadScenarioFromText(text, 'storage.yaml')).report.elastic as SizeFigures;
}

describe('calibration: Elasticsearch storage ratios', () => {
  const standard = run('mode: standard');
  it('standard index: 0.732 of raw published (ES 2.0), ±30 %', () => {
    expectWithin30(standard.primaryToRawRatio, 0.732, 'index ÷ raw');
  });
  it('best_compression: 0.80 of default published (15–25 % smaller), ±30 %', () => {
    expectWithin30(run('codec: best_compression').storeBytes / standard.storeBytes, 0.8, 'best ÷ default');
  });
  it('LogsDB: 37.5 ÷ 161.9 = 0.23 of standard published (Elastic nightly benchmark), ±30 %', () => {
    expectWithin30(run('mode: logsdb').storeBytes / standard.storeBytes, 37.5 / 161.9, 'logsdb ÷ standard');
  });
  it('LogsDB: 39.4 ÷ 162.7 = 0.24 of standard published (Elastic tutorial data), ±30 %', () => {
    expectWithin30(run('mode: logsdb').storeBytes / standard.storeBytes, 39.4 / 162.7, 'logsdb ÷ standard');
  });
});
