/**
 * Elasticsearch indexing throughput against a cluster benchmark on stated
 * hardware: Aliyun's Elasticsearch 8.9.1 performance test — 3 data nodes of
 * 8 vCPU / 32 GiB, ESSD PL1, Rally http_logs, 6 primaries, no replica, bulks
 * of 2000, 10 clients: 375,676 documents/s on average (reference/facts.md §6a;
 * help.aliyun.com/en/es/product-overview/8-core-32-gib-data-node-instance-performance-test).
 * The scenario offers more than the cluster can take
 * (tests/calibration/scenarios/elastic-rally-http-logs.yaml), so documents
 * indexed per second is the simulated cluster's capacity.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, simulateScenario } from '../../sim/study/simulate.ts';
import { expectWithin30 } from './within.ts';

const file = join(import.meta.dirname, 'scenarios', 'elastic-rally-http-logs.yaml');

function docsPerSecond(overrides: string[]): number {
  const { report } = simulateScenario(loadScenario(file, { overrides }));
  expect(report.ledger.lostTotal).toBe(0);
  const docs = (report.elastic as { docsIndexed: number }).docsIndexed;
  return docs / report.scenario.durationSeconds;
}

describe('calibration: Elasticsearch indexing throughput (Aliyun, ES 8.9.1, Rally http_logs)', () => {
  const three = docsPerSecond(['fleet.services.web.hosts=900']);

  it('3 data nodes × 8 vCPU index 375,676 documents/s published, ±30 %', () => {
    expectWithin30(three, 375_676, 'documents/s');
  });

  it('throughput grows with data nodes: 3 → 6 nodes at a saturating load gives × 1.6 or more', () => {
    const six = docsPerSecond(['fleet.services.web.hosts=900', 'backend.data_nodes=6']);
    expect(six / three).toBeGreaterThanOrEqual(1.6);
  });
});
