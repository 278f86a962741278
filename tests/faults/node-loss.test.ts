/**
 * node_loss, the backend-neutral node failure: on Loki it is exactly an
 * ingester's node_crash, on Elasticsearch exactly a data node's
 * es_node_crash (the same run, figure for figure); a backend without storage
 * nodes refuses it at its line.
 */
import { describe, expect, test } from 'vitest';
import type { Report } from '../../sim/report/report.ts';
import { ScenarioError } from '../../sim/scenario/errors.ts';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';

function report(backend: string, fault: string): Report {
  const text = `
name: node-loss
seed: 5
duration: 20m
fleet:
  services:
    - { name: api, hosts: 6, rate: 40/s, needles: { every: 1m } }
agent:
  retry: { max_retries: unlimited, max_backoff: 10s }
backend: ${backend}
faults:
  - { at: 5m, ${fault} }
`;
  return simulateScenario(loadScenarioFromText(text, 'node-loss.yaml')).report;
}

/** What the run did, without the scenario's own echo (its hash differs with the fault's name). */
function figures(r: Report): unknown {
  const { scenario: _scenario, warnings: _warnings, ...rest } = r;
  return rest;
}

describe('node_loss', () => {
  test('on Loki it is an ingester crash', () => {
    const loki = '{ kind: loki, ingesters: { count: 3, replication_factor: 3 } }';
    const neutral = report(loki, 'node_loss: { node: 1, restart_after: 3m }');
    const own = report(loki, 'node_crash: { component: ingester, index: 1, restart_after: 3m }');
    expect((neutral.loki as { ingesterCrashes: number }).ingesterCrashes).toBe(1);
    expect(figures(neutral)).toEqual(figures(own));
  });

  test('on Elasticsearch it is a data node crash', () => {
    const es =
      '{ kind: elasticsearch, data_nodes: 3, index: { number_of_shards: 3, number_of_replicas: 1 } }';
    const neutral = report(es, 'node_loss: { node: 2, restart_after: 3m }');
    const own = report(es, 'es_node_crash: { node: 2, restart_after: 3m }');
    expect((neutral.elastic as { nodeCrashes: number }).nodeCrashes).toBe(1);
    expect(figures(neutral)).toEqual(figures(own));
  });

  test('the generic endpoint has no storage nodes: an error at the fault', () => {
    let error: unknown;
    try {
      report('{ kind: endpoint }', 'node_loss: { node: 0 }');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).format()).toMatch(/faults\[0\]\.node_loss/);
  });
});
