/**
 * Latency quantiles of the queries of one class that answered, as every
 * backend's `queries.<name>` reports them: nearest rank, in seconds, null
 * when none answered.
 */
import { US_PER_SECOND } from '../engine/time.ts';

export interface LatencySummary {
  completed: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export function summarizeLatencies(latenciesUs: readonly number[]): LatencySummary {
  const sorted = [...latenciesUs].sort((a, b) => a - b);
  const q = (p: number): number | null => {
    if (sorted.length === 0) return null;
    // Nearest rank: the smallest latency with at least p of the answers at or below it.
    const rank = Math.max(1, Math.ceil(p * sorted.length));
    return seconds(sorted[rank - 1] as number);
  };
  return { completed: sorted.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: q(1) };
}

/** µs to seconds, rounded to the microsecond. */
export function seconds(us: number): number {
  return Math.round((us / US_PER_SECOND) * 1e6) / 1e6;
}
