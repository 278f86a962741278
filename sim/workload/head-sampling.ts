/**
 * Head sampling (decision 09): the application's SDK (or a logging library's
 * sampler) decides at emit whether a line is written at all, so a line sampled
 * out never reaches the file, the agent or the backend: it is lost at emit
 * with cause `sampled_head`. The decision is blind to what comes later — a
 * uniform 1 % sample keeps 1 % of the error lines too, and most likely not the
 * one error a query will look for.
 *
 * Counts, not lines: per emission tick the kept lines are drawn from their
 * own stream (`sampling/<cohort>`), so a sampled design sees the same traffic
 * as an unsampled one. Two ways to decide:
 * - by trace (consistent: every line of a kept trace is kept; OpenTelemetry's
 *   TraceIdRatioBased): traces of `spansPerTrace` lines are kept with
 *   probability `keep`;
 * - by line, per level (a logging library's level sampler): error lines with
 *   `keepError`, the others with `keepOther`.
 * Needles — the lines a query looks for — are error lines here and are decided
 * one by one, so exactly those the sampler drops are lost.
 */
import { binomial } from '../engine/distributions.ts';
import type { RandomStream } from '../engine/rng.ts';

/** A service's head sampler, canonical. */
export type HeadSampler =
  | { readonly by: 'trace'; readonly keep: number; readonly spansPerTrace: number }
  | { readonly by: 'line'; readonly keepError: number; readonly keepOther: number };

/** One source's sampler and what it dropped so far. */
export interface HeadSampling {
  readonly sampler: HeadSampler;
  readonly rng: RandomStream;
  /** Cumulative lines sampled out, and the tick end each count was reached at (for the time series). */
  readonly atUs: number[];
  readonly cumLines: number[];
  /** Error lines sampled out, and kept. */
  errors: number;
  keptErrors: number;
  /** Emit instants of the needles sampled out (they never had an offset). */
  readonly needlesUs: number[];
}

/** The probability that a needle (an error line) is kept. */
export function needleKeep(s: HeadSampler): number {
  return s.by === 'trace' ? s.keep : s.keepError;
}

/** Of a tick's `lines` lines, `errors` of them errors: how many of each the sampler keeps. */
export function keptOfTick(
  s: HeadSampler,
  rng: RandomStream,
  lines: number,
  errors: number,
): { lines: number; errors: number } {
  if (lines === 0) return { lines: 0, errors: 0 };
  if (s.by === 'line') {
    const keptErrors = errors > 0 ? binomial(rng, errors, s.keepError) : 0;
    const others = lines - errors;
    return { lines: keptErrors + (others > 0 ? binomial(rng, others, s.keepOther) : 0), errors: keptErrors };
  }
  // Whole traces: the tick's lines belong to ceil(lines / k) traces, each kept or not.
  const traces = Math.ceil(lines / s.spansPerTrace);
  const keptTraces = binomial(rng, traces, s.keep);
  const kept = Math.min(lines, keptTraces * s.spansPerTrace);
  // A kept trace keeps its errors: the kept share of the tick's errors, drawn without bias.
  const keptErrors = errors > 0 ? binomial(rng, errors, keptTraces / traces) : 0;
  return { lines: Math.max(kept, keptErrors), errors: keptErrors };
}

/** Lines `s` sampled out in ticks ending at or before `tUs`. */
export function sampledLinesAt(s: HeadSampling, tUs: number): number {
  let lo = 0;
  let hi = s.atUs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((s.atUs[mid] as number) <= tUs) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : (s.cumLines[lo - 1] as number);
}
