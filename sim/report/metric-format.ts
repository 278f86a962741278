/**
 * Metric values as people read them in tables and failure messages:
 * `897ms`, `11.5KiB`, `1,234 lines (0.004%)`, `99.92%`. For display only;
 * report.json keeps the raw numbers.
 */
import type { MetricKind } from '../metrics/metric-registry.ts';
import { formatBytes, formatSeconds } from './format-units.ts';

/** A whole or fractional number with thousands separators and at most 3 decimals. */
export function formatNumber(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: Number.isInteger(x) ? 0 : 3 });
}

/** A fraction as a percentage with enough digits to tell 99.9% from 99.99%. */
export function formatShare(fraction: number): string {
  const pct = fraction * 100;
  if (pct === 0 || pct === 100) return `${pct}%`;
  const digits = Math.abs(pct) >= 1 ? 2 : Math.min(6, Math.max(3, 1 - Math.floor(Math.log10(Math.abs(pct)))));
  return `${pct.toFixed(digits)}%`;
}

/**
 * A value of `kind` in its canonical unit (lines, s, bytes, count, fraction).
 * `emitted`, when given, adds the share of emitted lines to a `lines` value.
 */
export function formatMetric(kind: MetricKind, value: number, emitted?: number): string {
  switch (kind) {
    case 'lines': {
      const share = emitted !== undefined && emitted > 0 ? ` (${formatShare(value / emitted)})` : '';
      return `${formatNumber(value)} lines${share}`;
    }
    case 'duration':
      return value < 0 ? `-${formatSeconds(-value)}` : formatSeconds(value);
    case 'bytes':
      return value < 0 ? `-${formatBytes(-value)}` : formatBytes(value);
    case 'count':
      return formatNumber(value);
    case 'share':
      return formatShare(value);
    case 'usd':
      return `${value < 0 ? '-' : ''}$${Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  }
}

/** A signed difference, e.g. `+1.20s`, `-3 lines`, `±0`. */
export function formatDelta(kind: MetricKind, delta: number): string {
  if (delta === 0) return '±0';
  const sign = delta > 0 ? '+' : '-';
  return `${sign}${formatMetric(kind, Math.abs(delta))}`;
}
