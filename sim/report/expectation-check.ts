/**
 * Checks a scenario's `expect:` assertions against one run's report.
 *
 *   Expectation (from the schema) ──resolveMetric──▶ MetricDef.read(report)
 *        │                                               │ measured (canonical unit)
 *        └── % of emitted? divide by ledger.emitted ─────┴─▶ compare ─▶ ExpectationOutcome
 *
 * A metric the run does not measure (its report key is absent) fails: an
 * assertion that cannot be checked must never pass silently in CI.
 */
import type { Expectation, ExpectationOperator } from '../scenario/expectation.ts';
import { readReportPath, resolveMetric, type ReportData } from '../metrics/metric-registry.ts';
import { formatMetric, formatShare } from './metric-format.ts';

/** The outcome of one assertion on one run; plain data, stored in report.json. */
export interface ExpectationOutcome {
  /** The assertion as written, normalised: `lag.p99 < 30s`. */
  assertion: string;
  metric: string;
  passed: boolean;
  /** The measured value in the compared unit (a fraction for `%` thresholds); null when not measured. */
  measured: number | null;
  /** The measured value for people: `1.02s`, `12 lines (0.004%)`, or `not measured`. */
  measuredText: string;
}

/** Whether `measured op threshold` holds. */
export function compare(measured: number, op: ExpectationOperator, threshold: number): boolean {
  switch (op) {
    case '<':
      return measured < threshold;
    case '<=':
      return measured <= threshold;
    case '>':
      return measured > threshold;
    case '>=':
      return measured >= threshold;
    case '==':
      return measured === threshold;
    case '!=':
      return measured !== threshold;
  }
}

/** Checks one assertion against a report. */
export function checkExpectation(e: Expectation, report: ReportData): ExpectationOutcome {
  const def = resolveMetric(e.metric);
  const raw = def?.read(report);
  if (def === undefined || raw === undefined) {
    return {
      assertion: e.text,
      metric: e.metric,
      passed: false,
      measured: null,
      measuredText: 'not measured by this run',
    };
  }
  const emitted = readReportPath(report, 'ledger.emitted') ?? 0;
  const measured = e.ofEmitted ? (emitted > 0 ? raw / emitted : 0) : raw;
  const measuredText = e.ofEmitted
    ? `${formatShare(measured)} of lines emitted (${formatMetric(def.kind, raw)})`
    : formatMetric(def.kind, raw, def.kind === 'lines' ? emitted : undefined);
  return {
    assertion: e.text,
    metric: e.metric,
    passed: compare(measured, e.op, e.threshold),
    measured,
    measuredText,
  };
}

/** Checks every assertion, in the order the scenario lists them. */
export function checkExpectations(
  expectations: readonly Expectation[],
  report: ReportData,
): ExpectationOutcome[] {
  return expectations.map((e) => checkExpectation(e, report));
}
