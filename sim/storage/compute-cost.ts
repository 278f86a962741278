/**
 * The bill of a design that stores nothing the model prices (the generic
 * endpoint): its nodes' hours. The cost section has the same shape as any
 * other, so `sim compare` can put it beside a Loki bill.
 */
import type { RunWarning } from '../config/run-warning.ts';
import { US_PER_HOUR } from '../engine/time.ts';
import type { CostModel } from './cost-model.ts';
import { costSection } from './cost-section.ts';
import { assumedInstancePrices, priceTable } from './price-table.ts';
import type { PricingSpec } from './pricing-schema.ts';

/** The cost section and warnings of `count` nodes of `component` over a run of `durationUs`. */
export function computeOnlyCost(
  component: string,
  count: number,
  durationUs: number,
  pricing: PricingSpec | undefined,
): { section: Record<string, unknown>; warnings: RunWarning[] } {
  const prices = priceTable(pricing);
  const model: CostModel = {
    tiers: [],
    objectFlows: [],
    reads: { component, getsPerUs: 0, bytesPerUs: 0 },
    nodes: [{ component, count }],
  };
  const run = {
    storage: [],
    earlyDeletion: [],
    requests: [],
    retrieval: [],
    compute: [{ component, nodeHours: (count * durationUs) / US_PER_HOUR }],
  };
  const warnings: RunWarning[] = [
    {
      code: 'estimate',
      path: 'cost.monthly',
      message: `the ${component} bills node-hours only (730-hour month): the model has no storage behind it`,
    },
  ];
  warnings.push(...assumedInstancePrices(prices, [component]));
  return { section: costSection(model, prices, run), warnings };
}
