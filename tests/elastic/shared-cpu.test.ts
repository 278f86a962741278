/**
 * Search and indexing share a data node's cores (decision 10): a heavy
 * dashboard panel takes CPU the write pool no longer has, so bulks wait and
 * ingest lag grows; a write backlog makes every search thread compete with
 * the write threads, so queries slow down. Both show in the report.
 */
import { describe, expect, test } from 'vitest';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';
import { elasticScenario } from '../helpers/elastic-scenario.ts';

const run = (backend: string, extra: string) =>
  simulateScenario(loadScenarioFromText(elasticScenario(backend, extra, '30m'), 'cpu.yaml')).report;

/** A panel over the last hour of every line, five times a second: aggregation CPU on a small node. */
const PANEL = 'queries:\n  - { name: panel, every: 200ms, range: 1h, count_by: [level] }';
const SMALL = '  data_nodes: 1\n  index: { number_of_replicas: 0 }\n  node: { cores: 2 }';

describe('search and indexing share the cores', () => {
  test('a heavy panel slows ingest: lag grows, and the CPU shows up as search CPU', () => {
    // The write pool at about 60 % of a 2-core node; the panel takes about 7 % more of it.
    const node = SMALL.replace('cores: 2', 'cores: 2, index_docs_per_core: 400');
    const quiet = run(node, '');
    const busy = run(node, PANEL);
    const cpu = (r: typeof quiet) => (r.elastic as { cpu: { searchSeconds: number } }).cpu.searchSeconds;
    expect(cpu(quiet)).toBe(0);
    expect(cpu(busy)).toBeGreaterThan(200);
    // Bulks wait behind the search CPU (a small effect at this load: the lag is mostly the linger).
    expect(busy.lag.mean).toBeGreaterThan(quiet.lag.mean);
    expect(busy.ledger.lostTotal).toBe(0);
  });

  test('a write backlog slows queries: the same panel answers later while bulks queue', () => {
    const panel = 'queries:\n  - { name: panel, every: 1m, range: 10m, count_by: [level] }';
    const light = run(SMALL, panel);
    // A write pool too slow for the fleet: it is never idle.
    const storm = run(SMALL.replace('cores: 2', 'cores: 2, index_docs_per_core: 250'), panel);
    const p50 = (r: typeof light) => (r.queries as Record<string, { p50: number }>)['panel']!.p50;
    expect((storm.backend as { utilization: number }).utilization).toBeGreaterThan(0.99);
    expect(p50(storm)).toBeGreaterThan(p50(light) * 1.3);
  });
});
