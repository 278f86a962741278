/**
 * The charts of a bill over time (decision 07), when a report has one:
 *
 * - bill-by-tier: the monthly bill from going live to the steady month,
 *   stacked by storage medium, the rest (compute, requests) in one band;
 * - bytes-by-tier: an Elasticsearch ILM plan's bytes on each data tier and in
 *   the snapshot repository at the end of each month.
 */
import { stackedAreaChart, type ChartDef, type Row } from './chart.ts';
import type { Report } from './report.ts';

const MONTH = { field: 'month', title: 'months since going live', unit: 'month' } as const;

interface BilledMonth {
  readonly month: number;
  readonly usd: number;
  readonly byTier: Readonly<Record<string, number>>;
}

interface IlmMonth {
  readonly month: number;
  readonly bytesByTier: Readonly<Record<string, number>>;
}

/** Cents, the unit a bill is exact in. */
function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}

export function storageCharts(report: Report): ChartDef[] {
  const charts: ChartDef[] = [];
  const cost = report.cost as { months?: readonly BilledMonth[] } | undefined;
  const months = cost?.months ?? [];
  if (months.length > 1) {
    const tiers = [...new Set(months.flatMap((m) => Object.keys(m.byTier)))];
    charts.push(
      stackedAreaChart({
        name: 'bill-by-tier',
        title: 'Monthly bill by storage tier, from going live',
        caption:
          'Each band is one storage medium; the top band is everything else (nodes, requests). The bill grows while the tiers fill and is flat from the steady month on.',
        rows: months.flatMap((m): Row[] => {
          const stored = tiers.reduce((sum, t) => sum + (m.byTier[t] ?? 0), 0);
          return [
            ...tiers.map((t): Row => ({ month: m.month, usd: cents(m.byTier[t] ?? 0), part: t })),
            { month: m.month, usd: cents(m.usd - stored), part: 'nodes, requests' },
          ];
        }),
        x: MONTH,
        y: { field: 'usd', title: 'bill', unit: 'USD' },
        series: { field: 'part', title: 'part' },
      }),
    );
  }
  const ilm = (report.elastic as { ilm?: { months?: readonly IlmMonth[] } } | undefined)?.ilm;
  const ilmMonths = ilm?.months ?? [];
  if (ilmMonths.length > 0) {
    const places = Object.keys(ilmMonths[0]!.bytesByTier);
    charts.push(
      stackedAreaChart({
        name: 'bytes-by-tier',
        title: 'Bytes by data tier (ILM plan)',
        caption:
          'What each tier holds at the end of each month (hot, warm and cold every copy on their disks; frozen and cold in the snapshot repository). A band that grows while the next stays flat is a migrate stuck for want of room.',
        rows: ilmMonths.flatMap((m) =>
          places.map((p): Row => ({
            month: m.month,
            gib: Number(((m.bytesByTier[p] ?? 0) / 1024 ** 3).toPrecision(5)),
            tier: p,
          })),
        ),
        x: MONTH,
        y: { field: 'gib', title: 'stored', unit: 'GiB' },
        series: { field: 'tier', title: 'tier' },
      }),
    );
  }
  return charts;
}
