/**
 * Wall-clock timing for benchmarks. Allowed here and nowhere under sim/: the
 * simulator runs on virtual time only.
 */
import { performance } from 'node:perf_hooks';

export interface Timed<T> {
  result: T;
  seconds: number;
}

/** Runs `fn` once and returns its result with the elapsed wall-clock seconds. */
export function timeOnce<T>(fn: () => T): Timed<T> {
  const start = performance.now();
  const result = fn();
  return { result, seconds: (performance.now() - start) / 1000 };
}

/**
 * Runs `fn` `repetitions` times (after `warmups` untimed runs, so the JIT has
 * compiled the hot loop) and returns the fastest run. On a shared machine
 * noise only ever adds time, so the minimum is the most repeatable estimate
 * of what the code itself costs.
 */
export function timeBest<T>(fn: () => T, repetitions: number, warmups = 1): Timed<T> {
  for (let i = 0; i < warmups; i++) fn();
  let best: Timed<T> | undefined;
  for (let i = 0; i < repetitions; i++) {
    const run = timeOnce(fn);
    if (best === undefined || run.seconds < best.seconds) best = run;
  }
  if (best === undefined) throw new RangeError('timeBest needs at least one repetition');
  return best;
}
