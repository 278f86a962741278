/**
 * Runs a plan's jobs, in parallel on worker threads or serially, and returns
 * the runs in job order, so everything built from them is byte-identical
 * whatever the number of workers.
 */
import { availableParallelism } from 'node:os';
import type { VariantRun } from '../report/comparison.ts';
import runJob, { rethrowJobError, type RunJob, type RunJobResult } from './run-job.ts';
import { createWorkerPool, runInWorkers, type WorkerPool } from './worker-pool.ts';

/** Options of {@link runBatch}. */
export interface BatchOptions {
  /** Worker threads; 1 runs every job in this thread. Default: the machine's available parallelism. */
  readonly workers?: number;
  /** Called after each run with runs done and total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Threads kept from an earlier batch ({@link createRunPool}); `workers` is then ignored. */
  readonly pool?: RunPool;
}

/** Worker threads that run simulation jobs, kept across batches. */
export type RunPool = WorkerPool<RunJob, RunJobResult>;

/** Starts `workers` threads for {@link runBatch}'s `pool` option; destroy it when done. */
export function createRunPool(workers: number): RunPool {
  return createWorkerPool<RunJob, RunJobResult>(JOB_MODULE, { workers });
}

/** The default number of workers: one per core the process may use. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

// The job module beside this one: run-job.ts under the sources, run-job.js in the build (dist/).
const JOB_MODULE = new URL(
  import.meta.url.endsWith('.ts') ? './run-job.ts' : './run-job.js',
  import.meta.url,
);

/** Runs every job; the first failed job's error is rethrown as its original class. */
export async function runBatch(jobs: readonly RunJob[], options: BatchOptions = {}): Promise<VariantRun[]> {
  const progress = options.onProgress;
  const lone = jobs.length === 1 ? jobs[0] : undefined;
  const results =
    lone !== undefined
      ? // A lone run stays in this thread and reports progress in virtual time (per mille).
        [runJob(lone, progress === undefined ? undefined : (f) => progress(Math.round(f * 1000), 1000))]
      : options.pool !== undefined
        ? await options.pool.run(jobs, progress)
        : await runInWorkers<RunJob, RunJobResult>(jobs, JOB_MODULE, {
            workers: options.workers ?? defaultWorkers(),
            ...(progress !== undefined ? { onJobDone: progress } : {}),
          });
  return results.map((result, i) => {
    if (!result.ok) rethrowJobError(result.error);
    const job = jobs[i];
    if (job === undefined) throw new RangeError(`no job for result ${i}`);
    return { variant: job.label, seed: job.seed, report: result.report };
  });
}
