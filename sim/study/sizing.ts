/**
 * Sizing (issue 33): for a scenario, the smallest count of each component
 * that keeps up with its fleet — lag bounded, nothing lost, nothing refused,
 * no component's queue growing. Every run is deterministic, so a search over
 * counts is exact and cheap: double every count until the design keeps up,
 * then, for each component with the others held at that ample size, bisect
 * its smallest count, and finally check the minimums together (raising the
 * component that saturated first until they do).
 *
 * Monotonicity is assumed — more of a component never makes the fleet fall
 * behind — which holds for the models' CPU pools and queues; a design whose
 * own limits refuse lines (a tenant rate limit, a mapping limit) is reported
 * as not sizable by counts, with the reason.
 */
import type { Report } from '../report/report.ts';
import type { Scenario } from '../scenario/schema.ts';

/** A component the search may change, and the scenario path of its count. */
export interface SizedComponent {
  readonly name: string;
  readonly path: string;
  readonly current: number;
  /** The fewest the design allows (ingesters: the replication factor, so every stream has its copies). */
  readonly min: number;
}

/** What one run says about keeping up. */
export interface KeepUpVerdict {
  readonly ok: boolean;
  /** Why not (the first failed condition), or 'keeps up'. */
  readonly reason: string;
  /** The component kind that saturated first, when the backend says. */
  readonly saturated: string | null;
  readonly lagP99Seconds: number | null;
}

export interface SizingResult {
  readonly sizable: boolean;
  /** The smallest counts that keep up together (absent when not sizable). */
  readonly counts: Record<string, number>;
  readonly current: Record<string, number>;
  /** The run at `counts` (or at the largest design tried). */
  readonly verdict: KeepUpVerdict;
  readonly runs: number;
  readonly lagBoundSeconds: number;
}

export interface SizingOptions {
  /** Lag p99 above this fails (default 5 s). */
  readonly lagBoundSeconds?: number;
  /** Largest multiple of the current counts tried when looking for an ample design (default 64). */
  readonly maxFactor?: number;
}

/** The components a backend's counts live at. */
export function sizedComponents(scenario: Scenario): SizedComponent[] {
  const backend = scenario.backend as Record<string, unknown> & { kind: string };
  switch (backend.kind) {
    case 'loki': {
      const ingesters = backend.ingesters as { count: number; replication_factor: number };
      return [
        {
          name: 'distributors',
          path: 'backend.distributors',
          current: backend.distributors as number,
          min: 1,
        },
        {
          name: 'ingesters',
          path: 'backend.ingesters.count',
          current: ingesters.count,
          min: ingesters.replication_factor,
        },
      ];
    }
    case 'elasticsearch': {
      // A replica is never allocated beside its primary: fewer nodes than copies leaves replicas unassigned.
      const index = backend.index as { number_of_replicas: number };
      return [
        {
          name: 'data_nodes',
          path: 'backend.data_nodes',
          current: backend.data_nodes as number,
          min: index.number_of_replicas + 1,
        },
      ];
    }
    default:
      return [];
  }
}

/** Whether a run kept up: nothing lost or refused, no queue growing, lag p99 within the bound. */
export function keepsUp(report: Report, lagBoundSeconds: number): KeepUpVerdict {
  const lagP99 = report.ledger.delivered > 0 ? report.lag.p99 : null;
  const lost = report.ledger.lostTotal;
  const saturated = saturatedComponent(report);
  const refused = refusedLines(report);
  const verdict = (ok: boolean, reason: string): KeepUpVerdict => ({
    ok,
    reason,
    saturated,
    lagP99Seconds: lagP99,
  });
  if (lost > 0) return verdict(false, `${lost} lines lost`);
  if (refused > 0) return verdict(false, `${refused} lines refused`);
  if (saturated !== null) return verdict(false, `${saturated} saturated`);
  if (lagP99 !== null && lagP99 > lagBoundSeconds)
    return verdict(false, `lag p99 ${lagP99.toFixed(1)} s over ${lagBoundSeconds} s`);
  return verdict(true, 'keeps up');
}

function saturatedComponent(report: Report): string | null {
  const loki = report.loki as { capacity?: { saturatedFirst: string | null } | null } | undefined;
  const first = loki?.capacity?.saturatedFirst ?? null;
  if (first !== null) return `${first}s`;
  // Elasticsearch: a write queue or indexing pressure that refuses bulks (429), or a heap that trips
  // the parent breaker, is the data nodes falling behind.
  const refused = (report.backend as { bulksRefused?: Record<string, number> } | undefined)?.bulksRefused;
  if (
    (refused?.['es_rejected_execution_exception'] ?? 0) + (refused?.['circuit_breaking_exception'] ?? 0) >
    0
  )
    return 'data_nodes';
  return null;
}

function refusedLines(report: Report): number {
  const loki = report.loki as { rejected?: Record<string, number> } | undefined;
  let n = 0;
  for (const v of Object.values(loki?.rejected ?? {})) n += v;
  return n;
}

/**
 * Searches the smallest counts. `run` simulates the scenario with `--set`
 * overrides (path=value) and returns its report.
 */
export function sizeComponents(
  components: readonly SizedComponent[],
  run: (overrides: string[]) => Report,
  options: SizingOptions = {},
): SizingResult {
  const bound = options.lagBoundSeconds ?? 5;
  const maxFactor = options.maxFactor ?? 64;
  const current: Record<string, number> = {};
  for (const c of components) current[c.name] = c.current;
  let runs = 0;
  const trial = (counts: Record<string, number>): KeepUpVerdict => {
    runs++;
    return keepsUp(run(components.map((c) => `${c.path}=${counts[c.name]}`)), bound);
  };

  // An ample design: every count doubled until the fleet keeps up.
  let ample = { ...current };
  let verdict = trial(ample);
  for (let f = 2; !verdict.ok && f <= maxFactor; f *= 2) {
    // Refusals by the design's own limits do not go away with more components.
    if (verdict.saturated === null && !verdict.reason.startsWith('lag')) break;
    ample = Object.fromEntries(components.map((c) => [c.name, c.current * f]));
    verdict = trial(ample);
  }
  if (!verdict.ok) return { sizable: false, counts: ample, current, verdict, runs, lagBoundSeconds: bound };

  // Each component's smallest count, the others ample.
  const counts: Record<string, number> = {};
  for (const c of components) {
    let lo = Math.min(c.min, ample[c.name] as number);
    let hi = ample[c.name] as number;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (trial({ ...ample, [c.name]: mid }).ok) hi = mid;
      else lo = mid + 1;
    }
    counts[c.name] = hi;
  }

  // Together: raise what saturated first until the minimums keep up.
  verdict = trial(counts);
  for (let step = 0; !verdict.ok && step < 16; step++) {
    const culprit = components.find((c) => verdict.saturated === c.name) ?? components[components.length - 1];
    if (culprit === undefined) break;
    counts[culprit.name] = (counts[culprit.name] as number) + 1;
    verdict = trial(counts);
  }
  return { sizable: verdict.ok, counts, current, verdict, runs, lagBoundSeconds: bound };
}

/** The sizing as lines for the terminal. */
export function formatSizing(result: SizingResult): string {
  const lines: string[] = [];
  lines.push(
    result.sizable
      ? `sizing      smallest counts that keep up (lag p99 ≤ ${result.lagBoundSeconds} s, nothing lost or refused), ${result.runs} runs`
      : `sizing      not sizable by counts: ${result.verdict.reason} (${result.runs} runs)`,
  );
  for (const [name, n] of Object.entries(result.counts)) {
    const now = result.current[name];
    lines.push(`  ${name.padEnd(14)} ${String(n).padStart(6)}   (scenario: ${now})`);
  }
  if (result.sizable && result.verdict.lagP99Seconds !== null)
    lines.push(`  lag p99 at that size: ${result.verdict.lagP99Seconds.toFixed(2)} s`);
  return lines.join('\n');
}
