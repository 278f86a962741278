/**
 * `mm1`: the engine's throughput on the M/M/1 queue (λ = 0.8, μ = 1,
 * 1,000,000 measured customers), with the estimate of Wq and its 95% batch-
 * means half-width so a fast-but-wrong engine cannot pass unnoticed
 * (analytic Wq = ρ/(μ−λ) = 4).
 */
import { timeBest } from './measure.ts';
import { MM1_DEFAULTS, simulateMm1, type Mm1Params, type Mm1Result } from './mm1-model.ts';

/** Timed runs per benchmark; the fastest is reported (see timeBest). */
export const MM1_REPETITIONS = 5;

/** Shapes a timed M/M/1 run into the fields both mm1 benchmarks print. */
export function mm1Fields(p: Mm1Params, result: Mm1Result, seconds: number): object {
  return {
    customers: p.customers,
    seconds,
    customersPerSec: result.customersServed / seconds,
    eventsPerSec: result.events / seconds,
    wq: result.wq,
    wqCi95: result.wqCi95,
  };
}

export function mm1Benchmark(): object {
  const p = MM1_DEFAULTS;
  const { result, seconds } = timeBest(() => simulateMm1(p), MM1_REPETITIONS);
  return mm1Fields(p, result, seconds);
}
