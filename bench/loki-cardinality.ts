/**
 * `loki-cardinality`: 100,000 active streams for one virtual hour. user_id
 * (100k values, uniform) is a label; 1,000 lines/s keep ~100k of its values
 * active within the 30m idle period. Cost must follow batches, chunks and
 * stream GROUPS, not streams or lines (sim/loki/stream-group.ts).
 */
import { loadScenarioFromText, simulateScenario } from '../sim/study/simulate.ts';
import { timeOnce } from './measure.ts';

const SCENARIO = `
name: loki-cardinality
seed: 1
duration: 1h
fleet:
  services:
    - name: api
      hosts: 20
      rate: 50/s
      labels: [service, env, user_id]
      fields:
        user_id: { cardinality: 100k }
backend:
  kind: loki
  ingesters: { count: 3, replication_factor: 3, memory_limit: 16GiB }
  limits: { max_global_streams_per_user: 0 }
`;

export function lokiCardinalityBenchmark(): object {
  const scenario = loadScenarioFromText(SCENARIO, 'loki-cardinality.yaml');
  const { result, seconds } = timeOnce(() => simulateScenario(scenario));
  const loki = result.report.loki as Record<string, number>;
  return {
    virtualHours: 1,
    activeStreamsPeak: loki.activeStreamsPeak,
    chunkObjects: loki.objects,
    wallSeconds: Math.round(seconds * 100) / 100,
    rssBytes: process.memoryUsage().rss,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    events: result.report.run.events,
  };
}
