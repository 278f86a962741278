import { describe, expect, it } from 'vitest';
import { runInWorkers } from '../../sim/study/worker-pool.ts';
import type { SquareResult } from '../report/fixtures/square-describe.ts';

const square = new URL('../report/fixtures/square-job.ts', import.meta.url);
const thread = new URL('../report/fixtures/thread-job.ts', import.meta.url);
const failing = new URL('../report/fixtures/failing-job.ts', import.meta.url);
const jobs = Array.from({ length: 25 }, (_, n) => ({ n }));

describe('runInWorkers', () => {
  it('gives byte-identical results, in job order, on 1 and on 2 workers (a .ts job module)', async () => {
    const serial = await runInWorkers<{ n: number }, SquareResult>(jobs, square, { workers: 1 });
    const parallel = await runInWorkers<{ n: number }, SquareResult>(jobs, square, { workers: 2 });
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(serial));
    expect(serial.map((r) => r.n)).toEqual(jobs.map((j) => j.n));
    expect(serial[7]).toEqual({ n: 7, square: 49, text: '7^2=49' });
  });

  it('runs in this thread with 1 worker and on worker threads otherwise', async () => {
    type Where = { n: number; isMainThread: boolean; threadId: number };
    const serial = await runInWorkers<{ n: number }, Where>(jobs, thread, { workers: 1 });
    const parallel = await runInWorkers<{ n: number }, Where>(jobs, thread, { workers: 2 });
    expect(new Set(serial.map((r) => r.threadId)).size).toBe(1);
    expect(parallel.every((r) => r.threadId !== serial[0]!.threadId)).toBe(true);
    expect(new Set(parallel.map((r) => r.threadId)).size).toBeLessThanOrEqual(2);
    expect(parallel.map((r) => r.n)).toEqual(jobs.map((j) => j.n));
  });

  it('rejects with the job error either way', async () => {
    await expect(runInWorkers(jobs, failing, { workers: 1 })).rejects.toThrow(/job 3 failed on purpose/);
    await expect(runInWorkers(jobs, failing, { workers: 2 })).rejects.toThrow(/job 3 failed on purpose/);
  });

  it('handles no jobs and rejects bad options', async () => {
    expect(await runInWorkers([], square, { workers: 4 })).toEqual([]);
    await expect(runInWorkers(jobs, square, { workers: 0 })).rejects.toThrow(RangeError);
  });
});
