/**
 * The bill: usage × prices, one line per (component, category, medium or
 * instance, request kind), in integer micro-dollars. A pure function: the
 * same usage and price table always give the same bill, and the total is by
 * construction the sum of the lines (every grouping in the report is a
 * regrouping of the same lines).
 *
 *   Usage (GB-months, requests, GB read, node-hours) ─┐
 *                                                     ├─▶ lines (µ$) ─▶ total, by component / tier / request kind
 *   PriceTable (media, instances, discount) ──────────┘
 */
import { MICRO_USD_PER_USD } from './money.ts';
import { instanceOf, mediumOf, type PriceTable } from './price-table.ts';
import type { RequestKind, Usage } from './usage.ts';

export type BillCategory = 'compute' | 'storage' | 'early_deletion' | 'requests' | 'retrieval';
export const BILL_CATEGORIES: readonly BillCategory[] = [
  'compute',
  'storage',
  'early_deletion',
  'requests',
  'retrieval',
];

export type BillUnit = 'node-hour' | 'GB-month' | '1,000 requests' | 'GB';

/** One line of the bill. */
export interface BillLine {
  readonly component: string;
  readonly category: BillCategory;
  /** The medium (storage, requests, retrieval) or the instance type (compute). */
  readonly item: string;
  /** Request lines only. */
  readonly requestKind?: RequestKind;
  /** In `unit`s: node-hours, GB-months, thousands of requests, GB. */
  readonly quantity: number;
  readonly unit: BillUnit;
  /** List price per unit, USD, before the discount. */
  readonly usdPerUnit: number;
  /** quantity × price × (1 − discount), rounded to a whole micro-dollar. */
  readonly microUsd: number;
}

export interface Bill {
  readonly lines: readonly BillLine[];
  /** Σ lines. */
  readonly totalMicroUsd: number;
  readonly discount: number;
}

/** Prices `usage` with `prices`. Zero-quantity usage gives no line. */
export function computeBill(usage: Usage, prices: PriceTable): Bill {
  const lines: BillLine[] = [];
  const keep = 1 - prices.discount;
  const add = (line: Omit<BillLine, 'microUsd'>) => {
    if (line.quantity <= 0) return;
    lines.push({ ...line, microUsd: Math.round(line.quantity * line.usdPerUnit * MICRO_USD_PER_USD * keep) });
  };
  for (const c of usage.compute) {
    const instance = instanceOf(prices, c.component);
    add({
      component: c.component,
      category: 'compute',
      item: instance.id,
      quantity: c.nodeHours,
      unit: 'node-hour',
      usdPerUnit: instance.usdPerHour,
    });
  }
  for (const s of usage.storage)
    add({
      component: s.component,
      category: 'storage',
      item: s.medium,
      quantity: s.gbMonths,
      unit: 'GB-month',
      usdPerUnit: mediumOf(prices, s.medium).usdPerGbMonth,
    });
  for (const s of usage.earlyDeletion)
    add({
      component: s.component,
      category: 'early_deletion',
      item: s.medium,
      quantity: s.gbMonths,
      unit: 'GB-month',
      usdPerUnit: mediumOf(prices, s.medium).usdPerGbMonth,
    });
  for (const r of usage.requests) {
    const m = mediumOf(prices, r.medium);
    add({
      component: r.component,
      category: 'requests',
      item: r.medium,
      requestKind: r.kind,
      quantity: r.count / 1000,
      unit: '1,000 requests',
      // A lifecycle transition is billed as a PUT into the class it moves to (facts.md §4).
      usdPerUnit: r.kind === 'get' ? m.getUsdPer1000 : m.putUsdPer1000,
    });
  }
  for (const r of usage.retrieval)
    add({
      component: r.component,
      category: 'retrieval',
      item: r.medium,
      quantity: r.gb,
      unit: 'GB',
      usdPerUnit: mediumOf(prices, r.medium).retrievalUsdPerGb,
    });
  let totalMicroUsd = 0;
  for (const l of lines) totalMicroUsd += l.microUsd;
  return { lines, totalMicroUsd, discount: prices.discount };
}
