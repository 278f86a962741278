/**
 * The comparison of design variants: for each variant, each key figure's
 * mean over seeds with a 95 % confidence interval, and the paired difference
 * from the baseline (same seed, so the same workload and faults: common
 * random numbers make these intervals tight), plus the `expect:` outcomes.
 *
 *   runs (job order: variant-major, seed-minor)
 *     ──group by variant──▶ figures per metric ──meanCi95──▶ mean ± ci
 *     ──pair with baseline by seed──▶ differences ──meanCi95──▶ Δ ± ci
 *     ──expectations: a variant passes an assertion when every seed does
 *
 * Pure: the same runs in the same order give the same comparison, whatever
 * thread produced them. Key order is fixed; floats are rounded.
 */
import type { Report } from './report.ts';
import { REPORT_SCHEMA_VERSION, TOOL_VERSION } from './report.ts';
import { keyMetrics, resolveMetric, type MetricDef, type MetricKind } from '../metrics/metric-registry.ts';
import { meanCi95 } from './student-t.ts';
import { bottleneckOf } from './report-sections.ts';

/** One finished run of a batch. */
export interface VariantRun {
  readonly variant: string;
  readonly seed: number;
  readonly report: Report;
}

/** Mean over seeds and its 95 % half-width (null with one seed). */
export interface Estimate {
  mean: number;
  ci95: number | null;
}

/** A metric shown in the comparison. */
export interface ComparedMetric {
  name: string;
  kind: MetricKind;
  better: 'lower' | 'higher';
  description: string;
  /** Shown where a variant did not measure it, when that has a meaning ("not billed"). */
  unmeasured?: string;
}

/** An assertion's outcome for a variant, over all its seeds. */
export interface VariantExpectation {
  assertion: string;
  passed: boolean;
  /** Seeds on which it failed, in seed order. */
  failedSeeds: number[];
  /** The measured value shown: the first failing seed's, else the first seed's. */
  measuredText: string;
}

/** One variant's figures. */
export interface VariantSummary {
  name: string;
  /** metric name → estimate; null when no seed measured it. */
  figures: Record<string, Estimate | null>;
  /** metric name → paired difference from the baseline; null for the baseline itself or when unmeasured. */
  differences: Record<string, Estimate | null>;
  expectations: VariantExpectation[];
  /** What gave way first in its first seed's run (report-sections.ts), null when nothing did. */
  bottleneck: string | null;
}

/** comparison.json. */
export interface Comparison {
  schemaVersion: number;
  tool: { name: string; version: string };
  kind: 'comparison';
  /** The scenario names compared, in order (one for variants of one file). */
  scenarios: string[];
  baseline: string;
  seeds: number[];
  metrics: ComparedMetric[];
  variants: VariantSummary[];
  /** Every assertion of every variant passed. */
  expectationsPassed: boolean;
}

/** Rounds to 9 significant digits: keeps JSON short and free of float noise like 0.30000000000000004. */
function tidy(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(9));
}

function estimate(values: readonly number[]): Estimate {
  const { mean, ci95 } = meanCi95(values);
  return { mean: tidy(mean), ci95: ci95 === null ? null : tidy(ci95) };
}

/**
 * The metrics a comparison shows: the key figures any run measured, then each
 * query class's latency and CPU (a needle's share found), then every loss
 * cause that occurred.
 */
export function comparedMetrics(reports: readonly Report[]): MetricDef[] {
  const measured = keyMetrics().filter((m) => reports.some((r) => m.read(r) !== undefined));
  const classes: string[] = [];
  for (const r of reports)
    for (const name of Object.keys((r as { queries?: Record<string, unknown> }).queries ?? {}))
      if (!classes.includes(name)) classes.push(name);
  const perQuery = classes.flatMap((c) =>
    ['p50', 'p99', 'cpuSeconds', 'found'].flatMap((figure) => {
      const m = resolveMetric(`query.${c}.${figure}`);
      return m !== undefined && reports.some((r) => m.read(r) !== undefined) ? [m] : [];
    }),
  );
  const causes = new Set<string>();
  for (const r of reports) for (const cause of Object.keys(r.ledger.lost)) causes.add(cause);
  const byCause = [...causes].sort().flatMap((c) => {
    const m = resolveMetric(`lost.${c}`);
    return m === undefined ? [] : [m];
  });
  return [...measured, ...perQuery, ...byCause];
}

/**
 * Builds the comparison of `runs`. The baseline is the first variant met;
 * variants keep their order of first appearance, seeds their order within a variant.
 */
export function buildComparison(runs: readonly VariantRun[]): Comparison {
  const first = runs[0];
  if (first === undefined) throw new RangeError('a comparison needs at least one run');
  const order: string[] = [];
  const byVariant = new Map<string, VariantRun[]>();
  for (const run of runs) {
    let list = byVariant.get(run.variant);
    if (list === undefined) {
      list = [];
      byVariant.set(run.variant, list);
      order.push(run.variant);
    }
    list.push(run);
  }
  const baseline = first.variant;
  const baseRuns = byVariant.get(baseline) ?? [];
  const metrics = comparedMetrics(runs.map((r) => r.report));

  const variants = order.map((name): VariantSummary => {
    const list = byVariant.get(name) ?? [];
    const figures: Record<string, Estimate | null> = {};
    const differences: Record<string, Estimate | null> = {};
    for (const m of metrics) {
      const values = list.map((r) => m.read(r.report)).filter((v): v is number => v !== undefined);
      figures[m.name] = values.length === 0 ? null : estimate(values);
      if (name === baseline) {
        differences[m.name] = null;
        continue;
      }
      // Pair by seed: the same seed saw the same workload and faults.
      const diffs: number[] = [];
      for (const run of list) {
        const base = baseRuns.find((b) => b.seed === run.seed);
        const v = m.read(run.report);
        const b = base === undefined ? undefined : m.read(base.report);
        if (v !== undefined && b !== undefined) diffs.push(v - b);
      }
      differences[m.name] = diffs.length === 0 ? null : estimate(diffs);
    }
    const firstRun = list[0];
    return {
      name,
      figures,
      differences,
      expectations: variantExpectations(list),
      bottleneck: firstRun === undefined ? null : (bottleneckOf(firstRun.report) ?? null),
    };
  });

  const scenarios: string[] = [];
  for (const r of runs)
    if (!scenarios.includes(r.report.scenario.name)) scenarios.push(r.report.scenario.name);
  const seeds: number[] = [];
  for (const r of runs) if (!seeds.includes(r.seed)) seeds.push(r.seed);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'logsim', version: TOOL_VERSION },
    kind: 'comparison',
    scenarios,
    baseline,
    seeds,
    metrics: metrics.map((m) => ({
      name: m.name,
      kind: m.kind,
      better: m.better,
      description: m.description,
      ...(m.unmeasured !== undefined ? { unmeasured: m.unmeasured } : {}),
    })),
    variants,
    expectationsPassed: variants.every((v) => v.expectations.every((e) => e.passed)),
  };
}

/** Merges the per-seed outcomes of each assertion (assertions in the order of the first seed's report). */
function variantExpectations(list: readonly VariantRun[]): VariantExpectation[] {
  const out = new Map<string, VariantExpectation>();
  for (const run of list) {
    for (const o of run.report.expectations) {
      let e = out.get(o.assertion);
      if (e === undefined) {
        e = { assertion: o.assertion, passed: true, failedSeeds: [], measuredText: o.measuredText };
        out.set(o.assertion, e);
      }
      if (!o.passed) {
        if (e.passed)
          e.measuredText = list.length > 1 ? `${o.measuredText} (seed ${run.seed})` : o.measuredText;
        e.passed = false;
        e.failedSeeds.push(run.seed);
      }
    }
  }
  return [...out.values()];
}

/**
 * The variants with the best mean of `metric` (several when they tie), or
 * none when every variant has the same value (nothing to mark) or fewer than
 * two have a value.
 */
export function bestVariants(comparison: Comparison, metric: ComparedMetric): Set<string> {
  const values = comparison.variants
    .map((v) => ({ name: v.name, mean: v.figures[metric.name]?.mean }))
    .filter((v): v is { name: string; mean: number } => v.mean !== undefined);
  if (values.length < 2) return new Set();
  const means = values.map((v) => v.mean);
  const best = metric.better === 'lower' ? Math.min(...means) : Math.max(...means);
  if (means.every((m) => m === best)) return new Set();
  const winners = values.filter((v) => v.mean === best).map((v) => v.name);
  // A needle query's latency or CPU is better only if it found as much: answering fast because
  // the data is gone (past retention, refused, lost) is no win.
  const query = /^query\.(.+)\.(p50|p95|p99|cpuSeconds)$/.exec(metric.name);
  if (query !== null) {
    const found = (name: string): number | undefined =>
      comparison.variants.find((x) => x.name === name)?.figures[`query.${query[1]}.found`]?.mean;
    const most = Math.max(...values.map((v) => found(v.name) ?? -Infinity));
    return new Set(winners.filter((name) => (found(name) ?? most) >= most));
  }
  if (metric.name !== 'lines_lost') return new Set(winners);
  // Fewer lines lost is better only if as many were delivered: lines still on the hosts at the
  // end may yet be lost, so a variant that left more undelivered than another is not marked.
  const undelivered = (name: string): number | undefined => {
    const v = comparison.variants.find((x) => x.name === name);
    const lost = v?.figures.lines_lost?.mean;
    const inFlight = v?.figures.in_flight?.mean;
    return lost === undefined || inFlight === undefined ? undefined : lost + inFlight;
  };
  const least = Math.min(...values.map((v) => undelivered(v.name) ?? Infinity));
  return new Set(winners.filter((name) => (undelivered(name) ?? Infinity) <= least));
}

/**
 * The variants × figures grid every rendering of a comparison shares: one row
 * per metric (its name, then one cell per variant, in variant order), with
 * `cell` rendering a measured figure and '–' standing for "not measured".
 */
export function figureRows(
  comparison: Comparison,
  cell: (metric: ComparedMetric, variant: VariantSummary, figure: Estimate, best: boolean) => string,
): string[][] {
  return comparison.metrics.map((m) => {
    const best = bestVariants(comparison, m);
    return [
      m.name,
      ...comparison.variants.map((v) => {
        const f = v.figures[m.name];
        return f === null || f === undefined ? (m.unmeasured ?? '–') : cell(m, v, f, best.has(v.name));
      }),
    ];
  });
}

/** comparison.json text: 2-space JSON with a trailing newline. */
export function comparisonJson(comparison: Comparison): string {
  return `${JSON.stringify(comparison, null, 2)}\n`;
}
