/**
 * Decision 10 on Elasticsearch: a data node dies. Every acknowledged
 * document was written to each in-sync copy before the ack, so with one
 * replica a single node loss promotes a replica and loses nothing, whatever
 * the translog durability. With no replica the shard goes red, and an async
 * translog loses what was acknowledged since its last fsync (at most one
 * sync_interval of that node's shards); a request translog loses nothing.
 */
import { describe, expect, test } from 'vitest';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';
import { elasticScenario } from '../helpers/elastic-scenario.ts';

// 10 hosts × 50 lines/s; three nodes, three primaries (one per node).
const LINES_PER_SEC = 500;
const crash = (restart: string) =>
  `faults: [{ at: 10m3s, es_node_crash: { node: 0, restart_after: ${restart} } }]`;

function run(index: string, restart = '2m') {
  const text = elasticScenario(`  index: { number_of_shards: 3, ${index} }`, crash(restart));
  return simulateScenario(loadScenarioFromText(text, 'node-loss.yaml')).report;
}

interface ElasticFigures {
  promotions: number;
  secondsYellow: number;
  secondsRed: number;
  recoveryBytes: number;
  lostTranslog: number;
}

describe('elasticsearch node loss', () => {
  test('one replica, async translog: a single node loss loses no acknowledged document', () => {
    const report = run('number_of_replicas: 1, translog_durability: async');
    const es = report.elastic as ElasticFigures;
    expect(report.ledger.lostTotal).toBe(0);
    expect(report.ledger.delivered + report.ledger.inFlight).toBe(report.ledger.emitted);
    expect(report.ledger.needles.lost).toBe(0);
    expect(es.promotions).toBe(1);
    expect(es.secondsRed).toBe(0);
    expect(es.secondsYellow).toBeGreaterThan(0);
    expect(es.recoveryBytes).toBeGreaterThan(0);
  });

  test('no replica, async translog: the crash loses the acknowledged documents of the last sync interval', () => {
    const report = run('number_of_replicas: 0, translog_durability: async');
    const es = report.elastic as ElasticFigures;
    const lost = report.ledger.lost.lost_translog_async ?? 0;
    expect(lost).toBe(report.ledger.lostTotal);
    expect(es.lostTranslog).toBe(lost);
    // The crash is 3 s after an fsync (at 10m): about a third of 3 s of the fleet's lines, never
    // more than one whole interval (5 s) of the node's share plus a bulk in progress.
    const expected = (LINES_PER_SEC / 3) * 3;
    expect(lost).toBeGreaterThan(0.4 * expected);
    expect(lost).toBeLessThan((LINES_PER_SEC / 3) * 5 + LINES_PER_SEC);
    expect(es.secondsRed).toBeGreaterThan(100);
    expect(report.ledger.delivered + lost + report.ledger.inFlight).toBe(report.ledger.emitted);
  });

  test('no replica, request translog: the shard is red until its node returns, and nothing is lost', () => {
    const report = run('number_of_replicas: 0, translog_durability: request');
    const es = report.elastic as ElasticFigures;
    expect(report.ledger.lostTotal).toBe(0);
    expect(es.secondsRed).toBeGreaterThan(100);
    // Bulks touching the red shard were refused and retried.
    expect((report.agent as { retries: number }).retries).toBeGreaterThan(0);
  });
});
