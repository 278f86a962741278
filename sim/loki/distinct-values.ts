/**
 * How many distinct values n draws from a label's value space touch: the
 * number of streams a batch of lines opens when a high-cardinality field
 * (request_id, user_id, pod) is a label (decision 06).
 *
 * - `unique` (a new value on every line, like a request id): n.
 * - uniform over C values: C·(1 − (1 − 1/C)^n), the classic occupancy
 *   expectation.
 * - Zipf (s = 1) over C values: Σ_k 1 − (1 − p_k)^n with p_k = 1/(k·H_C). The
 *   sum runs over the first 32 ranks exactly and then over geometric bins of
 *   ranks (each bin at its mean probability), so it costs ~100 terms whatever C.
 *
 * These are expectations, not draws: a stream group's multiplicity is a
 * deterministic function of its line count, so design variants that see the
 * same lines see the same stream counts.
 */

/** A label's value space. `cardinality` Infinity means `unique`. */
export interface ValueSpace {
  readonly cardinality: number;
  readonly popularity: 'uniform' | 'zipf';
}

const EXACT_RANKS = 32;
const BIN_GROWTH = 1.15;

/** Expected distinct values among `n` draws (n ≥ 0, may be fractional). */
export function expectedDistinct(space: ValueSpace, n: number): number {
  if (n <= 0) return 0;
  const c = space.cardinality;
  if (!Number.isFinite(c)) return n;
  if (c <= 1) return Math.min(1, n);
  if (space.popularity === 'uniform') return c * -Math.expm1(n * Math.log1p(-1 / c));
  return zipfDistinct(c, n);
}

const harmonicCache = new Map<number, number>();

function harmonic(c: number): number {
  let h = harmonicCache.get(c);
  if (h === undefined) {
    // ln C + γ + 1/(2C) is exact to < 1e-9 beyond a few hundred; sum the head exactly.
    h = 0;
    const head = Math.min(c, 1000);
    for (let k = 1; k <= head; k++) h += 1 / k;
    if (c > head) h += Math.log(c + 0.5) - Math.log(head + 0.5);
    harmonicCache.set(c, h);
  }
  return h;
}

function zipfDistinct(c: number, n: number): number {
  const hc = harmonic(c);
  let total = 0;
  const exact = Math.min(c, EXACT_RANKS);
  for (let k = 1; k <= exact; k++) total += -Math.expm1(n * Math.log1p(-1 / (k * hc)));
  let lo = exact + 1;
  while (lo <= c) {
    const hi = Math.min(c, Math.max(lo, Math.floor(lo * BIN_GROWTH)));
    const ranks = hi - lo + 1;
    // Mean probability of the bin: (H_hi − H_{lo−1}) / H_C ≈ ln((hi+½)/(lo−½)) / H_C.
    const p = Math.log((hi + 0.5) / (lo - 0.5)) / hc / ranks;
    total += ranks * -Math.expm1(n * Math.log1p(-p));
    lo = hi + 1;
  }
  return Math.min(c, total);
}
