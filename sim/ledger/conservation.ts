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
    // The lines written to the source's log, plus those a head sampler dropped before writing.
    const e = emittedBySource[s] ?? 0;
    emitted += e + ledger.lostBeforeWrite(s);
    const settledBeyond = ledger.settledIn(s, e, Number.MAX_SAFE_INTEGER);
    if (settledBeyond > 0) {
      violations.push(`${sourceName(s)}: ${settledBeyond} lines settled beyond the ${e} emitted`);
    }
    const heldRanges = mergeRanges(held(s));
    for (const [gs, ge] of ledger.unsettledGaps(s, 0, e)) {
      inFlight += overlapWith(heldRanges, gs, ge);
      for (const [ms, me] of uncovered(heldRanges, gs, ge)) {
        violations.push(
          `${sourceName(s)}: ${me - ms} lines in [${ms}, ${me}) are neither delivered, lost nor held by any component`,
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

/** Sub-ranges of [start, end) outside the merged ranges. */
function uncovered(merged: [number, number][], start: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  let cursor = start;
  for (const [s, e] of merged) {
    if (s >= end) break;
    if (e <= cursor) continue;
    if (s > cursor) out.push([cursor, s]);
    cursor = Math.max(cursor, e);
  }
  if (cursor < end) out.push([cursor, end]);
  return out;
}
