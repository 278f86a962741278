// Each sampler against its analytic moments (and, for the discrete ones, its
// exact pmf). Seeds are fixed, so a failure is deterministic and replays.
// Tolerances are five standard errors: for the mean σ/√n from the analytic σ;
// for the variance √((m4 − s⁴)/n) from the sample's own fourth moment.
import { describe, expect, it } from 'vitest';
import {
  binomial,
  exponential,
  lognormal,
  lognormalFromMean,
  normal,
  pareto,
  poisson,
  WeightedChoice,
  Zipf,
} from '../../sim/engine/distributions.ts';
import { RandomStreams, type RandomStream } from '../../sim/engine/rng.ts';

const SEED = 20240611;
const Z = 5;

function stream(name: string): RandomStream {
  return new RandomStreams(SEED).stream(name);
}

interface Moments {
  mean: number;
  variance: number;
  /** Standard error of `variance`, from the sample fourth central moment. */
  varianceSe: number;
}

function sampleMoments(n: number, draw: () => number): Moments {
  const xs = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    xs[i] = x;
    sum += x;
  }
  const mean = sum / n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i]! - mean;
    const d2 = d * d;
    m2 += d2;
    m4 += d2 * d2;
  }
  m2 /= n;
  m4 /= n;
  return { mean, variance: (m2 * n) / (n - 1), varianceSe: Math.sqrt(Math.max(m4 - m2 * m2, 0) / n) };
}

/** Asserts the sample mean and variance match the analytic ones within Z standard errors. */
function expectMoments(label: string, n: number, draw: () => number, mean: number, variance: number): void {
  const m = sampleMoments(n, draw);
  const meanTol = Z * Math.sqrt(variance / n);
  expect(Math.abs(m.mean - mean), `${label}: mean ${m.mean} vs ${mean} (tol ${meanTol})`).toBeLessThan(
    meanTol,
  );
  const varTol = Z * m.varianceSe;
  expect(
    Math.abs(m.variance - variance),
    `${label}: variance ${m.variance} vs ${variance} (tol ${varTol})`,
  ).toBeLessThan(varTol);
}

/** Asserts each listed frequency is within Z binomial standard errors of its probability. */
function expectFrequencies(
  label: string,
  counts: Map<number, number>,
  n: number,
  pmf: (k: number) => number,
  ks: number[],
): void {
  for (const k of ks) {
    const p = pmf(k);
    const f = (counts.get(k) ?? 0) / n;
    const tol = Z * Math.sqrt((p * (1 - p)) / n) + 1e-12;
    expect(Math.abs(f - p), `${label}: P(${k}) empirical ${f} vs exact ${p} (tol ${tol})`).toBeLessThan(tol);
  }
}

function histogram(n: number, draw: () => number): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const k = draw();
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

function lnFactorial(k: number): number {
  let s = 0;
  for (let i = 2; i <= k; i++) s += Math.log(i);
  return s;
}

const N = 200_000;

describe('continuous distributions match mean and variance', () => {
  it('exponential(rate) has mean 1/rate and variance 1/rate²', () => {
    const rng = stream('exp');
    expectMoments('exp rate 2.5', N, () => exponential(rng, 2.5), 1 / 2.5, 1 / 6.25);
    expectMoments('exp rate 1e-6', N, () => exponential(rng, 1e-6), 1e6, 1e12);
  });

  it('normal(mean, sd) has that mean and sd²', () => {
    const rng = stream('normal');
    expectMoments('normal(3, 2)', N, () => normal(rng, 3, 2), 3, 4);
    expectMoments('normal(-1e3, 0.01)', N, () => normal(rng, -1e3, 0.01), -1e3, 1e-4);
  });

  it('lognormal(mu, sigma) has mean exp(mu+σ²/2) and variance (e^σ²−1)e^(2mu+σ²)', () => {
    const rng = stream('lognormal');
    const mu = 1.2;
    const sigma = 0.5;
    const mean = Math.exp(mu + (sigma * sigma) / 2);
    const variance = Math.expm1(sigma * sigma) * Math.exp(2 * mu + sigma * sigma);
    expectMoments('lognormal(1.2, 0.5)', N, () => lognormal(rng, mu, sigma), mean, variance);
  });

  it('lognormalFromMean gives the requested arithmetic mean', () => {
    const rng = stream('lognormal-from-mean');
    const sigma = 0.6;
    const mu = lognormalFromMean(220, sigma);
    const variance = Math.expm1(sigma * sigma) * 220 * 220;
    expectMoments('lognormal mean 220', N, () => lognormal(rng, mu, sigma), 220, variance);
    expect(() => lognormalFromMean(0, 1)).toThrow(RangeError);
  });

  it('pareto(xm, alpha) has mean αxm/(α−1) and variance xm²α/((α−1)²(α−2))', () => {
    const rng = stream('pareto');
    const xm = 3;
    const alpha = 6; // finite fourth moment, so the variance check's own error is estimable
    const mean = (alpha * xm) / (alpha - 1);
    const variance = (xm * xm * alpha) / ((alpha - 1) ** 2 * (alpha - 2));
    expectMoments('pareto(3, 6)', N, () => pareto(rng, xm, alpha), mean, variance);
    const rng2 = stream('pareto-min');
    for (let i = 0; i < 10_000; i++) expect(pareto(rng2, xm, 1.1)).toBeGreaterThanOrEqual(xm);
  });
});

describe('poisson is exact in both regimes', () => {
  it('lambda = 0 always gives 0', () => {
    const rng = stream('poisson-0');
    for (let i = 0; i < 1000; i++) expect(poisson(rng, 0)).toBe(0);
  });

  for (const lambda of [0.05, 3, 9.99, 10, 47.5, 1e4, 1e9]) {
    it(`lambda = ${lambda}: mean and variance both λ`, () => {
      const rng = stream(`poisson-${lambda}`);
      expectMoments(`poisson(${lambda})`, N, () => poisson(rng, lambda), lambda, lambda);
    });
  }

  for (const lambda of [4, 15, 120]) {
    it(`lambda = ${lambda}: frequencies match the pmf (${lambda < 10 ? 'inversion' : 'PTRS'})`, () => {
      const rng = stream(`poisson-pmf-${lambda}`);
      const counts = histogram(N, () => poisson(rng, lambda));
      const pmf = (k: number): number => Math.exp(-lambda + k * Math.log(lambda) - lnFactorial(k));
      const sd = Math.sqrt(lambda);
      const ks: number[] = [];
      for (let k = Math.max(0, Math.floor(lambda - 3 * sd)); k <= lambda + 3 * sd; k++) ks.push(k);
      expectFrequencies(`poisson(${lambda})`, counts, N, pmf, ks);
    });
  }

  it('lambda = 1e9 is fast (O(1) per draw)', () => {
    const rng = stream('poisson-fast');
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += poisson(rng, 1e9);
    expect(sum / 100_000).toBeGreaterThan(1e9 - 1e3);
  });

  it('rejects a negative or non-finite lambda', () => {
    const rng = stream('poisson-bad');
    expect(() => poisson(rng, -1)).toThrow(RangeError);
    expect(() => poisson(rng, Number.NaN)).toThrow(RangeError);
    expect(() => poisson(rng, Infinity)).toThrow(RangeError);
  });
});

describe('binomial is exact in both regimes', () => {
  const cases: [number, number][] = [
    [20, 0.1], // inversion
    [1e9, 3e-9], // inversion, huge n
    [100, 0.3], // BTRS
    [100, 0.85], // BTRS through the p > ½ symmetry
    [1000, 0.5],
    [1e9, 0.7], // BTRS, huge n
    [1e9, 1e-4],
  ];
  for (const [n, p] of cases) {
    it(`n = ${n}, p = ${p}: mean np and variance np(1−p)`, () => {
      const rng = stream(`binomial-${n}-${p}`);
      expectMoments(`binomial(${n}, ${p})`, N, () => binomial(rng, n, p), n * p, n * p * (1 - p));
    });
  }

  for (const [n, p] of [
    [30, 0.2],
    [200, 0.3],
    [60, 0.75],
  ] as [number, number][]) {
    it(`n = ${n}, p = ${p}: frequencies match the pmf`, () => {
      const rng = stream(`binomial-pmf-${n}-${p}`);
      const counts = histogram(N, () => binomial(rng, n, p));
      const pmf = (k: number): number =>
        Math.exp(
          lnFactorial(n) - lnFactorial(k) - lnFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p),
        );
      const sd = Math.sqrt(n * p * (1 - p));
      const ks: number[] = [];
      for (let k = Math.max(0, Math.floor(n * p - 3 * sd)); k <= Math.min(n, n * p + 3 * sd); k++) ks.push(k);
      expectFrequencies(`binomial(${n}, ${p})`, counts, N, pmf, ks);
    });
  }

  it('edge cases: n = 0, p = 0, p = 1 are exact and results stay in [0, n]', () => {
    const rng = stream('binomial-edges');
    expect(binomial(rng, 0, 0.5)).toBe(0);
    expect(binomial(rng, 50, 0)).toBe(0);
    expect(binomial(rng, 50, 1)).toBe(50);
    for (let i = 0; i < 10_000; i++) {
      const k = binomial(rng, 37, 0.49);
      expect(k).toBeGreaterThanOrEqual(0);
      expect(k).toBeLessThanOrEqual(37);
    }
    expect(() => binomial(rng, 2.5, 0.5)).toThrow(RangeError);
    expect(() => binomial(rng, 10, 1.5)).toThrow(RangeError);
  });
});

describe('Zipf matches its exact pmf', () => {
  for (const [n, s] of [
    [1000, 1],
    [100_000, 1.1],
    [50, 0.6],
    [10, 2.5],
    [1_000_000, 0.99],
  ] as [number, number][]) {
    it(`n = ${n}, s = ${s}: top ranks and the tail mass`, () => {
      let norm = 0;
      for (let k = n; k >= 1; k--) norm += Math.pow(k, -s); // smallest first, for accuracy
      const pmf = (k: number): number => Math.pow(k, -s) / norm;
      const rng = stream(`zipf-${n}-${s}`);
      const zipf = new Zipf(n, s);
      let tail = 0;
      const counts = histogram(N, () => {
        const k = zipf.sample(rng);
        if (k < 1 || k > n || !Number.isInteger(k)) throw new Error(`rank ${k} outside 1..${n}`);
        return k > 10 ? (tail++, 11) : k;
      });
      const top = Array.from({ length: Math.min(10, n) }, (_, i) => i + 1);
      expectFrequencies(`zipf(${n}, ${s})`, counts, N, pmf, top);
      let pTail = 1;
      for (const k of top) pTail -= pmf(k);
      const tol = Z * Math.sqrt((pTail * (1 - pTail)) / N) + 1e-9;
      expect(Math.abs(tail / N - pTail), `tail mass`).toBeLessThan(tol);
    });
  }

  it('s = 0 is uniform', () => {
    const rng = stream('zipf-uniform');
    const zipf = new Zipf(7, 0);
    const counts = histogram(N, () => zipf.sample(rng));
    expectFrequencies('zipf s=0', counts, N, () => 1 / 7, [1, 2, 3, 4, 5, 6, 7]);
  });

  it('n = 1e12 samples in O(1) and stays in range', () => {
    const rng = stream('zipf-huge');
    const zipf = new Zipf(1e12, 1.01);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const k = zipf.sample(rng);
      if (!(k >= 1 && k <= 1e12 && Number.isInteger(k))) outside++;
    }
    expect(outside).toBe(0);
  });
});

describe('WeightedChoice (alias method) picks in proportion to weight', () => {
  it('frequencies match normalised weights, zero weights never drawn', () => {
    const weights = [5, 0, 1, 0.25, 13, 2, 0, 7.5];
    const total = weights.reduce((a, b) => a + b, 0);
    const rng = stream('weighted');
    const choice = new WeightedChoice(weights);
    const counts = histogram(N, () => choice.sample(rng));
    expectFrequencies(
      'weighted',
      counts,
      N,
      (i) => weights[i]! / total,
      weights.map((_, i) => i),
    );
    expect(counts.get(1) ?? 0).toBe(0);
    expect(counts.get(6) ?? 0).toBe(0);
  });

  it('many uneven weights: frequencies match', () => {
    const weights = Array.from({ length: 300 }, (_, i) => 1 / (i + 1) ** 1.3);
    const total = weights.reduce((a, b) => a + b, 0);
    const rng = stream('weighted-many');
    const choice = new WeightedChoice(weights);
    const counts = histogram(N, () => choice.sample(rng));
    expectFrequencies('weighted-many', counts, N, (i) => weights[i]! / total, [0, 1, 2, 3, 10, 50, 299]);
  });

  it('a single weight always picks 0; bad weights are rejected', () => {
    const rng = stream('weighted-single');
    const one = new WeightedChoice([3]);
    for (let i = 0; i < 100; i++) expect(one.sample(rng)).toBe(0);
    expect(() => new WeightedChoice([])).toThrow(RangeError);
    expect(() => new WeightedChoice([0, 0])).toThrow(RangeError);
    expect(() => new WeightedChoice([1, -1])).toThrow(RangeError);
    expect(() => new WeightedChoice([1, Number.NaN])).toThrow(RangeError);
  });
});

describe('samplers keep no hidden state', () => {
  it('the same stream state gives the same draws whatever ran on other streams', () => {
    const a = new RandomStreams(7);
    const b = new RandomStreams(7);
    const other = b.stream('other');
    const seqA: number[] = [];
    const seqB: number[] = [];
    for (let i = 0; i < 200; i++) {
      seqA.push(normal(a.stream('x'), 0, 1), poisson(a.stream('x'), 30), binomial(a.stream('x'), 500, 0.4));
      normal(other, 0, 1);
      seqB.push(normal(b.stream('x'), 0, 1), poisson(b.stream('x'), 30), binomial(b.stream('x'), 500, 0.4));
    }
    expect(seqB).toEqual(seqA);
  });
});
