/**
 * `expect:` — assertions on a run's figures, checked per variant:
 *
 * ```yaml
 * expect:
 *   lines_lost: 0            # same as "== 0"
 *   app_stall: < 1s
 *   lag.p99: <= 30s
 *   duplicates: < 0.1%       # a share of the lines emitted
 *   lines_delivered: "> 99.9%"
 * ```
 *
 * Each key is a metric of sim/report/metric-registry.ts; each value is an
 * optional operator (`<`, `<=`, `>`, `>=`, `==`, `!=`; default `==`) and a
 * threshold in the metric's unit, parsed by units.ts. Unknown metrics and bad
 * thresholds are scenario errors that point at the key, with the nearest
 * valid name.
 */
import { z } from 'zod';
import {
  knownMetricNames,
  METRIC_FAMILIES,
  resolveMetric,
  type MetricKind,
} from '../metrics/metric-registry.ts';
import { didYouMean } from '../config/diagnostics.ts';
import {
  tryParseCount,
  tryParseDuration,
  tryParseShare,
  tryParseSize,
  type UnitResult,
} from '../config/units.ts';

/** Comparison operators, as written. */
export const EXPECTATION_OPERATORS = ['<=', '>=', '==', '!=', '<', '>'] as const;
export type ExpectationOperator = (typeof EXPECTATION_OPERATORS)[number];

/** One parsed assertion. */
export interface Expectation {
  /** The metric name as written (a key of the registry). */
  readonly metric: string;
  readonly op: ExpectationOperator;
  /** Threshold in the metric's canonical unit (lines, s, bytes, count, fraction). */
  readonly threshold: number;
  /** For `lines` metrics written as a percentage: the threshold is a share of the lines emitted. */
  readonly ofEmitted: boolean;
  /** The assertion as written, normalised: `lag.p99 < 30s`. */
  readonly text: string;
}

const OPERATOR_RE = /^\s*(<=|>=|==|!=|<|>|=)?\s*(.*?)\s*$/;

/** Parses a threshold of `kind` to its canonical unit (seconds for durations). */
function parseThreshold(kind: MetricKind, written: string | number): UnitResult & { ofEmitted?: boolean } {
  switch (kind) {
    case 'duration': {
      const r = tryParseDuration(written);
      return r.ok ? { ok: true, value: r.value / 1_000_000 } : r;
    }
    case 'bytes':
      return tryParseSize(written);
    case 'count':
      return tryParseCount(written);
    case 'share':
      return tryParseShare(written);
    case 'usd':
      return tryParseCount(typeof written === 'string' ? written.replace(/^\s*\$/, '') : written);
    case 'lines':
      if (typeof written === 'string' && written.trim().endsWith('%')) {
        const r = tryParseShare(written);
        return r.ok ? { ...r, ofEmitted: true } : r;
      }
      return tryParseCount(written);
  }
}

/** What a threshold of each kind looks like, for messages. */
const KIND_EXAMPLES: Record<MetricKind, string> = {
  lines: 'a line count such as 0 or 10k, or a share of the lines emitted such as 0.1%',
  duration: 'a duration such as 500ms or 30s',
  bytes: 'a size such as 64MiB',
  count: 'a count such as 0 or 100',
  share: 'a share such as 99.9% or 0.999',
  usd: 'an amount of US dollars such as 500 or $1.2k',
};

/** The message for a metric name no registry entry knows. */
export function unknownMetricMessage(name: string): string {
  const suggestion = didYouMean(name, knownMetricNames());
  const families = METRIC_FAMILIES.map((f) => f.pattern).join(', ');
  return (
    `unknown metric "${name}"${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}; ` +
    `expected one of ${knownMetricNames()
      .filter((n) => !METRIC_FAMILIES.some((f) => f.resolve(n) !== undefined))
      .join(', ')}${families === '' ? '' : `, or ${families}`}`
  );
}

/** Parses one `metric: "<op> threshold"` entry; returns the expectation or the message to show. */
export function parseExpectation(metric: string, written: unknown): Expectation | string {
  const def = resolveMetric(metric);
  if (def === undefined) return unknownMetricMessage(metric);
  if (typeof written !== 'string' && typeof written !== 'number') {
    return `expected a comparison such as "< 30s" or "0" for ${metric}, got ${JSON.stringify(written)}`;
  }
  const m = OPERATOR_RE.exec(String(written));
  const opText = m?.[1] ?? '==';
  const op: ExpectationOperator = opText === '=' ? '==' : (opText as ExpectationOperator);
  const rest = m?.[2] ?? '';
  if (rest === '') return `expected a threshold after "${opText}" for ${metric}: ${KIND_EXAMPLES[def.kind]}`;
  const parsed = parseThreshold(def.kind, typeof written === 'number' ? written : rest);
  if (!parsed.ok)
    return `expected ${KIND_EXAMPLES[def.kind]} after the operator, got ${JSON.stringify(rest)}`;
  return {
    metric,
    op,
    threshold: parsed.value,
    ofEmitted: parsed.ofEmitted === true,
    text: `${metric} ${op} ${rest}`,
  };
}

/**
 * The zod schema of `expect:`: metric name → comparison. Output: the parsed
 * expectations in file order.
 */
export function expectationsSchema() {
  return z
    .record(z.string(), z.union([z.string(), z.number()]))
    .default({})
    .transform((entries, ctx): Expectation[] => {
      const out: Expectation[] = [];
      for (const [metric, written] of Object.entries(entries)) {
        const parsed = parseExpectation(metric, written);
        if (typeof parsed === 'string')
          ctx.addIssue({
            code: 'custom',
            message: parsed,
            path: [metric],
            input: written,
            // An unknown metric is the key's fault: the caret goes under the name, not the threshold.
            params: resolveMetric(metric) === undefined ? { atKey: true } : {},
          });
        else out.push(parsed);
      }
      return out;
    })
    .describe(
      'Assertions checked on every variant; any failure makes `sim run` exit 1. Metric name → comparison: ' +
        '`lines_lost: 0`, `app_stall: < 1s`, `lag.p99: < 30s`, `duplicates: < 0.1%` (a share of the lines emitted). ' +
        'Operators <, <=, >, >=, ==, != (default ==). Metrics: see sim/report/metric-registry.ts.',
    );
}
