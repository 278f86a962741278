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
});
