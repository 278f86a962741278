/**
 * An aggregate batch of log entries for one stream (DESIGN.md principle 4):
 * counts, not lines. Lines that matter on their own (a needle a query looks
 * for, an error) are carried explicitly by their timestamps, so a split
 * decides their fate exactly while the rest is split proportionally.
 *
 * Within a batch, lines are assumed evenly spaced in time from `minTsUs` to
 * `maxTsUs` and of equal size (bytes ÷ lines). A workload that needs exact
 * per-line outcomes for unusual lines (e.g. oversized ones) sends them in a
 * batch of their own.
 */

/** Entries for one stream. Timestamps are entry (event) times in µs. */
export interface EntryBatch {
  readonly lines: number;
  readonly bytes: number;
  readonly minTsUs: number;
  readonly maxTsUs: number;
  /** Timestamps (µs) of lines that matter on their own; each is also counted in `lines`. */
  readonly needles?: readonly number[];
}

/** Lines and bytes with a reason or a fate, and the needles among them. */
export interface LineTally {
  lines: number;
  bytes: number;
  needles: number[];
}

/** An empty tally. */
export function emptyTally(): LineTally {
  return { lines: 0, bytes: 0, needles: [] };
}

/** Adds a batch to a tally. */
export function addToTally(tally: LineTally, batch: EntryBatch | undefined): void {
  if (batch === undefined) return;
  tally.lines += batch.lines;
  tally.bytes += batch.bytes;
  if (batch.needles !== undefined) for (const n of batch.needles) tally.needles.push(n);
}

/** Timestamp of line `i` (0-based) under even spacing. */
export function lineTsUs(batch: EntryBatch, i: number): number {
  if (batch.lines <= 1) return batch.minTsUs;
  return batch.minTsUs + Math.floor(((batch.maxTsUs - batch.minTsUs) * i) / (batch.lines - 1));
}

/** Splits into lines older than `cutTsUs` and lines at or after it. Either side may be undefined. */
export function splitBatchAtTs(
  batch: EntryBatch,
  cutTsUs: number,
): [EntryBatch | undefined, EntryBatch | undefined] {
  if (cutTsUs <= batch.minTsUs) return [undefined, batch];
  if (cutTsUs > batch.maxTsUs) return [batch, undefined];
  // Evenly spaced lines strictly before the cut.
  const span = batch.maxTsUs - batch.minTsUs;
  const before = batch.lines <= 1 ? 0 : Math.ceil(((cutTsUs - batch.minTsUs) * (batch.lines - 1)) / span);
  return splitWhere(batch, Math.min(before, batch.lines), (ts) => ts < cutTsUs);
}

/** Splits into the first `k` lines (in time order) and the rest. */
export function splitBatchByLines(
  batch: EntryBatch,
  k: number,
): [EntryBatch | undefined, EntryBatch | undefined] {
  if (k <= 0) return [undefined, batch];
  if (k >= batch.lines) return [batch, undefined];
  const cut = lineTsUs(batch, k);
  return splitWhere(batch, k, (ts) => ts < cut);
}

function splitWhere(
  batch: EntryBatch,
  linesFirst: number,
  inFirst: (tsUs: number) => boolean,
): [EntryBatch | undefined, EntryBatch | undefined] {
  const needlesFirst: number[] = [];
  const needlesRest: number[] = [];
  for (const n of batch.needles ?? []) (inFirst(n) ? needlesFirst : needlesRest).push(n);
  // Each side must hold at least its needles; the interval is never empty
  // because needles are a subset of the lines.
  const k = Math.min(Math.max(linesFirst, needlesFirst.length), batch.lines - needlesRest.length);
  if (k === 0) return [undefined, batch];
  if (k === batch.lines) return [batch, undefined];
  const bytesFirst = Math.round((batch.bytes * k) / batch.lines);
  const firstMax = Math.max(lineTsUs(batch, k - 1), ...needlesFirst);
  const restMin = Math.min(lineTsUs(batch, k), ...needlesRest);
  const first: EntryBatch = withNeedles(
    { lines: k, bytes: bytesFirst, minTsUs: batch.minTsUs, maxTsUs: Math.min(firstMax, batch.maxTsUs) },
    needlesFirst,
  );
  const rest: EntryBatch = withNeedles(
    {
      lines: batch.lines - k,
      bytes: batch.bytes - bytesFirst,
      minTsUs: Math.max(restMin, batch.minTsUs),
      maxTsUs: batch.maxTsUs,
    },
    needlesRest,
  );
  return [first, rest];
}

function withNeedles(batch: EntryBatch, needles: number[]): EntryBatch {
  return needles.length > 0 ? { ...batch, needles } : batch;
}
