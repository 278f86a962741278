/**
 * `seeds-parallel`: 8 seeds of scenarios/steady-state.yaml on 1 worker (serial,
 * in this thread) and on 2 worker threads; `speedup` = serial / parallel wall
 * time (goal ≥ 1.8 on a 2-core machine). Both sides are warmed first (the
 * simulator loaded and JIT-compiled: in this thread for serial, in each
 * thread of a kept pool for parallel), so the figure is the steady-state
 * throughput of a sweep; `coldParallelSeconds` is what a one-shot CLI run pays,
 * thread start-up included. Also checks that both give the same reports.
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createRunPool, runBatch } from '../sim/study/run-batch.ts';
import type { RunJob } from '../sim/study/run-job.ts';
import { planVariants, readScenario } from '../sim/study/run-plan.ts';
import { DEFAULT_MAX_EVENTS } from '../sim/run/run-scenario.ts';

const SCENARIO = fileURLToPath(new URL('../scenarios/steady-state.yaml', import.meta.url));
export const SEEDS_PARALLEL_SEEDS = 8;

const REPETITIONS = 5;

interface Timed {
  seconds: number;
  json: string;
}

function median(runs: readonly Timed[]): Timed {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)]!;
}

async function timed(run: () => Promise<{ report: unknown }[]>): Promise<Timed> {
  const start = performance.now();
  const runs = await run();
  const seconds = (performance.now() - start) / 1000;
  return { seconds, json: JSON.stringify(runs.map((r) => r.report)) };
}

export async function seedsParallelBenchmark(): Promise<object> {
  const jobs: RunJob[] = planVariants(readScenario(SCENARIO), {
    seeds: SEEDS_PARALLEL_SEEDS,
    maxEvents: DEFAULT_MAX_EVENTS,
    only: 'baseline',
  });
  const cold = await timed(() => runBatch(jobs, { workers: 2 }));

  await runBatch(jobs, { workers: 1 });
  const pool = createRunPool(2);
  try {
    await runBatch(jobs, { pool });
    // Alternate the two and keep each one's median: a noisy neighbour on a
    // shared 2-core machine then hits both sides alike.
    const serialRuns: Timed[] = [];
    const parallelRuns: Timed[] = [];
    for (let i = 0; i < REPETITIONS; i++) {
      serialRuns.push(await timed(() => runBatch(jobs, { workers: 1 })));
      parallelRuns.push(await timed(() => runBatch(jobs, { pool })));
    }
    const serial = median(serialRuns);
    const parallel = median(parallelRuns);
    return {
      seeds: SEEDS_PARALLEL_SEEDS,
      serialSeconds: serial.seconds,
      parallelSeconds: parallel.seconds,
      speedup: serial.seconds / parallel.seconds,
      coldParallelSeconds: cold.seconds,
      identical: [...serialRuns, ...parallelRuns].every((r) => r.json === cold.json),
    };
  } finally {
    await pool.destroy();
  }
}
