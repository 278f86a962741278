// Sample charts built with every builder, shared by the chart, SVG, page and
// browser tests. Data is generated from the index only, so it never changes.
import {
  barChart,
  binSamples,
  histogramChart,
  lineChart,
  quantileChart,
  stackedAreaChart,
} from '../../sim/report/chart.ts';
import type { ChartDef } from '../../sim/report/chart.ts';

const seconds = Array.from({ length: 120 }, (_, i) => i * 0.5);

/** One chart per builder, with and without series, including awkward text. */
export function sampleCharts(): ChartDef[] {
  return [
    lineChart({
      name: 'buffer-fill',
      title: 'Agent buffer fill <& "quotes">',
      caption: 'Look for the plateau at the buffer limit: from there on the app stalls or lines drop.',
      rows: seconds.flatMap((t) => [
        { tSec: t, fillMiB: 10 + 8 * Math.sin(t / 7), agent: 'agent-a' },
        { tSec: t, fillMiB: 12 + 6 * Math.cos(t / 5), agent: 'agent-b' },
      ]),
      x: { field: 'tSec', title: 'simulated time', unit: 's' },
      y: { field: 'fillMiB', title: 'buffer fill', unit: 'MiB' },
      series: { field: 'agent', title: 'agent' },
      step: true,
    }),
    lineChart({
      name: 'ingest-lag',
      title: 'Ingest lag',
      caption: 'Lag that keeps growing means the backend cannot keep up.',
      rows: seconds.map((t) => ({ tSec: t, lagSec: 0.2 + t / 30 })),
      x: { field: 'tSec', title: 'simulated time', unit: 's' },
      y: { field: 'lagSec', title: 'ingest lag', unit: 's' },
      logY: true,
    }),
    stackedAreaChart({
      name: 'bytes-by-tier',
      title: 'Stored bytes by tier',
      caption: 'Hot should stay flat once rollover and migration work.',
      rows: seconds.flatMap((t) => [
        { tSec: t, gib: 5 + t / 10, tier: 'hot' },
        { tSec: t, gib: t / 5, tier: 'warm' },
        { tSec: t, gib: t / 20, tier: 'cold' },
      ]),
      x: { field: 'tSec', title: 'simulated time', unit: 's' },
      y: { field: 'gib', title: 'stored', unit: 'GiB' },
      series: { field: 'tier', title: 'tier' },
    }),
    barChart({
      name: 'losses-by-cause',
      title: 'Lost lines by cause',
      caption: 'Compare base and candidate per cause; a taller candidate bar is a regression.',
      rows: [
        { cause: 'buffer_full', lines: 1200, variant: 'base' },
        { cause: 'buffer_full', lines: 30, variant: 'candidate' },
        { cause: 'rate_limited (429)', lines: 400, variant: 'base' },
        { cause: 'rate_limited (429)', lines: 410, variant: 'candidate' },
        { cause: 'too_old & <out_of_order>', lines: 0, variant: 'base' },
        { cause: 'too_old & <out_of_order>', lines: 12, variant: 'candidate' },
      ],
      category: { field: 'cause', title: 'cause' },
      value: { field: 'lines', title: 'lost', unit: 'lines' },
      group: { field: 'variant', title: 'variant' },
    }),
    barChart({
      name: 'cost-by-tier',
      title: 'Monthly cost by tier',
      caption: 'Where the money goes.',
      rows: [
        { tier: 'hot', usd: 1200 },
        { tier: 'warm', usd: 300 },
      ],
      category: { field: 'tier', title: 'tier' },
      value: { field: 'usd', title: 'cost', unit: 'USD/month' },
    }),
    histogramChart({
      name: 'query-latency-histogram',
      title: 'Query latency',
      caption: 'A second hump on the right is queries waiting in the scheduler queue.',
      rows: [
        ...binSamples(
          Array.from({ length: 500 }, (_, i) => 5 + ((i * 37) % 200)),
          { bins: 24, log: true },
        ).map((b) => ({ ...b, plan: 'label filter' })),
        ...binSamples(
          Array.from({ length: 500 }, (_, i) => 50 + ((i * 53) % 2000)),
          { bins: 24, log: true },
        ).map((b) => ({ ...b, plan: 'line filter' })),
      ],
      binStart: { field: 'start', title: 'latency', unit: 'ms' },
      binEnd: 'end',
      count: { field: 'count', title: 'frequency', unit: 'queries' },
      series: { field: 'plan', title: 'query plan' },
      logX: true,
    }),
    quantileChart({
      name: 'query-latency-quantiles',
      title: 'Query latency quantiles',
      caption: 'The p99.9 gap between plans is what users feel on dashboards.',
      rows: [0.5, 0.9, 0.99, 0.999].flatMap((q) => [
        { q, ms: 20 / (1 - q) ** 0.3, plan: 'label filter' },
        { q, ms: 80 / (1 - q) ** 0.5, plan: 'line filter' },
      ]),
      quantileField: 'q',
      value: { field: 'ms', title: 'latency', unit: 'ms' },
      series: { field: 'plan', title: 'query plan' },
    }),
  ];
}
