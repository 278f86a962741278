import { describe, expect, it } from 'vitest';
import { checkConservation } from '../../sim/ledger/conservation.ts';
import { IntervalSet } from '../../sim/ledger/interval-set.ts';
import { LineLedger } from '../../sim/ledger/line-ledger.ts';

function ledgerWithOneSource(): LineLedger {
  const ledger = new LineLedger();
  ledger.addSource({ index: 0, name: 'api/hosts-0-0' });
  return ledger;
}

describe('LineLedger', () => {
  it('keeps the in-order tail exact: deliveries in and out of order, losses and retractions agree with one interval set', () => {
    // A small deterministic generator (no Math.random in tests of determinism).
    let x = 12345;
    const next = (n: number): number => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x % n;
    };
    for (let round = 0; round < 50; round++) {
      const ledger = new LineLedger();
      for (let s = 0; s < 70; s++) ledger.addSource({ index: s, name: `s${s}` }); // past the arrays' first size
      const reference = new IntervalSet();
      const source = next(70);
      let cursor = 0;
      for (let op = 0; op < 40; op++) {
        const kind = op < 20 ? next(6) : next(10); // the first half without losses: the fast path
        if (kind < 6) {
          // Mostly in order, sometimes a gap or a replay of older lines.
          const start =
            next(4) === 0 ? Math.max(0, cursor - next(30)) : cursor + (next(3) === 0 ? next(10) : 0);
          const end = start + 1 + next(20);
          const fresh = end - start - reference.overlap(start, end);
          reference.add(start, end);
          expect(ledger.deliver(source, start, end)).toBe(fresh);
          cursor = Math.max(cursor, end);
        } else if (kind < 8) {
          const start = next(cursor + 10);
          ledger.lose(source, start, start + 1 + next(10), 'dropped_when_full');
        } else {
          const start = next(cursor + 10);
          const end = start + 1 + next(10);
          expect(ledger.retract(source, start, end, 'lost_ingester_crash')).toBe(
            reference.overlap(start, end),
          );
          reference.remove(start, end);
        }
        expect(ledger.deliveredLines(source)).toBe(reference.size);
        expect(ledger.deliveredLines()).toBe(reference.size);
        const probe = next(cursor + 5);
        expect(ledger.isDelivered(source, probe)).toBe(reference.has(probe));
        expect(ledger.undeliveredGaps(source, 0, cursor + 5)).toEqual(reference.gaps(0, cursor + 5));
      }
    }
  });

  it('counts a second delivery of the same lines as duplicates, exactly', () => {
    const ledger = ledgerWithOneSource();
    expect(ledger.deliver(0, 0, 100)).toBe(100);
    expect(ledger.deliver(0, 50, 150)).toBe(50);
    expect(ledger.duplicates).toBe(50);
    expect(ledger.deliveredLines()).toBe(150);
  });

  it('never records a delivered line as lost', () => {
    const ledger = ledgerWithOneSource();
    ledger.deliver(0, 0, 10);
    expect(ledger.lose(0, 5, 20, 'retry_exhausted')).toBe(10);
    expect(ledger.lostByCause().get('retry_exhausted')).toBe(10);
  });

  it('moves a lost line back to delivered when a replay delivers it', () => {
    const ledger = ledgerWithOneSource();
    ledger.lose(0, 0, 10, 'agent_crash_unacked');
    ledger.deliver(0, 0, 4);
    expect(ledger.lostLines()).toBe(6);
    expect(ledger.deliveredLines()).toBe(4);
    expect(ledger.duplicates).toBe(0);
  });

  it('keeps one cause per line: the latest', () => {
    const ledger = ledgerWithOneSource();
    ledger.lose(0, 0, 10, 'dropped_when_full');
    ledger.lose(0, 5, 10, 'rotated_before_read');
    expect(Object.fromEntries(ledger.lostByCause())).toEqual({
      dropped_when_full: 5,
      rotated_before_read: 5,
    });
  });
});

describe('checkConservation', () => {
  it('holds when every line is delivered, lost or held', () => {
    const ledger = ledgerWithOneSource();
    ledger.deliver(0, 0, 60);
    ledger.lose(0, 60, 70, 'dropped_when_full');
    const r = checkConservation(
      ledger,
      [100],
      () => [[70, 100]],
      () => 'src',
    );
    expect(r).toMatchObject({ ok: true, emitted: 100, delivered: 60, lost: 10, inFlight: 30 });
  });

  it('names lines that vanished without a cause', () => {
    const ledger = ledgerWithOneSource();
    ledger.deliver(0, 0, 60);
    const r = checkConservation(
      ledger,
      [100],
      () => [[80, 100]],
      () => 'api/hosts-0-0',
    );
    expect(r.ok).toBe(false);
    expect(r.violations.join('\n')).toContain('20 lines in [60, 80) are neither delivered, lost nor held');
  });

  it('flags deliveries beyond what was emitted', () => {
    const ledger = ledgerWithOneSource();
    ledger.deliver(0, 0, 120);
    const r = checkConservation(
      ledger,
      [100],
      () => [],
      () => 'src',
    );
    expect(r.ok).toBe(false);
  });
});

describe('LineLedger.retract', () => {
  it('moves delivered lines to lost, leaving undelivered ones alone', () => {
    const ledger = ledgerWithOneSource();
    ledger.deliver(0, 0, 50);
    expect(ledger.retract(0, 40, 80, 'lost_ingester_crash')).toBe(10);
    expect(ledger.deliveredLines()).toBe(40);
    expect(Object.fromEntries(ledger.lostByCause())).toEqual({ lost_ingester_crash: 10 });
  });
});
