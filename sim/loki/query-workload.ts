/**
 * The Loki query workload: the run's query classes (sim/query/query-arrivals.ts)
 * arriving at one query frontend, and their figures per class.
 */
import type { Simulation } from '../engine/simulation.ts';
import type { LokiReadView } from './read-view.ts';
import type { NeedleCatalog } from '../query/needle-catalog.ts';
import { QueryArrivals } from '../query/query-arrivals.ts';
import { QueryFrontend, type QueryOutcome } from './query-frontend.ts';
import type { SplitRequest } from './split-work.ts';
import type { QueryPathConfig } from '../query/query-path-config.ts';
import type { QuerySpec } from '../query/query-spec.ts';
import { QueryClassStats, type QueryClassReport } from './query-stats.ts';

/** Query classes arriving over a run, and their figures. */
export class QueryWorkload {
  readonly frontend: QueryFrontend;
  private readonly arrivals: QueryArrivals;
  private readonly stats = new Map<string, QueryClassStats>();

  constructor(
    sim: Simulation,
    view: LokiReadView,
    private readonly specs: readonly QuerySpec[],
    config: QueryPathConfig,
    needles: NeedleCatalog,
    /** No query arrives at or after this instant. */
    endUs: number,
    /** The storage class data of an age is read from (queries with `age:`). */
    storeAtAge?: (ageUs: number) => SplitRequest['store'],
  ) {
    this.frontend = new QueryFrontend(
      sim,
      view,
      config,
      { onQueryDone: (o: QueryOutcome) => this.stats.get(o.spec.name)?.record(o) },
      storeAtAge,
    );
    for (const spec of specs) this.stats.set(spec.name, new QueryClassStats(spec.query.kind === 'needle'));
    this.arrivals = new QueryArrivals(sim, specs, needles, endUs, (spec, fromUs, toUs, needleTsUs) =>
      this.frontend.submit(spec, fromUs, toUs, needleTsUs),
    );
  }

  /** Schedules the first arrival of every class (and the needle refresh). */
  start(): void {
    this.arrivals.start();
  }

  /** Figures per class, in scenario order. */
  report(): Record<string, QueryClassReport> {
    const out: Record<string, QueryClassReport> = {};
    for (const spec of this.specs) {
      const stats = this.stats.get(spec.name) as QueryClassStats;
      stats.count = this.arrivals.countOf(spec.name);
      out[spec.name] = stats.report();
    }
    return out;
  }

  /** The stats of one class (tests read latencies from it). */
  statsOf(name: string): QueryClassStats | undefined {
    return this.stats.get(name);
  }
}
