/**
 * The charts of a comparison page: the key figures per variant (one bar
 * chart per figure, so each has one unit), and the main time series of every
 * variant overlaid (the first seed of each, which all share the workload and
 * faults, so the curves differ only by design).
 */
import { barChart, lineChart, type ChartDef, type Row } from './chart.ts';
import type { Comparison, VariantRun } from './comparison.ts';
import type { MetricKind } from '../metrics/metric-registry.ts';
import type { Report } from './report.ts';
import { byteScale, column, gauge, minutes, round } from './run-charts.ts';

const TIME = { field: 't', title: 'simulated time', unit: 'min' } as const;

/** The axis unit and divisor for a metric kind, given the largest value shown. */
function unitOf(kind: MetricKind, peak: number): { unit: string; divisor: number } {
  switch (kind) {
    case 'lines':
      return { unit: 'lines', divisor: 1 };
    case 'duration':
      return { unit: 's', divisor: 1 };
    case 'bytes':
      return byteScale(peak);
    case 'count':
      return { unit: 'count', divisor: 1 };
    case 'share':
      return { unit: '%', divisor: 0.01 };
    case 'usd':
      return { unit: 'USD', divisor: 1 };
  }
}

/** The first run of each variant, in variant order. */
export function firstRuns(comparison: Comparison, runs: readonly VariantRun[]): Report[] {
  return comparison.variants.flatMap((v) => {
    const run = runs.find((r) => r.variant === v.name);
    return run === undefined ? [] : [run.report];
  });
}

/** The charts of a comparison page, in page order. */
export function comparisonCharts(comparison: Comparison, runs: readonly VariantRun[]): ChartDef[] {
  const seeds = comparison.seeds.length;
  const charts: ChartDef[] = [];
  // One grouped bar chart per unit (lines, durations, bytes, counts): one axis
  // unit per chart, and few enough charts for the page to stay light.
  const kinds: MetricKind[] = ['lines', 'duration', 'bytes', 'count', 'share', 'usd'];
  const words: Record<MetricKind, string> = {
    lines: 'Lines lost and duplicated',
    duration: 'Lag and stall',
    bytes: 'Agent memory and disk',
    count: 'Agent requests',
    share: 'Shares',
    usd: 'Monthly bill',
  };
  for (const kind of kinds) {
    const metrics = comparison.metrics.filter(
      (m) => m.kind === kind && comparison.variants.some((v) => v.figures[m.name] != null),
    );
    if (metrics.length === 0) continue;
    const peak = Math.max(
      0,
      ...metrics.flatMap((m) => comparison.variants.map((v) => v.figures[m.name]?.mean ?? 0)),
    );
    const scale = unitOf(kind, peak);
    const better = [...new Set(metrics.map((m) => m.better))];
    charts.push(
      barChart({
        name: `compare-${kind}`,
        title: `${words[kind]}, by variant`,
        caption:
          `${metrics.map((m) => m.name).join(', ')}: ${better.length === 1 && better[0] === 'lower' ? 'shorter bars are better' : 'see the table for which way is better'}` +
          `${seeds > 1 ? `; mean of ${seeds} seeds` : ''}.`,
        rows: metrics.flatMap((m) =>
          comparison.variants.flatMap((v): Row[] => {
            const mean = v.figures[m.name]?.mean;
            return mean === undefined
              ? []
              : [{ figure: m.name, variant: v.name, value: round(mean / scale.divisor) }];
          }),
        ),
        category: { field: 'figure', title: 'figure' },
        value: { field: 'value', title: words[kind].toLowerCase(), unit: scale.unit },
        group: { field: 'variant', title: 'variant' },
      }),
    );
  }

  const reports = firstRuns(comparison, runs);
  const first = reports[0];
  if (first === undefined) return charts;
  const x = minutes(first);
  const overlay = (
    name: string,
    title: string,
    caption: string,
    y: { title: string; unit: string },
    valueOf: (r: Report) => number[],
  ): ChartDef =>
    lineChart({
      name,
      title,
      caption,
      rows: reports.flatMap((r) => {
        const values = valueOf(r);
        return x.map((tm, i): Row => ({ t: tm, value: round(values[i] ?? 0), variant: r.scenario.variant }));
      }),
      x: TIME,
      y: { field: 'value', ...y },
      series: { field: 'variant', title: 'variant' },
    });

  charts.push(
    overlay(
      'over-time-lines-lost',
      'Lines lost over time, by variant (cumulative)',
      'Same traffic and faults in every variant: a curve that leaves zero shows where that design starts losing lines.',
      { title: 'lost', unit: 'lines' },
      (r) => column(r, 'lost'),
    ),
    overlay(
      'over-time-lag-p99',
      'Ingest lag p99 over time, by variant',
      'The variant whose curve returns to its floor first recovers fastest from the fault.',
      { title: 'ingest lag p99', unit: 's' },
      (r) => gauge(r, 'lagP99Seconds'),
    ),
  );
  const hostsOf = (r: Report) => Math.max(1, r.run.hosts);
  const peak = Math.max(
    0,
    ...reports.map((r) => Math.max(0, ...gauge(r, 'agentBufferBytes').map((b) => b / hostsOf(r)))),
  );
  const scale = byteScale(peak);
  charts.push(
    overlay(
      'over-time-agent-buffer',
      'Agent buffer fill over time, by variant (mean per host)',
      'A curve flat at its limit is a full buffer: that variant is blocking the application or dropping lines.',
      { title: 'buffer fill', unit: scale.unit },
      (r) => gauge(r, 'agentBufferBytes').map((b) => b / hostsOf(r) / scale.divisor),
    ),
  );
  return charts;
}
