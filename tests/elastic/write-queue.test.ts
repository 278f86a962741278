/**
 * The write thread pool: a node that cannot keep up queues shard-level bulk
 * operations up to write_queue_size, then refuses bulks with 429
 * es_rejected_execution_exception; agents retry, so nothing is lost. And
 * cluster.max_shards_per_node: an index that would exceed it is never
 * created, and every bulk is refused (400) with a named cause.
 */
import { describe, expect, test } from 'vitest';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';
import { elasticScenario } from '../helpers/elastic-scenario.ts';

describe('write thread pool and shard limit', () => {
  test('an overloaded node refuses bulks with 429; agents retry and nothing is lost', () => {
    const text = elasticScenario(
      '  data_nodes: 1\n  index: { number_of_replicas: 0 }\n  write_queue_size: 2\n  node: { cores: 1, index_docs_per_core: 400 }',
    );
    const report = simulateScenario(loadScenarioFromText(text, 'queue.yaml')).report;
    const refused = (report.backend as { bulksRefused: Record<string, number> }).bulksRefused;
    expect(refused.es_rejected_execution_exception).toBeGreaterThan(10);
    expect((report.agent as { retries: number }).retries).toBeGreaterThan(10);
    expect(report.ledger.lostTotal).toBe(0);
  });

  test('over cluster.max_shards_per_node the index is refused: every line lost as rejected_max_shards', () => {
    const text = elasticScenario(
      '  data_nodes: 2\n  existing_shard_copies: 1999\n  index: { number_of_shards: 1 }',
    );
    const report = simulateScenario(loadScenarioFromText(text, 'shards.yaml')).report;
    expect((report.elastic as { indexCreationRefused: boolean }).indexCreationRefused).toBe(true);
    expect(report.ledger.delivered).toBe(0);
    expect(report.ledger.lost.rejected_max_shards).toBe(report.ledger.lostTotal);
    expect(report.ledger.lostTotal + report.ledger.inFlight).toBe(report.ledger.emitted);
  });
});
