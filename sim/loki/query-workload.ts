/**
 * The query workload (user-needs item 12: dashboards and alert rules that
 * query while the fleet writes): each class of the scenario's `queries:`
 * arrives periodically (a dashboard refresh, an alert rule) or as a Poisson
 * stream, in the same run as ingest, through one query frontend.
 *
 *   arrival ─▶ range [now − range, now) ─▶ needle? pick one planted in range ─▶ frontend.submit
 *      └─ next arrival (period, or exponential gap), until the run ends
 *
 * Each class draws from its own random stream `queries/<name>` (arrival
 * phase or gaps, which needle), so adding a class shifts nobody's draws.
 */
import { exponential } from '../engine/distributions.ts';
import type { RandomStream } from '../engine/rng.ts';
import type { Simulation } from '../engine/simulation.ts';
import { US_PER_SECOND } from '../engine/time.ts';
import type { LokiReadView } from './read-view.ts';
import type { NeedleCatalog } from '../query/needle-catalog.ts';
import { QueryFrontend, type QueryOutcome } from './query-frontend.ts';
import type { QueryPathConfig } from '../query/query-path-config.ts';
import type { QuerySpec } from '../query/query-spec.ts';
import { QueryClassStats, type QueryClassReport } from './query-stats.ts';

/** How often the needle catalog copies new needles, 1 s: well inside any agent's checkpoint-and-prune cycle. */
const NEEDLE_REFRESH_US = US_PER_SECOND;

interface QueryClass {
  readonly spec: QuerySpec;
  readonly rng: RandomStream;
  readonly stats: QueryClassStats;
}

/** Query classes arriving over a run, and their figures. */
export class QueryWorkload {
  readonly frontend: QueryFrontend;
  private readonly classes: QueryClass[];
  private readonly byName = new Map<string, QueryClass>();
  private readonly onArrival = this.arrive.bind(this);
  private readonly onRefresh = this.refresh.bind(this);

  constructor(
    private readonly sim: Simulation,
    view: LokiReadView,
    specs: readonly QuerySpec[],
    config: QueryPathConfig,
    private readonly needles: NeedleCatalog,
    /** No query arrives at or after this instant. */
    private readonly endUs: number,
  ) {
    this.frontend = new QueryFrontend(sim, view, config, {
      onQueryDone: (o: QueryOutcome) => this.byName.get(o.spec.name)?.stats.record(o),
    });
    this.classes = specs.map((spec) => ({
      spec,
      rng: sim.random.stream(`queries/${spec.name}`),
      stats: new QueryClassStats(spec.query.kind === 'needle'),
    }));
    for (const c of this.classes) this.byName.set(c.spec.name, c);
  }

  /** Schedules the first arrival of every class (and the needle refresh). */
  start(): void {
    for (const c of this.classes) {
      // A periodic class starts at a random phase so classes do not all fire at t = 0.
      const first = c.spec.arrival === 'periodic' ? Math.floor(c.rng.next() * c.spec.everyUs) : this.gapUs(c);
      if (first < this.endUs) this.sim.schedule(first, this.onArrival, c);
    }
    if (this.classes.some((c) => c.spec.query.kind === 'needle') && this.needles.hasPlanters) {
      this.sim.schedule(NEEDLE_REFRESH_US, this.onRefresh, undefined);
    }
  }

  /** Figures per class, in scenario order. */
  report(): Record<string, QueryClassReport> {
    const out: Record<string, QueryClassReport> = {};
    for (const c of this.classes) out[c.spec.name] = c.stats.report();
    return out;
  }

  /** The stats of one class (tests read latencies from it). */
  statsOf(name: string): QueryClassStats | undefined {
    return this.byName.get(name)?.stats;
  }

  private gapUs(c: QueryClass): number {
    return Math.max(1, Math.round(exponential(c.rng, 1 / c.spec.everyUs)));
  }

  private arrive(c: QueryClass): void {
    const now = this.sim.now;
    const spec = c.spec;
    c.stats.count++;
    const fromUs = Math.max(0, now - spec.rangeUs);
    let needleTsUs: number | undefined;
    // Always one draw, needle or not, so the stream advances the same way in every design variant.
    const pick = c.rng.next();
    if (spec.query.kind === 'needle') {
      this.needles.refresh();
      const candidates = this.needles.between(fromUs, now - spec.needleMinAgeUs, spec.match['service']);
      needleTsUs = candidates[Math.floor(pick * candidates.length)]?.tsUs;
    }
    this.frontend.submit(spec, fromUs, now, needleTsUs);
    const next = spec.arrival === 'periodic' ? spec.everyUs : this.gapUs(c);
    if (now + next < this.endUs) this.sim.schedule(next, this.onArrival, c);
  }

  private refresh(): void {
    this.needles.refresh();
    if (this.sim.now + NEEDLE_REFRESH_US < this.endUs)
      this.sim.schedule(NEEDLE_REFRESH_US, this.onRefresh, undefined);
  }
}
