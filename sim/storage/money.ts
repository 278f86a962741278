/**
 * Money. A bill is summed in integer micro-dollars (µ$, 10⁻⁶ USD), so that
 * adding line items is exact and the total never drifts from its parts; the
 * report rounds each line item to whole cents and sums those cents, so the
 * parts the report shows add up to its total to the cent.
 */

export const MICRO_USD_PER_USD = 1_000_000;
export const MICRO_USD_PER_CENT = 10_000;

/** A price in dollars (as price pages write them) to micro-dollars; may be fractional (0.4 µ$ per GET). */
export function usdToMicroUsd(usd: number): number {
  return usd * MICRO_USD_PER_USD;
}

/** Whole cents of an amount of micro-dollars, half away from zero (banker's rounding would surprise a reader). */
export function microUsdToCents(microUsd: number): number {
  const cents = Math.abs(microUsd) / MICRO_USD_PER_CENT;
  // The epsilon keeps 0.5 cents computed as 0.49999999 from rounding down.
  return Math.sign(microUsd) * Math.floor(cents + 0.5 + 1e-9);
}

/** Cents as dollars with two decimals (a JSON number such as 123.45). */
export function centsToUsd(cents: number): number {
  return Math.round(cents) / 100;
}
