/**
 * Runs independent jobs (scenario × variant × seed) on worker threads and
 * returns their results in job order, so a report is byte-identical whatever
 * the number of workers.
 *
 *   jobs ──▶ workers: 1 ──▶ import(jobModule) in this thread, run serially ──┐
 *        └─▶ workers: n ──▶ tinypool ──▶ bootstrap: register tsx,          ├─▶ results[i] = f(jobs[i])
 *                                         import(jobModule), run ────────────┘
 *
 * A job module is a .ts (or .js) file whose default export maps one job to
 * one result (sync or async). Jobs and results cross threads by structured
 * clone: plain data only, no functions or class instances. The job function
 * must depend on its input alone (no shared state between jobs), which the
 * simulator's one-seed-per-run design already requires.
 *
 * Why a bootstrap: worker threads start without the parent's module loader,
 * so under tsx (bin/sim.mjs) or vitest they cannot import .ts files. The
 * bootstrap is a tiny ES module passed to tinypool as a data: URL (no extra
 * file, nothing for the TypeScript linter to trip on); it registers tsx in
 * the worker and then imports the job module by URL.
 */
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';

/** Options of {@link runInWorkers}. */
export interface WorkerPoolOptions {
  /** Threads to use; 1 runs every job in this thread, in order. */
  workers: number;
  /** Called after each job finishes with the number finished so far (for progress; completion order, not job order). */
  onJobDone?: (done: number, total: number) => void;
}

/** The message a worker receives: which module to run, on which job. */
interface WorkerTask<TIn> {
  moduleUrl: string;
  job: TIn;
}

/** Shape of a job module's default export. */
type JobFunction<TIn, TOut> = (job: TIn) => TOut | Promise<TOut>;

/**
 * Source of the worker bootstrap. `tsxApiUrl` is absolute because a data: URL
 * module cannot resolve bare package names. Modules are cached per worker so
 * each is imported once, however many jobs the worker runs.
 */
function bootstrapSource(tsxApiUrl: string): string {
  return [
    `import { register } from ${JSON.stringify(tsxApiUrl)};`,
    'register();',
    'const modules = new Map();',
    'export default async function runTask(task) {',
    '  let loading = modules.get(task.moduleUrl);',
    '  if (loading === undefined) { loading = import(task.moduleUrl); modules.set(task.moduleUrl, loading); }',
    '  const mod = await loading;',
    "  if (typeof mod.default !== 'function') throw new TypeError(task.moduleUrl + ' must export a default function (job) => result');",
    '  return mod.default(task.job);',
    '}',
  ].join('\n');
}

function bootstrapUrl(): URL {
  const tsxApiUrl = import.meta.resolve('tsx/esm/api');
  return new URL(`data:text/javascript;charset=utf-8,${encodeURIComponent(bootstrapSource(tsxApiUrl))}`);
}

async function loadJobFunction<TIn, TOut>(moduleUrl: URL): Promise<JobFunction<TIn, TOut>> {
  // The module's shape is only known at run time; it is checked just below.
  const mod = (await import(moduleUrl.href)) as { default?: unknown };
  if (typeof mod.default !== 'function') {
    throw new TypeError(`${moduleUrl.href} must export a default function (job) => result`);
  }
  return mod.default as JobFunction<TIn, TOut>;
}

/**
 * Runs `jobs` through the default export of `workerModuleUrl` and resolves to
 * the results in the order of `jobs`. With `workers: 1` the module is imported
 * in this thread and the jobs run one after another; otherwise up to `workers`
 * threads run them concurrently. The first job to throw rejects the call (the
 * pool is shut down either way).
 */
export async function runInWorkers<TIn, TOut>(
  jobs: readonly TIn[],
  workerModuleUrl: URL,
  opts: WorkerPoolOptions,
): Promise<TOut[]> {
  checkArguments(workerModuleUrl, opts.workers);
  if (opts.workers === 1 || jobs.length <= 1) {
    const run = await loadJobFunction<TIn, TOut>(workerModuleUrl);
    const results: TOut[] = [];
    for (const job of jobs) {
      results.push(await run(job));
      opts.onJobDone?.(results.length, jobs.length);
    }
    return results;
  }
  const pool = createWorkerPool<TIn, TOut>(workerModuleUrl, { workers: Math.min(opts.workers, jobs.length) });
  try {
    return await pool.run(jobs, opts.onJobDone);
  } finally {
    await pool.destroy();
  }
}

function checkArguments(workerModuleUrl: URL, workers: number): void {
  if (!(Number.isInteger(workers) && workers >= 1)) {
    throw new RangeError(`workers must be a positive integer, got ${workers}`);
  }
  if (workerModuleUrl.protocol !== 'file:') {
    throw new RangeError(`job module must be a file: URL, got ${workerModuleUrl.href}`);
  }
  // Fail early, in this thread, with a plain error if the module is not there.
  fileURLToPath(workerModuleUrl);
}

/** A pool of worker threads kept between batches (see {@link createWorkerPool}). */
export interface WorkerPool<TIn, TOut> {
  /** Runs `jobs` and resolves to their results in job order. */
  run(jobs: readonly TIn[], onJobDone?: (done: number, total: number) => void): Promise<TOut[]>;
  /** Stops the threads. */
  destroy(): Promise<void>;
}

/**
 * A pool whose threads outlive one batch, for callers that run many batches
 * (benchmarks, sweeps): a thread pays for loading the job module and warming
 * the JIT once, not once per batch. Results come back in job order, so they
 * do not depend on the number of threads.
 */
export function createWorkerPool<TIn, TOut>(
  workerModuleUrl: URL,
  opts: { workers: number },
): WorkerPool<TIn, TOut> {
  checkArguments(workerModuleUrl, opts.workers);
  const pool = new Tinypool({
    filename: bootstrapUrl(),
    runtime: 'worker_threads',
    minThreads: opts.workers,
    maxThreads: opts.workers,
  });
  return {
    async run(jobs, onJobDone) {
      let done = 0;
      return Promise.all(
        jobs.map(async (job) => {
          const task: WorkerTask<TIn> = { moduleUrl: workerModuleUrl.href, job };
          // Tinypool types results as any; the job module's contract makes them TOut.
          const result = (await pool.run(task)) as TOut;
          done += 1;
          onJobDone?.(done, jobs.length);
          return result;
        }),
      );
    },
    destroy: () => pool.destroy(),
  };
}
