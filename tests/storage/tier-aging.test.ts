// Storage aging at a coarse step: the closed-form GB-months of a steady flow through tiers
// agree with a day-by-day sum, and the ramp reaches the steady state at the retention.
import { describe, expect, it } from 'vitest';
import { US_PER_DAY, US_PER_HOUR } from '../../sim/engine/time.ts';
import {
  monthsToSteadyState,
  steadyMonthUse,
  tierUseBetween,
  type AgedTier,
} from '../../sim/storage/tier-aging.ts';
import { BYTES_PER_GB, MONTH_US } from '../../sim/storage/usage.ts';

const tiers: AgedTier[] = [
  { medium: 's3-standard', fromUs: 0, toUs: 30 * US_PER_DAY, minStorageDurationUs: 0 },
  {
    medium: 's3-glacier-instant',
    fromUs: 30 * US_PER_DAY,
    toUs: 60 * US_PER_DAY,
    minStorageDurationUs: 90 * US_PER_DAY,
  },
];
const flow = { bytesPerUs: BYTES_PER_GB / US_PER_DAY, objectsPerUs: 100 / US_PER_DAY }; // 1 GiB a day

/** Σ over hourly steps of the bytes each tier holds mid-step: the numeric yardstick. */
function steppedGbMonths(t0Us: number, t1Us: number): number[] {
  const out = tiers.map(() => 0);
  for (let t = t0Us + US_PER_HOUR / 2; t < t1Us; t += US_PER_HOUR) {
    tiers.forEach((tier, i) => {
      const held = flow.bytesPerUs * Math.min(Math.max(t - tier.fromUs, 0), tier.toUs - tier.fromUs);
      out[i] = (out[i] ?? 0) + (held * US_PER_HOUR) / BYTES_PER_GB / MONTH_US;
    });
  }
  return out;
}

describe('tier aging', () => {
  it('holds rate × residence in each tier once full', () => {
    const [standard, glacier] = steadyMonthUse(tiers, flow);
    expect(standard?.gbMonths).toBeCloseTo(30, 9);
    expect(glacier?.gbMonths).toBeCloseTo(30, 9);
  });

  it('integrates the ramp exactly: the closed form agrees with an hourly sum', () => {
    for (let m = 0; m < 4; m++) {
      const exact = tierUseBetween(tiers, flow, m * MONTH_US, (m + 1) * MONTH_US).map((u) => u.gbMonths);
      const stepped = steppedGbMonths(m * MONTH_US, (m + 1) * MONTH_US);
      exact.forEach((x, i) => expect(x).toBeCloseTo(stepped[i] ?? NaN, 6));
    }
  });

  it('charges early deletion for the days short of the minimum, and counts transitions in', () => {
    const [standard, glacier] = steadyMonthUse(tiers, flow);
    expect(standard?.earlyDeletionGbMonths).toBe(0);
    // 30 of 90 days: 60 days × 1 GiB/day charged as if stored.
    expect(glacier?.earlyDeletionGbMonths).toBeCloseTo(60, 9);
    expect(standard?.transitionsIn).toBe(0);
    expect(glacier?.transitionsIn).toBeCloseTo((100 * MONTH_US) / US_PER_DAY, 6);
  });

  it('reaches the steady state in the month the oldest tier fills', () => {
    expect(monthsToSteadyState(tiers)).toBe(2);
    expect(monthsToSteadyState([{ ...tiers[0]!, toUs: 400 * US_PER_DAY }])).toBe(14);
  });
});
