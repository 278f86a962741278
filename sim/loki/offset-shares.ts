/**
 * The ledger convention for Loki pushes: how a stream's share of a request
 * maps to offsets, so partial acceptances stay exact on offset ranges.
 *
 * A request carries lines [start, end) of one source. Its needles keep their
 * own offsets (their fate is decided one by one). The remaining ("plain")
 * offsets are dealt out CONTIGUOUSLY to the request's stream parts in plan
 * order: part 0 owns the first plainLines of them, part 1 the next, and so on.
 * In reality a stream's lines are interleaved with the others'; the mapping is
 * a bijection chosen for exactness, and it is fixed, so a retry of the same
 * range maps the same way.
 *
 * Within a share, rejected lines are taken from the FRONT for reasons that
 * refuse the oldest entries (out-of-order window, too old) and from the BACK
 * for the others (rate limits refuse the last lines of a push; a stream limit
 * refuses the lines bound for the newest streams).
 */

/** Offset ranges [start, end), sorted and disjoint. */
export type Ranges = [number, number][];

/** Deals the plain offsets of [start, end) minus `needles` out to parts of the given sizes. */
export function dealShares(
  start: number,
  end: number,
  needles: readonly number[],
  sizes: readonly number[],
): Ranges[] {
  const skip = needles.length === 0 ? needles : [...needles].sort((a, b) => a - b);
  const out: Ranges[] = [];
  let cursor = start;
  let ni = 0;
  for (const size of sizes) {
    const ranges: Ranges = [];
    let want = size;
    while (want > 0 && cursor < end) {
      while (ni < skip.length && (skip[ni] as number) < cursor) ni++;
      if (ni < skip.length && skip[ni] === cursor) {
        cursor++;
        ni++;
        continue;
      }
      const stop = Math.min(end, ni < skip.length ? (skip[ni] as number) : end, cursor + want);
      ranges.push([cursor, stop]);
      want -= stop - cursor;
      cursor = stop;
    }
    if (want > 0) throw new Error(`share of ${size} lines does not fit in [${start}, ${end})`);
    out.push(ranges);
  }
  return out;
}

/** The first `k` lines of a share. */
export function firstLines(ranges: Ranges, k: number): Ranges {
  const out: Ranges = [];
  let left = k;
  for (const [s, e] of ranges) {
    if (left <= 0) break;
    const n = Math.min(left, e - s);
    out.push([s, s + n]);
    left -= n;
  }
  return out;
}

/** The last `k` lines of a share. */
export function lastLines(ranges: Ranges, k: number): Ranges {
  const out: Ranges = [];
  let left = k;
  for (let i = ranges.length - 1; i >= 0 && left > 0; i--) {
    const [s, e] = ranges[i] as [number, number];
    const n = Math.min(left, e - s);
    out.unshift([e - n, e]);
    left -= n;
  }
  return out;
}

/** The share without its first `front` and last `back` lines. */
export function middleLines(ranges: Ranges, front: number, back: number): Ranges {
  const total = countLines(ranges);
  const keep = Math.max(0, total - front - back);
  return firstLines(lastLines(ranges, total - front), keep);
}

/** Lines in a share. */
export function countLines(ranges: Ranges): number {
  let n = 0;
  for (const [s, e] of ranges) n += e - s;
  return n;
}
