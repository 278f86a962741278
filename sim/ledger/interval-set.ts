/**
 * A set of integer offsets kept as sorted, disjoint, non-adjacent half-open
 * intervals [start, end). Line offsets within one source are assigned in
 * emission order and ship mostly in order, so a set usually holds a handful of
 * intervals however many lines it covers: duplicates and losses are computed
 * exactly on ranges, never per line.
 */
// An empty set reads these shared arrays and gets its own on its first add: a ledger
// of 100k sources holds 100k delivered sets, most of them empty or one interval long.
const NONE: number[] = [];
Object.freeze(NONE);

export class IntervalSet {
  /** Flat pairs: starts[i] < ends[i] <= starts[i+1]… kept in two arrays for cache-friendliness. */
  private starts: number[] = NONE;
  private ends: number[] = NONE;
  private total = 0;

  /** Number of offsets in the set. */
  get size(): number {
    return this.total;
  }

  get intervalCount(): number {
    return this.starts.length;
  }

  /** Index of the first interval whose end is > x (binary search). */
  private firstEndingAfter(x: number): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.ends[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Offsets of [start, end) already in the set. */
  overlap(start: number, end: number): number {
    if (end <= start) return 0;
    let covered = 0;
    for (let i = this.firstEndingAfter(start); i < this.starts.length; i++) {
      const s = this.starts[i] as number;
      if (s >= end) break;
      covered += Math.min(end, this.ends[i] as number) - Math.max(start, s);
    }
    return covered;
  }

  /** Adds [start, end); returns how many offsets were new. */
  add(start: number, end: number): number {
    if (end <= start) return 0;
    const before = this.total;
    // Fast path: appending at or after the last interval (the common, in-order case).
    const n = this.starts.length;
    if (n === 0) {
      // Exactly sized: most sets never hold a second interval.
      this.starts = [start];
      this.ends = [end];
      this.total += end - start;
      return end - start;
    }
    if (start > (this.ends[n - 1] as number)) {
      this.starts.push(start);
      this.ends.push(end);
      this.total += end - start;
      return end - start;
    }
    if (start === this.ends[n - 1]) {
      // Adjacent to the last interval (the next batch delivered in order): extend it in place,
      // without the merge's splices (each returns an array: an allocation per delivery).
      this.ends[n - 1] = end;
      this.total += end - start;
      return end - start;
    }
    // Merge every interval touching [start, end] into one.
    const i = this.firstEndingAfter(start - 1);
    let newStart = start;
    let newEnd = end;
    let j = i;
    let removed = 0;
    while (j < n && (this.starts[j] as number) <= end) {
      newStart = Math.min(newStart, this.starts[j] as number);
      newEnd = Math.max(newEnd, this.ends[j] as number);
      removed += (this.ends[j] as number) - (this.starts[j] as number);
      j++;
    }
    this.starts.splice(i, j - i, newStart);
    this.ends.splice(i, j - i, newEnd);
    this.total += newEnd - newStart - removed;
    return this.total - before;
  }

  /** Removes [start, end); returns how many offsets were removed. */
  remove(start: number, end: number): number {
    if (end <= start) return 0;
    const before = this.total;
    let i = this.firstEndingAfter(start);
    while (i < this.starts.length && (this.starts[i] as number) < end) {
      const s = this.starts[i] as number;
      const e = this.ends[i] as number;
      if (s < start && e > end) {
        // Split one interval in two.
        this.ends[i] = start;
        this.starts.splice(i + 1, 0, end);
        this.ends.splice(i + 1, 0, e);
        this.total -= end - start;
        break;
      }
      if (s < start) {
        this.ends[i] = start;
        this.total -= e - start;
        i++;
      } else if (e > end) {
        this.starts[i] = end;
        this.total -= end - s;
        break;
      } else {
        this.starts.splice(i, 1);
        this.ends.splice(i, 1);
        this.total -= e - s;
      }
    }
    return before - this.total;
  }

  /** The sub-intervals of [start, end) NOT in the set, in order. */
  gaps(start: number, end: number): [number, number][] {
    const out: [number, number][] = [];
    let cursor = start;
    for (let i = this.firstEndingAfter(start); i < this.starts.length && cursor < end; i++) {
      const s = this.starts[i] as number;
      if (s >= end) break;
      if (s > cursor) out.push([cursor, s]);
      cursor = Math.max(cursor, this.ends[i] as number);
    }
    if (cursor < end) out.push([cursor, end]);
    return out;
  }

  /**
   * Whether nothing at or after `x` is in the set: then the gaps of any [x, end) are the whole
   * range, which an in-order delivery can use without building the gaps array.
   */
  noneFrom(x: number): boolean {
    const n = this.ends.length;
    return n === 0 || (this.ends[n - 1] as number) <= x;
  }

  /** End of the last interval; −1 when the set is empty. */
  lastEnd(): number {
    const n = this.ends.length;
    return n === 0 ? -1 : (this.ends[n - 1] as number);
  }

  /** Removes the last interval (the set must not be empty) and returns its start. */
  popLast(): number {
    const start = this.starts.pop() as number;
    const end = this.ends.pop() as number;
    this.total -= end - start;
    return start;
  }

  /** Whether offset x is in the set. */
  has(x: number): boolean {
    const i = this.firstEndingAfter(x);
    return i < this.starts.length && (this.starts[i] as number) <= x;
  }

  /** The intervals, for checks and reports. */
  intervals(): [number, number][] {
    return this.starts.map((s, i) => [s, this.ends[i] as number]);
  }
}
