/**
 * The benchmark registry. `npm run bench -- NAME…` runs the named ones (all
 * when none are named); each prints one JSON line `{"name": ..., ...fields}`.
 * To add a benchmark, write bench/<name>.ts and add one line to `benchmarks`.
 */
import { agents100kBenchmark } from './agents-100k.ts';
import { agentsLayoutBenchmark } from './agents-layout.ts';
import { elasticFleet1kBenchmark, elasticFleetBenchmark } from './elastic-fleet.ts';
import { fleet24hBenchmark } from './fleet-24h.ts';
import { formatResult } from './format.ts';
import { holdBenchmark } from './hold.ts';
import { lokiCardinalityBenchmark } from './loki-cardinality.ts';
import { lokiFleet1kBenchmark, lokiFleetBenchmark, lokiOverload1kBenchmark } from './loki-fleet.ts';
import { lokiMonthBenchmark } from './loki-month.ts';
import { mm1Benchmark } from './mm1.ts';
import { mm1BaselineBenchmark } from './mm1-baseline.ts';
import { seedsParallelBenchmark } from './seeds-parallel.ts';
import { tiersYearBenchmark } from './tiers-year.ts';

export type Benchmark = () => Promise<object> | object;

export const benchmarks: Record<string, Benchmark> = {
  mm1: mm1Benchmark,
  'mm1-baseline': mm1BaselineBenchmark,
  hold: holdBenchmark,
  'fleet-24h': fleet24hBenchmark,
  'loki-cardinality': lokiCardinalityBenchmark,
  'loki-fleet': lokiFleetBenchmark,
  'loki-fleet-1k': lokiFleet1kBenchmark,
  'loki-overload-1k': lokiOverload1kBenchmark,
  'loki-month': lokiMonthBenchmark,
  'elastic-fleet': elasticFleetBenchmark,
  'elastic-fleet-1k': elasticFleet1kBenchmark,
  'tiers-year': tiersYearBenchmark,
  'seeds-parallel': seedsParallelBenchmark,
  'agents-100k': agents100kBenchmark,
  'agents-layout': agentsLayoutBenchmark,
};

/**
 * Runs the named benchmarks in the order given (every registered one when
 * `names` is empty). An unknown name runs nothing: it lists the valid names on
 * stderr and sets exit code 2.
 */
export async function runBenchmarks(names: string[]): Promise<void> {
  const selected = names.length > 0 ? names : Object.keys(benchmarks);
  const unknown = selected.filter((n) => !Object.hasOwn(benchmarks, n));
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown benchmark ${unknown.map((n) => `"${n}"`).join(', ')}; valid names: ${Object.keys(benchmarks).join(', ')}\n`,
    );
    process.exitCode = 2;
    return;
  }
  for (const name of selected) {
    const run = benchmarks[name] as Benchmark;
    const fields = await run();
    process.stdout.write(`${formatResult(name, fields)}\n`);
  }
}
