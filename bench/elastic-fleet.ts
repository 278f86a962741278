/**
 * `elastic-fleet`: scenarios/05-elastic-index.yaml (Elasticsearch, 24 virtual
 * hours, the 05 query mix: a needle over 24 h every 15 min, a panel over 1 h
 * every minute) at 200, 1,000 and 10,000 hosts (the shipped 3:1 split of api
 * and worker hosts). The cluster is sized for its fleet as an operator would,
 * as `loki-fleet` sizes the tenant rate: data nodes grow with the hosts from
 * the shipped 3 at 200 hosts, one primary per 2 data nodes (at least 3), so
 * no size overloads its write pools. `growth` is each size's wall
 * time over the previous one's (hosts grow 5× then 10×). Goals (issue 27):
 * 1,000 hosts within 3× `fleet-24h` measured in the same sitting, 10,000 ÷
 * 1,000 ≤ 12×.
 *
 * `elastic-fleet-1k` is the 1,000-host run alone, to alternate with `fleet-24h`.
 */
import { join } from 'node:path';
import { loadScenario, simulateScenario } from '../sim/study/simulate.ts';
import { timeOnce } from './measure.ts';

export const ELASTIC_FLEET_HOSTS: readonly number[] = [200, 1_000, 10_000];

/** Data nodes of the shipped scenario at its 200 hosts. */
const BASE_NODES = 3;
const BASE_HOSTS = 200;

/** The 05 Elasticsearch scenario at `hosts` hosts over `duration`, the cluster sized for the fleet. */
export function elasticFleetOverrides(hosts: number, duration: string): string[] {
  const api = Math.round((hosts * 3) / 4);
  const nodes = Math.max(BASE_NODES, Math.ceil((BASE_NODES * hosts) / BASE_HOSTS));
  return [
    `duration=${duration}`,
    `fleet.services.api.hosts=${api}`,
    `fleet.services.worker.hosts=${hosts - api}`,
    `backend.data_nodes=${nodes}`,
    // One primary per 2 data nodes (at least 3): with a replica, one copy per node, few enough that a
    // host's one-second bulk still finds documents for most shards it is split over.
    `backend.index.number_of_shards=${Math.max(3, Math.round(nodes / 2))}`,
  ];
}

/** One run of the 05 Elasticsearch scenario at `hosts` over `duration`: wall time, events, memory, what it did. */
export function runElasticFleet(hosts: number, duration: string): Record<string, number> {
  const file = join(import.meta.dirname, '..', 'scenarios', '05-elastic-index.yaml');
  const scenario = loadScenario(file, { overrides: elasticFleetOverrides(hosts, duration) });
  const { result, seconds } = timeOnce(() => simulateScenario(scenario));
  const r = result.report;
  const es = r.elastic as { search: { completed: number }; docsIndexed: number };
  const queries = Object.values(r.queries ?? {}) as { count: number; p99: number | null }[];
  return {
    hosts: r.run.hosts,
    sources: r.run.sources,
    wallSeconds: round2(seconds),
    events: r.run.events,
    eventsPerSec: Math.round(r.run.events / seconds),
    rssBytes: process.memoryUsage().rss,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    linesEmitted: r.ledger.emitted,
    deliveredShare: r.ledger.emitted > 0 ? r.ledger.delivered / r.ledger.emitted : 0,
    docsIndexed: es.docsIndexed,
    utilization: (r.backend as { utilization: number }).utilization,
    queries: queries.reduce((n, q) => n + q.count, 0),
    shardRequests: es.search.completed,
  };
}

export function elasticFleetBenchmark(): object {
  const out: Record<string, number> = {};
  let previous: number | undefined;
  // Smallest first: the process's peak RSS after each size is then that size's own peak.
  for (const hosts of ELASTIC_FLEET_HOSTS) {
    const run = runElasticFleet(hosts, '24h');
    for (const [k, v] of Object.entries(run)) if (k !== 'hosts') out[`h${hosts}.${k}`] = v;
    if (previous !== undefined) out[`h${hosts}.growth`] = round2(run.wallSeconds! / previous);
    previous = run.wallSeconds;
  }
  return out;
}

export function elasticFleet1kBenchmark(): object {
  return runElasticFleet(1_000, '24h');
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
