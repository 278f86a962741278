/**
 * The `expect:` metrics of the bill, for every backend whose report has a
 * `cost` section: `cost.monthly` (a key figure: `sim compare` puts the bills
 * side by side) and `cost.<tier>` for each built-in medium. Amounts are USD
 * per month, written as plain numbers or with a dollar sign (`cost.monthly: < 500`, `< $1.2k`).
 */
import { readReportPath, type MetricDef, type MetricFamily } from '../metrics/metric-registry.ts';
import { DEFAULT_MEDIA } from './media.ts';

export const COST_METRICS: readonly MetricDef[] = [
  {
    name: 'cost.monthly',
    kind: 'usd',
    description: 'Monthly bill in steady state, USD (compute, storage, requests, retrieval).',
    better: 'lower',
    key: true,
    unmeasured: 'not billed',
    read: (report) => readReportPath(report, 'cost.monthly'),
  },
];

/** `cost.s3-standard` and friends: one tier's share of the monthly bill (storage, requests, retrieval). */
export const costByTier: MetricFamily = {
  pattern: 'cost.<tier>',
  description: `Monthly cost of one storage tier, USD (${DEFAULT_MEDIA.map((m) => m.id).join(', ')}).`,
  examples: () => DEFAULT_MEDIA.map((m) => `cost.${m.id}`),
  resolve(name) {
    const tier = name.startsWith('cost.') ? name.slice('cost.'.length) : undefined;
    if (tier === undefined || !DEFAULT_MEDIA.some((m) => m.id === tier)) return undefined;
    return {
      name,
      kind: 'usd',
      description: `Monthly cost of the ${tier} tier, USD.`,
      better: 'lower',
      key: false,
      // A tier the design does not use costs nothing; a report without a bill has no figure.
      read: (report) =>
        readReportPath(report, 'cost.monthly') === undefined
          ? undefined
          : (readReportPath(report, `cost.byTier.${tier}`) ?? 0),
    };
  },
};
