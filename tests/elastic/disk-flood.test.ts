/**
 * Disk watermarks on Elasticsearch: when a node reaches the flood stage (95 %)
 * the index turns read-only and shippers get 429 until usage falls below the
 * high watermark (here: more disk). The time to flood stage follows from the
 * ingest rate: bytes per node per second = raw rate × on-disk ratio ×
 * copies / nodes. Nothing is lost: the agents hold and retry.
 */
import { describe, expect, test } from 'vitest';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';
import { elasticScenario } from '../helpers/elastic-scenario.ts';

interface FloodFigures {
  rawBytes: number;
  primaryToRawRatio: number;
  floodStageAtSeconds: number | null;
  floodBlockedSeconds: number;
  diskSharePeak: number;
}

describe('disk flood stage', () => {
  test('flood stage at the time the ingest rate predicts; writes refused with 429 until disk is added; no loss', () => {
    const text = elasticScenario(
      '  data_nodes: 3\n  node: { disk: 36MB }\n  index: { number_of_shards: 3 }',
      'faults: [{ at: 15m, es_disk_grow: { by: 100MB } }]',
    );
    const report = simulateScenario(loadScenarioFromText(text, 'flood.yaml')).report;
    const es = report.elastic as FloodFigures;
    // 10 hosts × 50 lines/s × 220 B, × ratio, × 2 copies of 3 shards over 3 nodes.
    const perNodeBytesPerSec = 10 * 50 * 220 * es.primaryToRawRatio * (2 / 3);
    const predicted = (36e6 * 0.95) / perNodeBytesPerSec;
    expect(es.floodStageAtSeconds).not.toBeNull();
    expect(Math.abs(es.floodStageAtSeconds! - predicted) / predicted).toBeLessThan(0.15);
    // Blocked from flood stage until the disk grows at 15 m.
    expect(es.floodBlockedSeconds).toBeCloseTo(900 - es.floodStageAtSeconds!, -1);
    const refused = (report.backend as { bulksRefused: Record<string, number> }).bulksRefused;
    expect(refused.cluster_block_exception).toBeGreaterThan(0);
    expect(report.ledger.lostTotal).toBe(0);
    expect(report.ledger.delivered + report.ledger.inFlight).toBe(report.ledger.emitted);
  });
});
