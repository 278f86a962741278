import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { IntervalSet } from '../../sim/ledger/interval-set.ts';

// Model: a plain Set of integers over a small universe.
const op = fc.record({
  kind: fc.constantFrom('add', 'remove'),
  start: fc.integer({ min: 0, max: 60 }),
  len: fc.integer({ min: 0, max: 20 }),
});

describe('IntervalSet', () => {
  test.prop([fc.array(op, { maxLength: 40 })])('matches a set-of-integers model', (ops) => {
    const set = new IntervalSet();
    const model = new Set<number>();
    for (const { kind, start, len } of ops) {
      const end = start + len;
      let changed = 0;
      for (let x = start; x < end; x++) {
        if (kind === 'add' && !model.has(x)) {
          model.add(x);
          changed++;
        } else if (kind === 'remove' && model.has(x)) {
          model.delete(x);
          changed++;
        }
      }
      expect(kind === 'add' ? set.add(start, end) : set.remove(start, end)).toBe(changed);
      expect(set.size).toBe(model.size);
    }
    for (let x = 0; x < 90; x++) expect(set.has(x)).toBe(model.has(x));
    // Intervals are sorted, disjoint and non-adjacent.
    const iv = set.intervals();
    for (let i = 1; i < iv.length; i++) expect(iv[i]![0]).toBeGreaterThan(iv[i - 1]![1]);
    // gaps() and overlap() agree with the model.
    const gaps = set.gaps(10, 50).reduce((n, [s, e]) => n + e - s, 0);
    let missing = 0;
    for (let x = 10; x < 50; x++) if (!model.has(x)) missing++;
    expect(gaps).toBe(missing);
    expect(set.overlap(10, 50)).toBe(40 - missing);
  });
});
