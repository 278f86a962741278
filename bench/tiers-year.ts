/**
 * `tiers-year`: 1,000 hosts kept a year through storage tiers, on each
 * backend (issue 30). The ingest model runs a representative day; the year
 * is planned beside it at a coarse step (Loki's storage aging in closed
 * form, Elasticsearch's ILM index by index), so the wall time is the day's.
 *
 * - elastic: scenarios/07-tiers-elastic.yaml at 1,000 hosts, every tier
 *   sized 5× the shipped 200-host one (15 data nodes, 10 warm, 5 cold,
 *   5 frozen), hot 7 d, warm to 30, cold to 90, frozen to the delete at 365;
 * - loki: scenarios/07-loki-s3.yaml variant `year-tiered` (S3 Standard,
 *   Standard-IA from 30 d, Glacier Instant from 90 d, a year), the tenant
 *   rate sized for the fleet as in `loki-fleet`.
 *
 * Both run at `fleet.cohort_max_hosts: 1000` (one cohort per service), as
 * `loki-month` does: what the tiers hold and cost is the same in
 * expectation; what is lost is the spread of phases between cohorts. Goal:
 * each within 3× `fleet-24h`, alternating runs in one sitting.
 */
import { join } from 'node:path';
import { loadScenario, simulateScenario } from '../sim/study/simulate.ts';
import { lokiFleetOverrides } from './loki-fleet.ts';
import { timeOnce } from './measure.ts';

const SCENARIOS = join(import.meta.dirname, '..', 'scenarios');
const HOSTS = 1_000;
const COHORTS = 'fleet.cohort_max_hosts=1000';

function fleet(hosts: number): string[] {
  const api = Math.round((hosts * 3) / 4);
  return [`fleet.services.api.hosts=${api}`, `fleet.services.worker.hosts=${hosts - api}`];
}

function measure(file: string, variant: string, overrides: string[]): Record<string, number> {
  const scenario = loadScenario(join(SCENARIOS, file), { variant, overrides });
  const { result, seconds } = timeOnce(() => simulateScenario(scenario, variant));
  const r = result.report;
  const cost = r.cost as { monthly: number; retentionDays: number };
  return {
    wallSeconds: Math.round(seconds * 100) / 100,
    events: r.run.events,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    deliveredShare: r.ledger.emitted > 0 ? r.ledger.delivered / r.ledger.emitted : 0,
    monthlyUsd: cost.monthly,
    retentionDays: cost.retentionDays,
  };
}

export function tiersYearElastic(): Record<string, number> {
  return measure('07-tiers-elastic.yaml', 'baseline', [
    'duration=24h',
    ...fleet(HOSTS),
    COHORTS,
    'backend.data_nodes=15',
    'backend.index.number_of_shards=8',
    'backend.ilm.warm.nodes=10',
    'backend.ilm.cold.nodes=5',
    'backend.ilm.frozen.nodes=5',
  ]);
}

export function tiersYearLoki(): Record<string, number> {
  return measure('07-loki-s3.yaml', 'year-tiered', [...lokiFleetOverrides(HOSTS, '24h'), COHORTS]);
}

export function tiersYearBenchmark(): object {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(tiersYearElastic())) out[`elastic.${k}`] = v;
  for (const [k, v] of Object.entries(tiersYearLoki())) out[`loki.${k}`] = v;
  return out;
}
