import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { LogHistogram } from '../../sim/ledger/histogram.ts';

describe('LogHistogram', () => {
  it('gives quantiles within 1% of the exact ones, with weights', () => {
    const h = new LogHistogram();
    const values: number[] = [];
    for (let i = 1; i <= 10_000; i++) {
      h.add(i * 37, 2);
      values.push(i * 37, i * 37);
    }
    values.sort((a, b) => a - b);
    for (const q of [0.01, 0.5, 0.9, 0.99]) {
      const exact = values[Math.ceil(q * values.length) - 1]!;
      expect(Math.abs(h.quantile(q) - exact) / exact).toBeLessThan(0.01);
    }
    expect(h.max).toBe(370_000);
    expect(h.count).toBe(20_000);
  });

  test.prop([
    fc.array(fc.tuple(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.integer({ min: -2, max: 50 })), {
      maxLength: 60,
    }),
  ])('addToBoth leaves each histogram as its own add would', (samples) => {
    const [a, b, refA, refB] = [
      new LogHistogram(),
      new LogHistogram(),
      new LogHistogram(),
      new LogHistogram(),
    ];
    refB.add(3, 1); // the two need not start alike
    b.add(3, 1);
    for (const [value, count] of samples) {
      LogHistogram.addToBoth(a, b, value, count);
      refA.add(value, count);
      refB.add(value, count);
    }
    for (const [h, ref] of [
      [a, refA],
      [b, refB],
    ] as const) {
      expect([h.count, h.min, h.max, h.mean]).toEqual([ref.count, ref.min, ref.max, ref.mean]);
      for (const q of [0, 0.1, 0.5, 0.99, 1]) expect(h.quantile(q)).toBe(ref.quantile(q));
    }
  });

  it('refuses a negative or NaN value, into one histogram or two', () => {
    const [a, b] = [new LogHistogram(), new LogHistogram()];
    expect(() => a.add(-1)).toThrow(RangeError);
    expect(() => LogHistogram.addToBoth(a, b, Number.NaN, 1)).toThrow(RangeError);
    expect(a.count + b.count).toBe(0);
  });
});
