/**
 * `fleet-24h`: steady-state.yaml scaled to 1,000 hosts (the shipped 3:1 split
 * of api and worker hosts) over 24 virtual hours. Goal: within 30 s and 1 GB.
 */
import { join } from 'node:path';
import { loadScenario, simulateScenario } from '../sim/study/simulate.ts';
import { timeOnce } from './measure.ts';

export function fleet24hBenchmark(): object {
  const file = join(import.meta.dirname, '..', 'scenarios', 'steady-state.yaml');
  const scenario = loadScenario(file, {
    overrides: ['duration=24h', 'fleet.services.api.hosts=750', 'fleet.services.worker.hosts=250'],
  });
  const { result, seconds } = timeOnce(() => simulateScenario(scenario));
  const r = result.report;
  return {
    hosts: r.run.hosts,
    virtualHours: 24,
    wallSeconds: round(seconds, 2),
    rssBytes: process.memoryUsage().rss,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    events: r.run.events,
    eventsPerSec: Math.round(r.run.events / seconds),
    linesEmitted: r.ledger.emitted,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
