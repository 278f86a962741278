import { describe, expect, it } from 'vitest';
import { meanCi95, studentT975 } from '../../sim/report/student-t.ts';

describe('Student t 0.975 quantiles', () => {
  it('match the table for small samples', () => {
    expect(studentT975(1)).toBe(12.706);
    expect(studentT975(4)).toBe(2.776);
    expect(studentT975(30)).toBe(2.042);
  });

  it('continue smoothly past the table (Cornish–Fisher) and tend to the normal 1.96', () => {
    // Reference values: t(0.975, 31) = 2.0395, t(0.975, 60) = 2.0003, t(0.975, 120) = 1.9799.
    expect(studentT975(31)).toBeCloseTo(2.0395, 3);
    expect(studentT975(60)).toBeCloseTo(2.0003, 3);
    expect(studentT975(120)).toBeCloseTo(1.9799, 3);
    expect(studentT975(1_000_000)).toBeCloseTo(1.96, 3);
    expect(studentT975(31)).toBeLessThan(studentT975(30));
  });

  it('rejects a non-integer or zero degrees of freedom', () => {
    expect(() => studentT975(0)).toThrow(RangeError);
    expect(() => studentT975(2.5)).toThrow(RangeError);
  });
});

describe('meanCi95', () => {
  it('is the textbook interval: mean ± t · s / √n', () => {
    const { mean, ci95, n } = meanCi95([1, 2, 3, 4, 5]);
    expect(n).toBe(5);
    expect(mean).toBe(3);
    expect(ci95).toBeCloseTo(2.776 * (Math.sqrt(2.5) / Math.sqrt(5)), 10);
  });

  it('has no interval for one value, and zero width for identical values', () => {
    expect(meanCi95([7]).ci95).toBeNull();
    expect(meanCi95([4, 4, 4]).ci95).toBe(0);
  });
});
