/**
 * The Elasticsearch query workload: the run's query classes
 * (sim/query/query-arrivals.ts, the same arrivals and needles Loki is asked)
 * sent to a coordinating node, and their figures per class.
 */
import type { Simulation } from '../engine/simulation.ts';
import type { NeedleCatalog } from '../query/needle-catalog.ts';
import { QueryArrivals } from '../query/query-arrivals.ts';
import type { QuerySpec } from '../query/query-spec.ts';
import {
  SearchCoordinator,
  type SearchCluster,
  type SearchConfig,
  type SearchOutcome,
} from './search-coordinator.ts';
import { resolveQuery, type DocumentModel, type ResolvedQuery } from './search-plan.ts';
import { SearchClassStats, type SearchClassReport } from './search-stats.ts';

export class SearchWorkload {
  readonly coordinator: SearchCoordinator;
  private readonly arrivals: QueryArrivals;
  private readonly stats = new Map<string, SearchClassStats>();
  private readonly resolved = new Map<string, ResolvedQuery>();

  constructor(
    sim: Simulation,
    cluster: SearchCluster,
    config: SearchConfig,
    model: DocumentModel,
    private readonly specs: readonly QuerySpec[],
    needles: NeedleCatalog,
    endUs: number,
    /** Sees every finished search too (the backend's CPU split). */
    observe?: (o: SearchOutcome) => void,
  ) {
    this.coordinator = new SearchCoordinator(sim, cluster, config, (o: SearchOutcome) => {
      this.stats.get(o.spec.name)?.record(o);
      observe?.(o);
    });
    for (const spec of specs) {
      this.stats.set(spec.name, new SearchClassStats(spec.query.kind === 'needle'));
      this.resolved.set(spec.name, resolveQuery(spec, model));
    }
    this.arrivals = new QueryArrivals(sim, specs, needles, endUs, (spec, fromUs, toUs, needleTsUs) =>
      this.coordinator.submit(spec, this.resolved.get(spec.name) as ResolvedQuery, fromUs, toUs, needleTsUs),
    );
  }

  start(): void {
    this.arrivals.start();
  }

  report(): Record<string, SearchClassReport> {
    const out: Record<string, SearchClassReport> = {};
    for (const spec of this.specs) {
      const stats = this.stats.get(spec.name) as SearchClassStats;
      stats.count = this.arrivals.countOf(spec.name);
      out[spec.name] = stats.report();
    }
    return out;
  }

  statsOf(name: string): SearchClassStats | undefined {
    return this.stats.get(name);
  }
}
