/**
 * The charts of one run's report, from its time series:
 *
 *   report.series.columns ──rates, per-host means, unit scaling──▶ rows ──chart builders──▶ ChartDef[]
 *
 * - lines-over-time: emitted, delivered and lost (by cause) per second;
 * - lines-lost-by-cause: cumulative losses, stacked by cause;
 * - ingest-lag: p50 and p99 of the lag of lines delivered in each interval;
 * - agent-buffer: buffer fill per host;
 * - app-stall: application time blocked by the logger, when the run measures it;
 * - the bill and the stored bytes by tier over months, when the report has them (storage-charts.ts).
 */
import { lineChart, stackedAreaChart, type ChartDef, type Row } from './chart.ts';
import type { Report } from './report.ts';
import { storageCharts } from './storage-charts.ts';

const TIME = { field: 't', title: 'simulated time', unit: 'min' } as const;

/** Points per line at most: enough for a 640-pixel chart, and keeps inlined data (and reports) small. */
export const MAX_CHART_POINTS = 120;

/**
 * The samples a chart keeps: every `k`-th one (the last of each bucket of k),
 * so at most {@link MAX_CHART_POINTS}. Cumulative columns are exact at the kept
 * samples; gauges take the bucket's maximum ({@link gauge}) so no spike is lost.
 */
export function keptSamples(report: Report): number[] {
  const n = (report.series.columns.t ?? []).length;
  const k = Math.max(1, Math.ceil(n / MAX_CHART_POINTS));
  const kept: number[] = [];
  for (let i = 0; i < n; i += k) kept.push(Math.min(n - 1, i + k - 1));
  return kept;
}

/** A cumulative column at the kept samples (zeros when the run did not record it). */
export function column(report: Report, name: string): number[] {
  const values = report.series.columns[name];
  return keptSamples(report).map((i) => values?.[i] ?? 0);
}

/** A gauge column (lag, buffer fill): the maximum over each bucket of kept samples. */
export function gauge(report: Report, name: string): number[] {
  const values = report.series.columns[name];
  let from = 0;
  return keptSamples(report).map((i) => {
    let max = 0;
    for (let j = from; j <= i; j++) max = Math.max(max, values?.[j] ?? 0);
    from = i + 1;
    return max;
  });
}

/** Simulated time in minutes at the kept samples, the x of every chart (runs last minutes to days). */
export function minutes(report: Report): number[] {
  return column(report, 't').map((s) => round(s / 60));
}

/** Per-second rate of a cumulative column: the increase over each interval / its length (0 at the first sample). */
export function ratePerSecond(t: readonly number[], cumulative: readonly number[]): number[] {
  return cumulative.map((v, i) => {
    if (i === 0) return 0;
    const dt = (t[i] ?? 0) - (t[i - 1] ?? 0);
    return dt > 0 ? round((v - (cumulative[i - 1] ?? 0)) / dt) : 0;
  });
}

/** Loss causes recorded in the series, in column order. */
export function lossCauses(report: Report): string[] {
  return Object.keys(report.series.columns)
    .filter((c) => c.startsWith('lost.'))
    .map((c) => c.slice('lost.'.length));
}

/** The column holding cumulative application stall seconds, if the run records one. */
export function stallColumn(report: Report): string | undefined {
  return Object.keys(report.series.columns).find((c) => /^app\.?stall/i.test(c) || /stallSeconds$/i.test(c));
}

/** A byte unit that keeps the values readable: KiB below 1 MiB, MiB below 1 GiB, else GiB. */
export function byteScale(peakBytes: number): { unit: string; divisor: number } {
  if (peakBytes >= 1024 ** 3) return { unit: 'GiB', divisor: 1024 ** 3 };
  if (peakBytes >= 1024 ** 2) return { unit: 'MiB', divisor: 1024 ** 2 };
  return { unit: 'KiB', divisor: 1024 };
}

/** 5 significant digits: enough for a chart, and keeps inlined data small. */
export function round(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(5));
}

/** The charts of one run, in page order. */
export function runCharts(report: Report): ChartDef[] {
  const t = column(report, 't');
  const x = minutes(report);
  const causes = lossCauses(report);
  const charts: ChartDef[] = [];

  const emittedRate = ratePerSecond(t, column(report, 'emitted'));
  const deliveredRate = ratePerSecond(t, column(report, 'delivered'));
  const lostRates = causes.map((c) => ratePerSecond(t, column(report, `lost.${c}`)));
  charts.push(
    lineChart({
      name: 'lines-over-time',
      title: 'Lines emitted, delivered and lost',
      caption:
        'Delivered should track emitted; a gap is a backlog building up, a catch-up spike follows it, and any "lost" line is data gone for good.',
      rows: x.flatMap((tm, i): Row[] => [
        { t: tm, rate: emittedRate[i] ?? 0, series: 'emitted' },
        { t: tm, rate: deliveredRate[i] ?? 0, series: 'delivered' },
        ...causes.map((c, k): Row => ({ t: tm, rate: lostRates[k]?.[i] ?? 0, series: `lost: ${c}` })),
      ]),
      x: TIME,
      y: { field: 'rate', title: 'lines', unit: 'lines/s' },
      series: { field: 'series', title: 'lines' },
    }),
  );

  const lostSeries = causes.length > 0 ? causes : ['none'];
  charts.push(
    stackedAreaChart({
      name: 'lines-lost-by-cause',
      title: 'Lines lost, by cause (cumulative)',
      caption:
        causes.length > 0
          ? 'Each band is one cause; the step where a band rises dates the fault that cost those lines.'
          : 'No line was lost in this run: the chart stays flat at zero.',
      rows: x.flatMap((tm, i) =>
        lostSeries.map((c): Row => ({
          t: tm,
          lines: causes.length > 0 ? (column(report, `lost.${c}`)[i] ?? 0) : 0,
          cause: c,
        })),
      ),
      x: TIME,
      y: { field: 'lines', title: 'lost', unit: 'lines' },
      series: { field: 'cause', title: 'cause' },
    }),
  );

  const p50 = gauge(report, 'lagP50Seconds');
  const p99 = gauge(report, 'lagP99Seconds');
  charts.push(
    lineChart({
      name: 'ingest-lag',
      title: 'Ingest lag, p50 and p99',
      caption:
        'Highest lag quantile of the lines delivered in each interval: a p99 that climbs and stays up means the backend or the network cannot keep up.',
      rows: x.flatMap((tm, i): Row[] => [
        { t: tm, lag: round(p50[i] ?? 0), quantile: 'p50' },
        { t: tm, lag: round(p99[i] ?? 0), quantile: 'p99' },
      ]),
      x: TIME,
      y: { field: 'lag', title: 'ingest lag', unit: 's' },
      series: { field: 'quantile', title: 'quantile' },
    }),
  );

  const hosts = Math.max(1, report.run.hosts);
  const buffer = gauge(report, 'agentBufferBytes').map((b) => b / hosts);
  // The disk part of a disk or spill buffer, when the run has one.
  const disk = gauge(report, 'agentDiskBytes').map((b) => b / hosts);
  const hasDisk = disk.some((b) => b > 0);
  const scale = byteScale(Math.max(0, ...buffer, ...disk, report.agent.bufferPeakBytes));
  charts.push(
    lineChart({
      name: 'agent-buffer',
      title: 'Agent buffer fill (mean per host)',
      caption:
        'A plateau at the buffer limit means the agent is full: from there on it blocks the application, drops lines or spills to disk, as its policy says.',
      rows: x.flatMap((tm, i): Row[] => [
        { t: tm, fill: round((buffer[i] ?? 0) / scale.divisor), buffer: 'memory' },
        ...(hasDisk ? [{ t: tm, fill: round((disk[i] ?? 0) / scale.divisor), buffer: 'disk' }] : []),
      ]),
      x: TIME,
      y: { field: 'fill', title: 'buffer fill', unit: scale.unit },
      series: { field: 'buffer', title: 'buffer' },
      step: true,
    }),
  );

  const stall = stallColumn(report);
  if (stall !== undefined) {
    const values = column(report, stall);
    charts.push(
      lineChart({
        name: 'app-stall',
        title: 'Application stall (cumulative)',
        caption:
          'Any rise means the application waited for its logger: requests were slower, or stopped, while the line rises.',
        rows: x.map((tm, i): Row => ({ t: tm, stall: round(values[i] ?? 0) })),
        x: TIME,
        y: { field: 'stall', title: 'time blocked', unit: 's' },
        step: true,
      }),
    );
  }
  charts.push(...storageCharts(report));
  return charts;
}
