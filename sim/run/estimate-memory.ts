/**
 * The memory a run will need, roughly, so that a scenario too large for the
 * machine is refused before it starts, with its estimate (DESIGN.md
 * principle 6), as runs over the event budget are.
 *
 *   the process with the simulator loaded ─┐
 *   sources (cohorts) × their state ───────┼─▶ estimate ─ > budget ─▶ MemoryLimitExceeded (exit 2)
 *   the backend's own (Loki: chunks) ──────┤
 *   needles and queries × their records ───┘
 *
 * What a run holds to its end grows with what it keeps, not with its lines:
 * the agents and tick store per source, and for Loki every chunk the object
 * store keeps (chunk-index.ts: columns, about 80 B, up to twice that while a
 * column has room to grow). The constants are measured (docs/performance.md,
 * "loki-fleet"), rounded up; the estimate errs high.
 */
import { backendModule } from '../registry/backends.ts';
import type { Scenario } from '../scenario/schema.ts';
import { US_PER_SECOND } from '../engine/time.ts';
import { EventLimitExceeded } from './run-errors.ts';

/** Default memory budget: 4 GiB, twice the 2 GB the largest benchmark is held to. */
export const DEFAULT_MAX_MEMORY_BYTES = 4 * 1024 ** 3;

/** The process with the simulator and the scenario loaded: fleet-24h peaks at 131 MB with its 20 sources. */
const BASE_BYTES = 160 * 1024 ** 2;
/** One source (a cohort): its agent record, tick region, ledger tail and series (agents-100k: ~1 KB idle). */
const PER_SOURCE_BYTES = 16 * 1024;
/** One planted needle: the catalog's entry and the index's. */
const PER_NEEDLE_BYTES = 128;
/** One query: its latency sample and outcome. */
const PER_QUERY_BYTES = 64;

/** The run's estimated peak memory, bytes. */
export function estimateMemoryBytes(scenario: Scenario): number {
  const seconds = scenario.duration / US_PER_SECOND;
  let bytes = BASE_BYTES;
  let needles = 0;
  for (const s of scenario.fleet.services) {
    bytes += Math.ceil(s.hosts / scenario.fleet.cohort_max_hosts) * PER_SOURCE_BYTES;
    if (s.needles !== undefined && s.needles.every > 0)
      needles += (s.hosts * scenario.duration) / s.needles.every;
  }
  bytes += needles * PER_NEEDLE_BYTES;
  // What the backend keeps to the end (Loki: every stored chunk's index entry) is its module's to say.
  const module = backendModule(scenario.backend.kind);
  bytes +=
    module.memoryBytes?.(scenario.backend, {
      services: scenario.fleet.services,
      durationUs: scenario.duration,
    }) ?? 0;
  for (const q of scenario.queries) {
    const perSec = q.every !== undefined ? US_PER_SECOND / q.every : (q.rate ?? 0);
    bytes += perSec * seconds * PER_QUERY_BYTES;
  }
  return Math.ceil(bytes);
}

/**
 * The run would need more memory than its budget. A kind of run-budget error,
 * so the CLI gives it exit code 2 and its message, as for the event budget.
 */
export class MemoryLimitExceeded extends EventLimitExceeded {
  constructor(
    readonly estimatedBytes: number,
    readonly maxBytes: number,
    remedies: readonly string[] = ['shorten the duration'],
  ) {
    super(0, 0, false);
    this.message =
      `the scenario needs about ${gib(estimatedBytes)} of memory, more than the budget of ${gib(maxBytes)}; ` +
      `${[...remedies, 'split the fleet across runs'].join(', or ')}`;
    this.name = 'MemoryLimitExceeded';
  }
}

/**
 * What would make a scenario cheaper to run, besides a larger budget: a
 * shorter duration, and larger cohorts only while some service has more hosts
 * than a cohort holds (past that, raising it changes nothing).
 */
export function budgetRemedies(scenario: Scenario): string[] {
  const largest = Math.max(...scenario.fleet.services.map((s) => s.hosts));
  const cohort = scenario.fleet.cohort_max_hosts;
  return cohort < largest
    ? [
        'shorten the duration',
        `raise fleet.cohort_max_hosts (now ${cohort}; the largest service has ${largest} hosts)`,
      ]
    : ['shorten the duration', 'simulate fewer services (cohorts already hold whole services)'];
}

/** Refuses a scenario whose estimate exceeds the budget, before anything runs. */
export function checkMemoryBudget(scenario: Scenario, maxBytes = DEFAULT_MAX_MEMORY_BYTES): void {
  const estimate = estimateMemoryBytes(scenario);
  if (estimate > maxBytes) throw new MemoryLimitExceeded(estimate, maxBytes, budgetRemedies(scenario));
}

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}
