/**
 * `loki-fleet`: scenarios/05-labels-only-index.yaml (Loki, 24 virtual hours,
 * its query mix: a needle over 24 h every 15 min, a panel over 1 h every
 * minute) at 200, 1,000 and 10,000 hosts (the shipped 3:1 split of api and
 * worker hosts). The cluster is sized for its fleet as an operator would:
 * the tenant ingestion rate grows with the hosts from the shipped 4 MiB/s at
 * 200 hosts (about twice the fleet's 2 MB/s), so every size ingests what it
 * emits; without that, 1,000 hosts are refused two lines in three and the run
 * measures agents retrying, not Loki. `growth` is each size's wall time over
 * the previous one's (hosts grow 5× then 10×). Goals (issue 14): 1,000 hosts
 * within 2× `fleet-24h` measured in the same sitting, 10,000 ÷ 1,000 ≤ 12×,
 * RSS ≤ 2 GB.
 *
 * `loki-fleet-1k` is the 1,000-host run alone, to alternate with `fleet-24h`.
 */
import { join } from 'node:path';
import { loadScenario, simulateScenario } from '../sim/study/simulate.ts';
import { timeOnce } from './measure.ts';

export const LOKI_FLEET_HOSTS: readonly number[] = [200, 1_000, 10_000];

/** Tenant ingestion rate of the shipped scenario at its 200 hosts: 4 MiB/s. */
const BASE_RATE_MIB_PER_SEC = 4;
const BASE_HOSTS = 200;

/** The 05 scenario at `hosts` hosts over `duration`, with the tenant rate sized for the fleet. */
export function lokiFleetOverrides(hosts: number, duration: string): string[] {
  const api = Math.round((hosts * 3) / 4);
  const rateMiB = (BASE_RATE_MIB_PER_SEC * hosts) / BASE_HOSTS;
  return [
    `duration=${duration}`,
    `fleet.services.api.hosts=${api}`,
    `fleet.services.worker.hosts=${hosts - api}`,
    `backend.limits.ingestion_rate=${rateMiB}MiB/s`,
  ];
}

/** One run of the 05 scenario at `hosts` over `duration`: wall time, events, memory and what it did. */
export function runLokiFleet(hosts: number, duration: string, extra: string[] = []): Record<string, number> {
  const file = join(import.meta.dirname, '..', 'scenarios', '05-labels-only-index.yaml');
  const scenario = loadScenario(file, { overrides: [...lokiFleetOverrides(hosts, duration), ...extra] });
  const { result, seconds } = timeOnce(() => simulateScenario(scenario));
  const r = result.report;
  const loki = r.loki as Record<string, number>;
  const queries = Object.values(r.queries ?? {}) as { count: number; chunks: number }[];
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
    chunkObjects: loki.objects ?? 0,
    streams: loki.streamsCreated ?? 0,
    queries: queries.reduce((n, q) => n + q.count, 0),
    queryChunks: queries.reduce((n, q) => n + q.chunks, 0),
  };
}

export function lokiFleetBenchmark(): object {
  const out: Record<string, number> = {};
  let previous: number | undefined;
  // Smallest first: the process's peak RSS after each size is then that size's own peak.
  for (const hosts of LOKI_FLEET_HOSTS) {
    const run = runLokiFleet(hosts, '24h');
    for (const [k, v] of Object.entries(run)) if (k !== 'hosts') out[`h${hosts}.${k}`] = v;
    if (previous !== undefined) out[`h${hosts}.growth`] = round2(run.wallSeconds! / previous);
    previous = run.wallSeconds;
  }
  return out;
}

export function lokiFleet1kBenchmark(): object {
  return runLokiFleet(1_000, '24h');
}

/**
 * `loki-overload-1k`: the shipped 05 scenario at 1,000 hosts × 24 h with its
 * tenant limit as shipped (4 MiB/s for a fleet emitting about 10 MB/s), so
 * two lines in three are refused with 429 and every agent's buffer fills:
 * the under-sized design an architect tries first. Goal (issue 28): within
 * 3× `loki-fleet-1k`.
 */
export function lokiOverload1kBenchmark(): object {
  return runLokiOverload(1_000, '24h');
}

/** The 05 scenario at `hosts` over `duration` with the shipped tenant limit. */
export function runLokiOverload(hosts: number, duration: string): Record<string, number> {
  const api = Math.round((hosts * 3) / 4);
  return runLokiFleet(hosts, duration, [
    `backend.limits.ingestion_rate=${BASE_RATE_MIB_PER_SEC}MiB/s`,
    `fleet.services.api.hosts=${api}`,
    `fleet.services.worker.hosts=${hosts - api}`,
  ]);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
