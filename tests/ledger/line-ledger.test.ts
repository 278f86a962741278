import { describe, expect, it } from 'vitest';
import { checkConservation } from '../../sim/ledger/conservation.ts';
import { LineLedger } from '../../sim/ledger/line-ledger.ts';

function ledgerWithOneSource(): LineLedger {
  const ledger = new LineLedger();
  ledger.addSource({ index: 0, name: 'api/hosts-0-0' });
  return ledger;
}

describe('LineLedger', () => {
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
