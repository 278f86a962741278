/**
 * From the scenario's `queries:` and `query_path:` to the query workload
 * (sim/query/): canonical units in, QuerySpecs and a QueryPathConfig out.
 * Queries run against the backend's read path (its module's reader); the
 * schema already refuses `queries:` on a backend that has none.
 */
import type { BackendReader, BuiltBackend, QueryRun } from '../backend/backend-module.ts';
import type { Simulation } from '../engine/simulation.ts';
import { US_PER_SECOND } from '../engine/time.ts';
import { NeedleCatalog } from '../query/needle-catalog.ts';
import { queryPathConfig, type QueryPathConfig } from '../query/query-path-config.ts';
import type { QuerySpec } from '../query/query-spec.ts';
import type { Scenario } from '../scenario/schema.ts';
import { UsageError } from '../scenario/errors.ts';
import { Emitter } from '../workload/emitter.ts';
import type { TickStore } from '../workload/tick-store.ts';
import type { Cohort } from './cohorts.ts';

/** The backend's read path, or a usage error naming the backend that has none. */
export function readerOf(built: BuiltBackend): BackendReader {
  if (built.reader === undefined) {
    throw new UsageError(
      `queries need a backend that can answer them; backend.kind ${built.ingest.kind} has no read path`,
    );
  }
  return built.reader;
}

/** The query classes of a scenario. */
export function querySpecsOf(scenario: Scenario): QuerySpec[] {
  return scenario.queries.map((q) => {
    const everyUs = q.every ?? Math.round(US_PER_SECOND / (q.rate ?? 1));
    const kind: QuerySpec['query'] =
      q.contains !== undefined
        ? { kind: 'needle', text: q.contains }
        : { kind: 'count', by: q.count_by ?? [] };
    return {
      name: q.name,
      everyUs: Math.max(1, everyUs),
      arrival: q.arrival,
      rangeUs: q.range,
      match: q.match,
      query: kind,
      filter: q.filter ?? (kind.kind === 'needle' ? 'substring' : 'none'),
      needleMinAgeUs: q.needle_min_age,
      ...(q.age !== undefined && q.age > 0 ? { ageUs: q.age } : {}),
    };
  });
}

/** The read-path settings of a scenario. */
export function queryPathOf(scenario: Scenario): QueryPathConfig {
  const p = scenario.query_path;
  return queryPathConfig({
    splitIntervalUs: p.split_queries_by_interval,
    maxQueryParallelism: p.max_query_parallelism,
    tsdbMaxBytesPerShard: p.tsdb_max_bytes_per_shard,
    maxShardsPerSplit: p.max_shards_per_split,
    maxOutstandingPerTenant: p.max_outstanding_requests_per_tenant,
    queriers: p.queriers,
    maxConcurrentPerQuerier: p.max_concurrent,
    querierCores: p.querier_cores,
    queryIngestersWithinUs: p.query_ingesters_within,
    queryTimeoutUs: p.query_timeout,
  });
}

/** The needles every source of the run plants, each under its service's name. */
export function needleCatalogOf(ticks: TickStore, cohorts: readonly Cohort[]): NeedleCatalog {
  const needles = new NeedleCatalog();
  for (let source = 0; source < ticks.sourceCount; source++)
    needles.addSource(cohorts[source]?.service ?? '', new Emitter(ticks, source));
  return needles;
}

/**
 * Builds and starts the query workload of a run, or returns undefined when
 * the scenario has no queries. Call it once every source is in the tick store.
 */
export function startQueryWorkload(
  sim: Simulation,
  scenario: Scenario,
  built: BuiltBackend,
  ticks: TickStore,
  cohorts: readonly Cohort[],
): QueryRun | undefined {
  if (scenario.queries.length === 0) return undefined;
  return readerOf(built).startQueries({
    sim,
    specs: querySpecsOf(scenario),
    path: queryPathOf(scenario),
    needles: needleCatalogOf(ticks, cohorts),
    durationUs: scenario.duration,
  });
}
