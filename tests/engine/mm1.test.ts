// The engine's analytic oracle: an M/M/1 queue built only on the public API
// (Simulation + distributions, see bench/mm1-model.ts) must reproduce queueing
// theory. With ρ = λ/μ = 0.8: Wq = ρ/(μ − λ) = 4 and L = ρ/(1 − ρ) = 4.
// The seed is fixed, so the run (and this test) is deterministic; the
// assertion is that the analytic value lies inside the run's own 95%
// batch-means confidence interval.
import { describe, expect, it } from 'vitest';
import { simulateMm1Baseline } from '../../bench/mm1-baseline.ts';
import { MM1_DEFAULTS, simulateMm1, type Mm1Params } from '../../bench/mm1-model.ts';

const params: Mm1Params = {
  ...MM1_DEFAULTS,
  customers: 300_000,
  warmupCustomers: 10_000,
  batches: 20,
  seed: 2024,
};
const rho = params.lambda / params.mu;

describe('M/M/1 on the engine (λ = 0.8, μ = 1)', () => {
  const result = simulateMm1(params);

  it('mean wait in queue Wq = ρ/(μ−λ) lies in the 95% batch-means interval', () => {
    const wqExact = rho / (params.mu - params.lambda);
    expect(wqExact).toBeCloseTo(4, 12);
    expect(
      Math.abs(result.wq - wqExact),
      `Wq ${result.wq} ± ${result.wqCi95} does not cover ${wqExact}`,
    ).toBeLessThan(result.wqCi95);
    // The interval must also be informative, not a blanket that covers anything.
    expect(result.wqCi95).toBeLessThan(0.1 * wqExact);
  });

  it('time-average number in system L = ρ/(1−ρ) lies in the 95% batch-means interval', () => {
    const lExact = rho / (1 - rho);
    expect(
      Math.abs(result.l - lExact),
      `L ${result.l} ± ${result.lCi95} does not cover ${lExact}`,
    ).toBeLessThan(result.lCi95);
    expect(result.lCi95).toBeLessThan(0.1 * lExact);
  });

  it('processes two events per customer (one arrival, one departure)', () => {
    const customers = params.customers + params.warmupCustomers;
    expect(result.customersServed).toBe(customers + 1);
    expect(Math.abs(result.events - 2 * customers)).toBeLessThan(100);
  });

  it('is reproducible: the same seed gives the same estimates', () => {
    const again = simulateMm1({ ...params, customers: 20_000 });
    const once = simulateMm1({ ...params, customers: 20_000 });
    expect(again).toEqual(once);
  });

  it('the bench yardstick (a bare heap loop) is the same model: identical estimates', () => {
    const small = { ...params, customers: 50_000 };
    expect(simulateMm1Baseline(small)).toEqual(simulateMm1(small));
  });
});
