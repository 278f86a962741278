import { describe, expect, test } from 'vitest';
import { RandomStreams } from '../../sim/engine/rng.ts';
import { quorumFor, writeFailureProbability, writeOutcome } from '../../sim/loki/quorum.ts';

describe('write quorum', () => {
  test('floor(rf/2)+1', () => {
    expect([1, 2, 3, 4, 5].map(quorumFor)).toEqual([1, 2, 2, 3, 3]);
  });

  test('2 of 3 acknowledges; 1 of 3 does not; skipped replicas count as failures', () => {
    expect(writeOutcome([true, true, false]).acknowledged).toBe(true);
    expect(writeOutcome([true, false, false]).acknowledged).toBe(false);
    // One replica unhealthy and not tried: 2 tried, set size 3, both must succeed.
    expect(writeOutcome([true, true], 3)).toEqual({
      acknowledged: true,
      successes: 2,
      failures: 1,
      required: 2,
    });
    expect(writeOutcome([true, false], 3).acknowledged).toBe(false);
  });

  test('RF=3 quorum 2: the binomial tail is 3p² − 2p³', () => {
    for (const p of [0, 0.01, 0.1, 0.3, 0.5, 0.9, 1]) {
      expect(writeFailureProbability(3, p)).toBeCloseTo(3 * p ** 2 - 2 * p ** 3, 12);
    }
  });

  test('the analytic failure probability lies in the 99% confidence interval of a seeded Monte Carlo', () => {
    const rng = new RandomStreams(2024).stream('test/quorum');
    const trials = 200_000;
    for (const rf of [3, 5]) {
      for (const p of [0.05, 0.2, 0.5]) {
        const q = quorumFor(rf);
        let failed = 0;
        for (let t = 0; t < trials; t++) {
          let down = 0;
          for (let r = 0; r < rf; r++) if (rng.next() < p) down++;
          if (rf - down < q) failed++;
        }
        const expected = writeFailureProbability(rf, p);
        const halfWidth = 2.576 * Math.sqrt((expected * (1 - expected)) / trials); // z(0.995) = 2.576
        expect(Math.abs(failed / trials - expected), `rf=${rf} p=${p}`).toBeLessThanOrEqual(halfWidth);
      }
    }
  });
});
