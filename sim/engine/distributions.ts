/**
 * Random variates drawn from a named RandomStream.
 *
 * Every function takes the stream as its first argument and keeps no hidden
 * state between calls, so a stream's draws depend only on the calls made on
 * it: determinism first, even at the cost of throwing away the spare normal
 * of the polar method. The discrete samplers are exact (no normal
 * approximation) at every size, because a simulator that rounds a Poisson
 * into a Gaussian changes the tail an architect is asking about.
 *
 * Units: a continuous variate is in whatever unit its parameters are in
 * (`exponential(rng, 2)` with a rate per second gives seconds); callers turn
 * durations into integer microseconds themselves.
 *
 * The uniforms come from Alea, whose doubles are multiples of 2^-32, so
 * inversion-based tails are truncated near ln(2^32) ≈ 22.2 means for the
 * exponential; that is far beyond anything a run of this size would reach.
 */
import type { RandomStream } from './rng.ts';

/**
 * Exponential variate with the given rate (events per unit of time); the
 * result is a duration in that unit, mean 1 / ratePerUnit.
 */
export function exponential(rng: RandomStream, ratePerUnit: number): number {
  // 1 - u lies in (0, 1], so the logarithm is finite.
  return -Math.log(1 - rng.next()) / ratePerUnit;
}

/**
 * Normal variate (Marsaglia's polar method). The second variate of each pair
 * is discarded rather than cached, so no state hides between calls.
 */
export function normal(rng: RandomStream, mean: number, sd: number): number {
  for (;;) {
    const x = 2 * rng.next() - 1;
    const y = 2 * rng.next() - 1;
    const r2 = x * x + y * y;
    if (r2 > 0 && r2 < 1) return mean + sd * x * Math.sqrt((-2 * Math.log(r2)) / r2);
  }
}

/** Log-normal variate: exp(N(mu, sigma²)). mu and sigma are in log space. */
export function lognormal(rng: RandomStream, mu: number, sigma: number): number {
  return Math.exp(normal(rng, mu, sigma));
}

/**
 * The log-space location mu that gives a log-normal with arithmetic mean
 * `mean` (> 0) and log-space shape `sigma`: E[X] = exp(mu + sigma²/2).
 * Scenarios state a line size as `{ mean: 220B, sigma: 0.6 }`, which is this.
 */
export function lognormalFromMean(mean: number, sigma: number): number {
  if (!(mean > 0)) throw new RangeError(`lognormal mean must be > 0, got ${mean}`);
  return Math.log(mean) - (sigma * sigma) / 2;
}

/**
 * Pareto (type I) variate with scale `xm` (> 0, the minimum, in the caller's
 * unit) and shape `alpha` (> 0). Mean is alpha·xm/(alpha−1) for alpha > 1.
 */
export function pareto(rng: RandomStream, xm: number, alpha: number): number {
  // Inversion: 1 - u in (0, 1] keeps the power finite.
  return xm * Math.pow(1 - rng.next(), -1 / alpha);
}

// ---------------------------------------------------------------------------
// Log-factorials, stable for large and close arguments.
//
// The rejection tests below compare log-probabilities such as
// ln m! − ln k! with m, k ≈ 1e9. Evaluated naively each term is ~2e10 and the
// difference loses six digits to cancellation; instead we write ln k! as
// Stirling's main part plus a small correction and subtract analytically.

const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);
const FC_TABLE_SIZE = 32;

/**
 * Stirling correction fc(k) = ln k! − [(k + ½) ln(k + 1) − (k + 1) + ½ ln 2π].
 * Tabulated exactly for small k; a three-term series in 1/(k+1) beyond, whose
 * truncation error is below 1e-13 from k = 32 on.
 */
const FC_TABLE: Float64Array = (() => {
  const table = new Float64Array(FC_TABLE_SIZE);
  let lnFact = 0;
  for (let k = 0; k < FC_TABLE_SIZE; k++) {
    if (k > 0) lnFact += Math.log(k);
    table[k] = lnFact - ((k + 0.5) * Math.log(k + 1) - (k + 1) + HALF_LN_2PI);
  }
  return table;
})();

function stirlingCorrection(k: number): number {
  if (k < FC_TABLE_SIZE) return FC_TABLE[k] as number;
  const r = 1 / (k + 1);
  const r2 = r * r;
  return (1 / 12 - (1 / 360 - r2 / 1260) * r2) * r;
}

/** ln(a!) − ln(b!) for integers a, b ≥ 0, accurate when both are huge and close. */
function lnFactorialRatio(a: number, b: number): number {
  // (a+½)ln(a+1) − (b+½)ln(b+1) = (a−b)·ln(a+1) + (b+½)·ln((a+1)/(b+1)).
  const d = a - b;
  return (
    d * Math.log(a + 1) +
    (b + 0.5) * Math.log1p(d / (b + 1)) -
    d +
    stirlingCorrection(a) -
    stirlingCorrection(b)
  );
}

/** ln P(X = k) for X ~ Poisson(lambda), without the cancellation of −λ + k ln λ − ln k!. */
function lnPoissonPmf(k: number, lambda: number): number {
  // −λ + k ln λ − ln k! with ln k! in Stirling form rearranges to
  // k·ln(λ/(k+1)) + (k + 1 − λ) − ½ ln(k+1) − ½ ln 2π − fc(k); the first two
  // terms cancel to first order, and log1p keeps the rest exact.
  const k1 = k + 1;
  return (
    k * Math.log1p((lambda - k1) / k1) +
    (k1 - lambda) -
    0.5 * Math.log(k1) -
    HALF_LN_2PI -
    stirlingCorrection(k)
  );
}

// ---------------------------------------------------------------------------
// Poisson

/** Below this mean, inversion (expected λ + 1 steps) beats the rejection method's setup. */
const POISSON_INVERSION_MAX_LAMBDA = 10;

/**
 * Poisson variate with mean `lambda` (≥ 0, a count per interval): exact at
 * every size. Sequential-search inversion below λ = 10; above, Hörmann's
 * PTRS transformed rejection (1993), O(1) expected draws even at λ = 1e9.
 */
export function poisson(rng: RandomStream, lambda: number): number {
  if (!(lambda >= 0) || !Number.isFinite(lambda))
    throw new RangeError(`poisson lambda must be finite and ≥ 0, got ${lambda}`);
  if (lambda === 0) return 0;
  if (lambda < POISSON_INVERSION_MAX_LAMBDA) return poissonInversion(rng, lambda);
  return poissonPtrs(rng, lambda);
}

function poissonInversion(rng: RandomStream, lambda: number): number {
  const p0 = Math.exp(-lambda);
  for (;;) {
    const u = rng.next();
    let k = 0;
    let p = p0;
    let cdf = p0;
    // The cdf can stall a hair below 1 in floating point; the guard restarts
    // with a fresh uniform instead of looping forever on such a u.
    while (u >= cdf && k < 1000) {
      k++;
      p *= lambda / k;
      cdf += p;
    }
    if (k < 1000) return k;
  }
}

function poissonPtrs(rng: RandomStream, lambda: number): number {
  // Constants of the transformed-rejection hat (Hörmann 1993, table 1).
  const sqrtLambda = Math.sqrt(lambda);
  const b = 0.931 + 2.53 * sqrtLambda;
  const a = -0.059 + 0.02483 * b;
  const lnInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = 1 - rng.next(); // (0, 1], so its log is finite
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    // Squeeze: the central region of the hat lies under the pmf.
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + lnInvAlpha - Math.log(a / (us * us) + b) <= lnPoissonPmf(k, lambda)) return k;
  }
}

// ---------------------------------------------------------------------------
// Binomial

/** Below this n·min(p, 1−p), inversion is cheaper than building the BTRS hat. */
const BINOMIAL_INVERSION_MAX_MEAN = 10;

/**
 * Binomial variate: successes in `n` (integer ≥ 0, up to 2^53) trials of
 * probability `p` (in [0, 1]); exact at every size. p > ½ is drawn as
 * n − Binomial(n, 1 − p). Inversion when n·p < 10, else Hörmann's BTRS
 * transformed rejection (1993), O(1) expected draws even at n = 1e9.
 */
export function binomial(rng: RandomStream, n: number, p: number): number {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(`binomial n must be a non-negative integer, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial p must be in [0, 1], got ${p}`);
  if (p > 0.5) return n - binomialLow(rng, n, 1 - p);
  return binomialLow(rng, n, p);
}

/** Binomial for p ≤ ½. */
function binomialLow(rng: RandomStream, n: number, p: number): number {
  if (n === 0 || p === 0) return 0;
  if (n * p < BINOMIAL_INVERSION_MAX_MEAN) return binomialInversion(rng, n, p);
  return binomialBtrs(rng, n, p);
}

function binomialInversion(rng: RandomStream, n: number, p: number): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  // q^n via log1p: with n = 1e9 and p = 1e-9, Math.pow(1 - p, n) loses digits.
  const p0 = Math.exp(n * Math.log1p(-p));
  for (;;) {
    let u = rng.next();
    let k = 0;
    let pk = p0;
    // Walk the pmf with the recurrence P(k)/P(k−1) = (n−k+1)/k · p/q; the
    // guard restarts if rounding leaves u above the last reachable mass.
    while (u >= pk) {
      u -= pk;
      k++;
      if (k > n) break;
      pk *= a / k - s;
    }
    if (k <= n) return k;
  }
}

function binomialBtrs(rng: RandomStream, n: number, p: number): number {
  // Constants of the transformed-rejection hat (Hörmann 1993, algorithm BTRS).
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p); // the mode
  for (;;) {
    const u = rng.next() - 0.5;
    const v = 1 - rng.next(); // (0, 1], so its log is finite
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    // Accept if v·hat(k) ≤ P(k)/P(m): ln P(k)/P(m) = ln m!/k! + ln (n−m)!/(n−k)! + (k−m) ln(p/q).
    const lhs = Math.log((v * alpha) / (a / (us * us) + b));
    if (lhs <= lnFactorialRatio(m, k) + lnFactorialRatio(n - m, n - k) + (k - m) * lpq) return k;
  }
}

// ---------------------------------------------------------------------------
// Zipf

/**
 * Zipf distribution over ranks 1..n with P(k) ∝ k^−s, by Hörmann and
 * Derflinger's rejection-inversion (1996): O(1) expected time and O(1) memory
 * whatever n, so a 100k-user popularity curve costs nothing to set up.
 *
 * The hat is the integral H of h(x) = x^−s, shifted so that rank k owns the
 * interval [k − ½, k + ½]; rank 1 gets its exact mass by construction.
 */
export class Zipf {
  private readonly hIntegralX1: number;
  private readonly hIntegralN: number;
  private readonly squeeze: number;

  /**
   * @param n number of ranks (integer ≥ 1)
   * @param s exponent (≥ 0; 0 is uniform, ≈1 is the classic web popularity curve)
   */
  constructor(
    readonly n: number,
    readonly s: number,
  ) {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`zipf n must be an integer ≥ 1, got ${n}`);
    if (!(s >= 0) || !Number.isFinite(s))
      throw new RangeError(`zipf exponent must be finite and ≥ 0, got ${s}`);
    this.hIntegralX1 = this.hIntegral(1.5) - 1;
    this.hIntegralN = this.hIntegral(n + 0.5);
    // Any x within this distance below its rounded rank is accepted without
    // evaluating the density (the paper's constant s).
    this.squeeze = 2 - this.hIntegralInverse(this.hIntegral(2.5) - this.h(2));
  }

  /** A rank in 1..n; rank 1 is the most popular. */
  sample(rng: RandomStream): number {
    for (;;) {
      // u is uniform over (hIntegralX1, hIntegralN]; H is increasing.
      const u = this.hIntegralN + rng.next() * (this.hIntegralX1 - this.hIntegralN);
      const x = this.hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > this.n) k = this.n;
      if (k - x <= this.squeeze || u >= this.hIntegral(k + 0.5) - this.h(k)) return k;
    }
  }

  /** h(x) = x^−s. */
  private h(x: number): number {
    return Math.exp(-this.s * Math.log(x));
  }

  /** H(x) = ∫₁ˣ t^−s dt, written with expm1 so it stays exact as s → 1. */
  private hIntegral(x: number): number {
    const lnX = Math.log(x);
    return expm1OverX((1 - this.s) * lnX) * lnX;
  }

  /** H⁻¹(y), written with log1p so it stays exact as s → 1. */
  private hIntegralInverse(y: number): number {
    let t = y * (1 - this.s);
    // Rounding can push t just below −1 at the far end of the support.
    if (t < -1) t = -1;
    return Math.exp(log1pOverX(t) * y);
  }
}

/** expm1(x)/x, continuous at 0 (where it is 1). */
function expm1OverX(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x / 2;
}

/** log1p(x)/x, continuous at 0 (where it is 1). */
function log1pOverX(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x / 2;
}

// ---------------------------------------------------------------------------
// Weighted choice

/**
 * Picks an index with probability proportional to its weight, in O(1) per
 * draw after O(n) setup (Vose's alias method). Two uniforms per draw: one for
 * the column and one for the coin, so neither loses precision to the other.
 */
export class WeightedChoice {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  /** @param weights non-negative finite weights, not all zero; need not sum to 1 */
  constructor(weights: readonly number[]) {
    const n = weights.length;
    if (n === 0) throw new RangeError('weighted choice needs at least one weight');
    let total = 0;
    for (const w of weights) {
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weights must be finite and ≥ 0, got ${w}`);
      total += w;
    }
    if (!(total > 0)) throw new RangeError('weighted choice needs a positive weight');

    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    // Scale so the average column holds exactly 1; then pair each short
    // column with a tall one that tops it up.
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      const p = ((weights[i] as number) * n) / total;
      scaled[i] = p;
      (p < 1 ? small : large).push(i);
    }
    while (small.length > 0 && large.length > 0) {
      const less = small.pop() as number;
      const more = large.pop() as number;
      this.prob[less] = scaled[less] as number;
      this.alias[less] = more;
      const rest = (scaled[more] as number) + (scaled[less] as number) - 1;
      scaled[more] = rest;
      (rest < 1 ? small : large).push(more);
    }
    // Whatever is left is 1 up to rounding: it keeps its whole column.
    for (const i of large) this.prob[i] = 1;
    for (const i of small) this.prob[i] = 1;
  }

  /** Number of choices. */
  get length(): number {
    return this.prob.length;
  }

  /** An index in [0, length), drawn with probability weight / Σ weights. */
  sample(rng: RandomStream): number {
    const i = rng.int(this.prob.length);
    return rng.next() < (this.prob[i] as number) ? i : (this.alias[i] as number);
  }
}
