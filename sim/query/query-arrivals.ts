/**
 * When the queries of a run arrive (user-needs item 12: dashboards and alert
 * rules that query while the fleet writes), whatever backend answers them:
 * each class of the scenario's `queries:` arrives periodically (a dashboard
 * refresh, an alert rule) or as a Poisson stream, in the same run as ingest.
 *
 *   arrival ─▶ range [now − range, now) ─▶ needle? pick one planted in range ─▶ submit(…)
 *      └─ next arrival (period, or exponential gap), until the run ends
 *
 * Each class draws from its own random stream `queries/<name>` (arrival
 * phase or gaps, which needle), so adding a class shifts nobody's draws, and
 * two backends given the same scenario are asked the same queries at the
 * same instants for the same needles.
 */
import { exponential } from '../engine/distributions.ts';
import type { RandomStream } from '../engine/rng.ts';
import type { Simulation } from '../engine/simulation.ts';
import { US_PER_SECOND } from '../engine/time.ts';
import type { NeedleCatalog } from './needle-catalog.ts';
import type { QuerySpec } from './query-spec.ts';

/** How often the needle catalog copies new needles, 1 s: well inside any agent's checkpoint-and-prune cycle. */
const NEEDLE_REFRESH_US = US_PER_SECOND;

/** What a backend's read path does with an arrival: a query over [fromUs, toUs) at sim.now. */
export type SubmitQuery = (
  spec: QuerySpec,
  fromUs: number,
  toUs: number,
  needleTsUs: number | undefined,
) => void;

interface QueryClass {
  readonly spec: QuerySpec;
  readonly rng: RandomStream;
  count: number;
}

/** The arrival processes of a run's query classes. */
export class QueryArrivals {
  private readonly classes: QueryClass[];
  private readonly onArrival = this.arrive.bind(this);
  private readonly onRefresh = this.refresh.bind(this);

  constructor(
    private readonly sim: Simulation,
    specs: readonly QuerySpec[],
    private readonly needles: NeedleCatalog,
    /** No query arrives at or after this instant. */
    private readonly endUs: number,
    private readonly submit: SubmitQuery,
  ) {
    this.classes = specs.map((spec) => ({ spec, rng: sim.random.stream(`queries/${spec.name}`), count: 0 }));
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

  /** Queries of class `name` that arrived so far. */
  countOf(name: string): number {
    return this.classes.find((c) => c.spec.name === name)?.count ?? 0;
  }

  private gapUs(c: QueryClass): number {
    return Math.max(1, Math.round(exponential(c.rng, 1 / c.spec.everyUs)));
  }

  private arrive(c: QueryClass): void {
    const now = this.sim.now;
    const spec = c.spec;
    c.count++;
    const fromUs = Math.max(0, now - spec.rangeUs);
    let needleTsUs: number | undefined;
    // Always one draw, needle or not, so the stream advances the same way in every design variant.
    const pick = c.rng.next();
    if (spec.query.kind === 'needle') {
      this.needles.refresh();
      const candidates = this.needles.between(fromUs, now - spec.needleMinAgeUs, spec.match['service']);
      needleTsUs = candidates[Math.floor(pick * candidates.length)]?.tsUs;
    }
    this.submit(spec, fromUs, now, needleTsUs);
    const next = spec.arrival === 'periodic' ? spec.everyUs : this.gapUs(c);
    if (now + next < this.endUs) this.sim.schedule(next, this.onArrival, c);
  }

  private refresh(): void {
    this.needles.refresh();
    if (this.sim.now + NEEDLE_REFRESH_US < this.endUs)
      this.sim.schedule(NEEDLE_REFRESH_US, this.onRefresh, undefined);
  }
}
