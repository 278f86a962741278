/**
 * From `pricing.object_storage` to an aging plan: the class objects are
 * written to, each lifecycle transition's class from its age on, and deletion
 * at retention (tier-aging.ts).
 */
import type { Medium } from './media.ts';
import { mediumOf, type PriceTable } from './price-table.ts';
import type { PricingSpec } from './pricing-schema.ts';
import type { AgedTier } from './tier-aging.ts';

/** The tiers objects pass through, youngest first. */
export function objectStorageTiers(spec: PricingSpec['object_storage'], prices: PriceTable): AgedTier[] {
  const stops = [
    { medium: spec.medium, fromUs: 0 },
    ...spec.transitions.map((t) => ({ medium: t.medium, fromUs: t.after })),
  ];
  return stops.map((s, i) => ({
    medium: s.medium,
    fromUs: s.fromUs,
    toUs: stops[i + 1]?.fromUs ?? spec.retention,
    minStorageDurationUs: mediumOf(prices, s.medium).minStorageDurationUs,
  }));
}

/**
 * The class an object of age `ageUs` is in: the last tier that starts at or
 * before that age (past retention, the last one: the caller says the data is gone).
 */
export function mediumAtAge(spec: PricingSpec['object_storage'], prices: PriceTable, ageUs: number): Medium {
  let at = spec.medium;
  for (const t of [...spec.transitions].sort((a, b) => a.after - b.after))
    if (t.after <= ageUs) at = t.medium;
  return mediumOf(prices, at);
}
