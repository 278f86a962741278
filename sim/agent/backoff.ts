import type { RandomStream } from '../engine/rng.ts';
import type { Jitter } from './agent-config.ts';

/**
 * Delay before retry number `retry` (0 for the first retry): exponential from
 * `minUs`, doubling, capped at `maxUs`, then randomised. `full` draws in
 * [0, d]; `equal` in [d/2, d]; `none` is d itself.
 */
export function backoffUs(
  retry: number,
  minUs: number,
  maxUs: number,
  jitter: Jitter,
  rng: RandomStream,
): number {
  const d = Math.min(maxUs, minUs * Math.pow(2, Math.min(retry, 52)));
  switch (jitter) {
    case 'none':
      return d;
    case 'full':
      return Math.round(rng.next() * d);
    case 'equal':
      return Math.round(d / 2 + (rng.next() * d) / 2);
  }
}
