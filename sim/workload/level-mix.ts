/**
 * The level mix of a service's lines: how many lines of a push are debug,
 * info, warn and error, exactly and the same way for every backend (Loki
 * splits streams by it, Elasticsearch counts `level` terms by it).
 */

export type Level = 'debug' | 'info' | 'warn' | 'error';

/** The levels in their fixed order. */
export const LEVELS: readonly Level[] = ['debug', 'info', 'warn', 'error'];

/**
 * Lines per level: errors exactly (at least the needles, which are error
 * lines), the rest split among debug/info/warn by their shares with the
 * largest-remainder rule, ties to the earlier level.
 */
export function levelCounts(
  design: { readonly levels: Readonly<Record<Level, number>> },
  lines: number,
  errors: number,
  needles: number,
): Record<Level, number> {
  const error = Math.min(lines, Math.max(errors, needles));
  const rest = lines - error;
  const shares = [design.levels.debug, design.levels.info, design.levels.warn];
  const total = shares[0]! + shares[1]! + shares[2]!;
  const out: Record<Level, number> = { debug: 0, info: 0, warn: 0, error };
  if (rest === 0) return out;
  if (total <= 0) {
    out.info = rest;
    return out;
  }
  // Largest remainder without arrays (this runs for every push): remainders high to low, ties to the earlier level.
  const e0 = (rest * shares[0]!) / total;
  const e1 = (rest * shares[1]!) / total;
  const e2 = (rest * shares[2]!) / total;
  const floors = [Math.floor(e0), Math.floor(e1), Math.floor(e2)] as [number, number, number];
  const left = rest - floors[0] - floors[1] - floors[2];
  const r0 = e0 - floors[0];
  const r1 = e1 - floors[1];
  const r2 = e2 - floors[2];
  // The rank of each level in the order (remainder desc, index asc): 0 first.
  const rank0 = (r1 > r0 ? 1 : 0) + (r2 > r0 ? 1 : 0);
  const rank1 = (r0 >= r1 ? 1 : 0) + (r2 > r1 ? 1 : 0);
  const rank2 = (r0 >= r2 ? 1 : 0) + (r1 >= r2 ? 1 : 0);
  if (left > 0) {
    if (rank0 < left) floors[0]++;
    if (rank1 < left) floors[1]++;
    if (rank2 < left) floors[2]++;
  }
  out.debug = floors[0]!;
  out.info = floors[1]!;
  out.warn = floors[2]!;
  return out;
}
