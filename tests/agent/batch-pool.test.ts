// Every agent's batches live in one pool whose slots are reused. A reused slot
// must never leak a previous batch's figures, and the state bits and the retry
// count share one field without disturbing each other: the agent's
// at-least-once accounting rests on both.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { BatchBit, BatchPool } from '../../sim/agent/batch-pool.ts';

interface ModelBatch {
  start: number;
  end: number;
  bytes: number;
  retries: number;
  bits: number;
  inFlight: number;
  sentAt: number;
  firstSent: number;
}

const BITS = [BatchBit.Done, BatchBit.BackingOff, BatchBit.RetryPending, BatchBit.Unlinked];

const op = fc.oneof(
  fc.record({ kind: fc.constant('alloc' as const), lines: fc.integer({ min: 1, max: 1000 }) }),
  fc.record({ kind: fc.constant('free' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('retry' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('bit' as const),
    pick: fc.nat(),
    bit: fc.constantFrom(...BITS),
    on: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('send' as const), pick: fc.nat(), id: fc.nat(), at: fc.nat() }),
);

describe('BatchPool', () => {
  test.prop([fc.array(op, { maxLength: 400 })])(
    'every live batch reads back what was written to it, however slots are reused',
    (ops) => {
      const pool = new BatchPool(2); // small: the slab grows under the test
      const model = new Map<number, ModelBatch>();
      let offset = 0;
      const pick = (n: number): number | undefined => [...model.keys()][n % Math.max(1, model.size)];
      for (const o of ops) {
        if (o.kind === 'alloc') {
          const b = pool.alloc(offset, offset + o.lines, o.lines * 10);
          expect(model.has(b)).toBe(false);
          model.set(b, {
            start: offset,
            end: offset + o.lines,
            bytes: o.lines * 10,
            retries: 0,
            bits: 0,
            inFlight: -1,
            sentAt: -1,
            firstSent: -1,
          });
          offset += o.lines;
          continue;
        }
        const b = pick(o.pick);
        if (b === undefined) continue;
        const m = model.get(b) as ModelBatch;
        if (o.kind === 'free') {
          pool.free(b);
          model.delete(b);
        } else if (o.kind === 'retry') {
          pool.addRetry(b);
          m.retries++;
        } else if (o.kind === 'bit') {
          pool.set(b, o.bit, o.on);
          m.bits = o.on ? m.bits | o.bit : m.bits & ~o.bit;
        } else {
          pool.setSent(b, o.id, o.at);
          if (m.firstSent < 0) pool.setFirstSentUs(b, o.at);
          if (m.firstSent < 0) m.firstSent = o.at;
          m.inFlight = o.id;
          m.sentAt = o.at;
        }
      }
      expect(pool.size).toBe(model.size);
      for (const [b, m] of model) {
        expect(pool.start(b)).toBe(m.start);
        expect(pool.end(b)).toBe(m.end);
        expect(pool.bytes(b)).toBe(m.bytes);
        expect(pool.retries(b)).toBe(m.retries);
        for (const bit of BITS) expect(pool.has(b, bit)).toBe((m.bits & bit) !== 0);
        expect(pool.inFlight(b)).toBe(m.inFlight);
        expect(pool.sentAtUs(b)).toBe(m.sentAt);
        expect(pool.firstSentUs(b)).toBe(m.firstSent);
      }
    },
  );

  test.prop([fc.integer({ min: 1, max: 50 })])('a freed slot is the next one handed out', (n) => {
    const pool = new BatchPool(1);
    const slots = Array.from({ length: n }, (_, k) => pool.alloc(k, k + 1, 1));
    expect(new Set(slots).size).toBe(n);
    const victim = slots[n >> 1] as number;
    pool.set(victim, BatchBit.RetryPending, true);
    pool.addRetry(victim);
    pool.free(victim);
    const again = pool.alloc(100, 105, 50);
    expect(again).toBe(victim);
    // Nothing of the previous occupant survives.
    expect(pool.retries(again)).toBe(0);
    expect(pool.has(again, BatchBit.Done | BatchBit.RetryPending)).toBe(false);
    expect(pool.inFlight(again)).toBe(-1);
  });
});
