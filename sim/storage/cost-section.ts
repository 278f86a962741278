/**
 * The report's `cost` section: the steady-state monthly bill, its lines,
 * regrouped by component, by category, by tier and by request kind, the first
 * months while storage fills (cost over time), the run's own bill, and the
 * date and source of every price used. Amounts in USD rounded to the cent per
 * line; every total is the sum of the rounded lines, so the report's parts
 * always add up to its totals exactly. Keys in a stable order.
 */
import { BILL_CATEGORIES, computeBill, type Bill, type BillLine } from './bill.ts';
import { monthlyUsages, steadyMonthIndex, type CostModel } from './cost-model.ts';
import { centsToUsd, microUsdToCents } from './money.ts';
import { instanceOf, type PriceTable } from './price-table.ts';
import { BYTES_PER_GB, MONTH_US, REQUEST_KINDS, type Usage } from './usage.ts';

/** A bill as report.json shows it. */
export interface BillReport {
  readonly total: number;
  readonly byComponent: Record<string, number>;
  readonly byCategory: Record<string, number>;
  readonly byTier: Record<string, number>;
  readonly byRequestKind: Record<string, number>;
}

/** Cents of one line: the unit every grouping sums. */
function cents(line: BillLine): number {
  return microUsdToCents(line.microUsd);
}

function sumBy(
  lines: readonly BillLine[],
  keys: readonly string[],
  keyOf: (l: BillLine) => string | undefined,
) {
  const out: Record<string, number> = {};
  const c: Record<string, number> = {};
  for (const k of keys) c[k] = 0;
  for (const l of lines) {
    const k = keyOf(l);
    if (k === undefined) continue;
    c[k] = (c[k] ?? 0) + cents(l);
  }
  for (const [k, v] of Object.entries(c)) out[k] = centsToUsd(v);
  return out;
}

/** The totals of a bill: each grouping holds every line once (by tier: the storage lines only, not compute). */
export function billReport(bill: Bill, tierOrder: readonly string[]): BillReport {
  const components: string[] = [];
  for (const l of bill.lines) if (!components.includes(l.component)) components.push(l.component);
  let total = 0;
  for (const l of bill.lines) total += cents(l);
  return {
    total: centsToUsd(total),
    byComponent: sumBy(bill.lines, components, (l) => l.component),
    byCategory: sumBy(bill.lines, BILL_CATEGORIES, (l) => l.category),
    byTier: sumBy(bill.lines, tierOrder, (l) => (l.category === 'compute' ? undefined : l.item)),
    byRequestKind: sumBy(bill.lines, REQUEST_KINDS, (l) => l.requestKind),
  };
}

/** Six significant digits: quantities are for reading, the amounts carry the money. */
function tidy(x: number): number {
  return Number(x.toPrecision(6));
}

function lineReport(l: BillLine): Record<string, unknown> {
  return {
    component: l.component,
    category: l.category,
    item: l.item,
    ...(l.requestKind !== undefined ? { requestKind: l.requestKind } : {}),
    quantity: tidy(l.quantity),
    unit: l.unit,
    usdPerUnit: l.usdPerUnit,
    usd: centsToUsd(cents(l)),
  };
}

/** A design's billing periods: the first months from going live, which of them is the steady one, and what it stores. */
export interface BilledPeriods {
  /** Month 1, 2, … from going live, up to and including the steady month. */
  readonly months: readonly Usage[];
  /** Index of the steady-state month in `months`. */
  readonly steady: number;
  /** Storage media in the order the report groups them. */
  readonly tierOrder: readonly string[];
  /** Bytes each medium holds in the steady state. */
  readonly storedBytes: Readonly<Record<string, number>>;
  readonly retentionUs: number;
  /** What the run itself used over its duration. */
  readonly run: Usage;
}

/** The `cost` section of a design's report. `run` is what the run itself used over its duration. */
export function costSection(model: CostModel, prices: PriceTable, run: Usage): Record<string, unknown> {
  const tierOrder = [
    ...new Set([...model.tiers.map((t) => t.medium), ...(model.volumes ?? []).map((v) => v.medium)]),
  ];
  const steady = steadyMonthIndex(model);
  const storedBytes: Record<string, number> = {};
  for (const t of model.tiers) {
    let bytesPerUs = 0;
    for (const f of model.objectFlows) bytesPerUs += f.flow.bytesPerUs;
    storedBytes[t.medium] = (storedBytes[t.medium] ?? 0) + Math.round(bytesPerUs * (t.toUs - t.fromUs));
  }
  for (const v of model.volumes ?? [])
    storedBytes[v.medium] = (storedBytes[v.medium] ?? 0) + Math.round(v.storedBytes);
  return costSectionOf(
    {
      months: monthlyUsages(model, steady + 1),
      steady,
      tierOrder,
      storedBytes,
      retentionUs: model.tiers[model.tiers.length - 1]?.toUs ?? model.retentionUs ?? 0,
      run,
    },
    prices,
  );
}

/** The `cost` section from billing periods (a design whose months the caller planned itself). */
export function costSectionOf(periods: BilledPeriods, prices: PriceTable): Record<string, unknown> {
  const { tierOrder, steady } = periods;
  const months = periods.months.map((u) => computeBill(u, prices));
  const month = months[steady] ?? computeBill(runless(), prices);
  const monthly = billReport(month, tierOrder);
  const runBill = billReport(computeBill(periods.run, prices), tierOrder);
  return {
    monthly: monthly.total,
    byComponent: monthly.byComponent,
    byCategory: monthly.byCategory,
    byTier: monthly.byTier,
    byRequestKind: monthly.byRequestKind,
    discount: prices.discount,
    storedBytesByTier: { ...periods.storedBytes },
    retentionDays: tidy(periods.retentionUs / (24 * 3600e6)),
    lines: month.lines.map(lineReport),
    // Cost over time: month 1 from going live, until the first month with every tier full.
    months: months.map((b, i) => {
      const r = billReport(b, tierOrder);
      return { month: i + 1, usd: r.total, byTier: r.byTier };
    }),
    run: { usd: runBill.total, byComponent: runBill.byComponent, byCategory: runBill.byCategory },
    prices: pricesUsed(month, prices),
  };
}

function runless(): Usage {
  return { storage: [], earlyDeletion: [], requests: [], retrieval: [], compute: [] };
}

/** The date and source of every price the bill used, in bill order. */
function pricesUsed(bill: Bill, prices: PriceTable): Record<string, unknown>[] {
  const seen = new Set<string>();
  const out: Record<string, unknown>[] = [];
  for (const l of bill.lines) {
    if (seen.has(l.item)) continue;
    seen.add(l.item);
    if (l.category === 'compute') {
      const i = instanceOf(prices, l.component);
      out.push({ item: i.id, date: i.date, source: i.source });
    } else {
      const m = prices.media.get(l.item);
      if (m !== undefined) out.push({ item: m.id, date: m.date, source: m.source });
    }
  }
  return out;
}

/** GB-months of `bytes` kept for `us` (for a run's own usage). */
export function gbMonthsOf(byteUs: number): number {
  return byteUs / BYTES_PER_GB / MONTH_US;
}
