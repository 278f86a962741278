/**
 * Analytic oracle for the write path's quorum, 3p² − 2p³ (quorum.ts,
 * writeFailureProbability): when each ingester is down independently with
 * probability p, a stream's write fails when at least 2 of its 3 replicas
 * are down. The check goes through the real backend — ring tokens, replica
 * sets, quorum, the ingesters' answers — never through the formula.
 *
 * Set-up: N = 9 ingesters, S = 60 streams (one per source), T time slots of
 * 10 s. In each slot every ingester is cut off with probability p, drawn from
 * the seeded stream `test/ingester-down`; each stream pushes once mid-slot.
 * A push fails when the backend answers 503 (too few live replicas).
 *
 * Statistics: the pushes of one slot are NOT independent trials (the streams
 * share the slot's down set: a slot with 3 ingesters down fails many streams
 * at once), so a binomial interval over all T·S pushes would be too narrow.
 * Slots are independent and identically distributed, so the unit of sampling
 * is the slot: X_t = failed pushes in slot t ÷ S has mean exactly 3p² − 2p³
 * (each stream's 3 replicas are distinct ingesters, each down independently),
 * and by the central limit theorem the mean of T = 3000 slot shares lies
 * within 1.96 · s / √T of it with 95% probability, s being the sample
 * standard deviation of X_t. The seed is fixed, so the test is deterministic;
 * a change in placement or quorum logic that biases the share by more than
 * the interval fails it. With seed 11: p = 0.05 gives 0.00663 against
 * 0.00725 ± 0.00103; p = 0.2 gives 0.1015 against 0.1040 ± 0.0050.
 */
import { describe, expect, test } from 'vitest';
import { RandomStreams } from '../../sim/engine/rng.ts';
import { US_PER_SECOND } from '../../sim/engine/time.ts';
import type { LokiFault } from '../../sim/loki/loki-faults.ts';
import { writeFailureProbability } from '../../sim/loki/quorum.ts';
import { lokiHarness } from '../helpers/loki-backend-harness.ts';

const N = 9;
const S = 60;
const T = 3000;
const SLOT_US = 10 * US_PER_SECOND;

function slotShares(p: number, seed: number): number[] {
  const rng = new RandomStreams(seed).stream('test/ingester-down');
  const faults: LokiFault[] = [];
  for (let t = 0; t < T; t++) {
    const down: number[] = [];
    for (let i = 0; i < N; i++) if (rng.next() < p) down.push(i);
    if (down.length > 0)
      faults.push({
        kind: 'partition_ingesters',
        atUs: t * SLOT_US,
        untilUs: (t + 1) * SLOT_US,
        ingesters: down,
      });
  }
  const h = lokiHarness({ seed, ingesters: N, sources: S, faults });
  const shares: number[] = [];
  for (let t = 0; t < T; t++) {
    h.sim.run({ untilUs: t * SLOT_US + SLOT_US / 2 });
    let failed = 0;
    for (let s = 0; s < S; s++) {
      const answer = h.push(s);
      if (answer?.kind === 'retry' && answer.status === 503) failed++;
      else expect(answer).toEqual({ kind: 'ok' });
    }
    shares.push(failed / S);
  }
  return shares;
}

describe('write-failure share through the backend', () => {
  for (const p of [0.05, 0.2]) {
    test(`p = ${p}: the share of failed pushes is within the 95% CI of 3p² − 2p³`, () => {
      const shares = slotShares(p, 11);
      const mean = shares.reduce((a, b) => a + b, 0) / T;
      const variance = shares.reduce((a, x) => a + (x - mean) ** 2, 0) / (T - 1);
      const half = 1.96 * Math.sqrt(variance / T);
      const expected = writeFailureProbability(3, p);
      expect(expected).toBeCloseTo(3 * p ** 2 - 2 * p ** 3, 12);
      expect(Math.abs(mean - expected), `mean ${mean} vs ${expected} ± ${half}`).toBeLessThanOrEqual(half);
    });
  }
});
