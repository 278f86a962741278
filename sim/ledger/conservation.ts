import type { LineLedger } from './line-ledger.ts';

/** What a component still holds of one source: offset ranges not yet settled by it. */
export type HeldRanges = (source: number) => [number, number][];

export interface ConservationResult {
  readonly ok: boolean;
  readonly emitted: number;
  readonly delivered: number;
  readonly lost: number;
  readonly inFlight: number;
  /** Human-readable descriptions of each violation (empty when ok). */
  readonly violations: string[];
}

/**
 * Checks `emitted = delivered + Σ lost + in flight`, where "in flight" is not
 * the residual but what the components still hold (unread file, buffer,
 * requests on the wire, backend pipeline). A line that is in none of the
 * three states vanished without a cause: that is a simulator bug.
 */
export function checkConservation(
  ledger: LineLedger,
  emittedBySource: readonly number[],
  held: HeldRanges,
  sourceName: (source: number) => string,
): ConservationResult {
  let emitted = 0;
  let inFlight = 0;
  const violations: string[] = [];
  for (let s = 0; s < ledger.sourceCount; s++) {
    const e = emittedBySource[s] ?? 0;
    emitted += e;
    const settledBeyond = ledger.settledIn(s, e, Number.MAX_SAFE_INTEGER);
    if (settledBeyond > 0) {
      violations.push(`${sourceName(s)}: ${settledBeyond} lines settled beyond the ${e} emitted`);
    }
    const heldRanges = mergeRanges(held(s));
    for (const [gs, ge] of ledger.unsettledGaps(s, 0, e)) {
      const covered = overlapWith(heldRanges, gs, ge);
      inFlight += covered;
      if (covered < ge - gs) {
        violations.push(
          `${sourceName(s)}: ${ge - gs - covered} lines in [${gs}, ${ge}) are neither delivered, lost nor held by any component`,
        );
      }
    }
  }
  const delivered = ledger.deliveredLines();
  const lost = ledger.lostLines();
  if (delivered + lost + inFlight !== emitted) {
    violations.push(`emitted ${emitted} ≠ delivered ${delivered} + lost ${lost} + in flight ${inFlight}`);
  }
  return { ok: violations.length === 0, emitted, delivered, lost, inFlight, violations };
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = ranges.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

function overlapWith(merged: [number, number][], start: number, end: number): number {
  let n = 0;
  for (const [s, e] of merged) {
    if (s >= end) break;
    if (e > start) n += Math.min(e, end) - Math.max(s, start);
  }
  return n;
}
