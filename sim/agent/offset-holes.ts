/**
 * Offsets of a source that no reader can ever get: lines a file rotation
 * deleted unread, lines a copytruncate or a full disk never let into a file,
 * lines an application queue dropped. They are already recorded lost; the
 * reader jumps over them, also when a restart makes it read a range again.
 * Kept as sorted disjoint [start, end) ranges; there are few of them.
 */
export class OffsetHoles {
  private readonly ranges: [number, number][] = [];

  /** Adds [start, end); returns the parts that were not holes yet (to be recorded lost). */
  add(start: number, end: number): [number, number][] {
    if (end <= start) return [];
    const fresh: [number, number][] = [];
    let cursor = start;
    for (const [s, e] of this.ranges) {
      if (e <= cursor) continue;
      if (s >= end) break;
      if (s > cursor) fresh.push([cursor, s]);
      cursor = Math.max(cursor, e);
      if (cursor >= end) break;
    }
    if (cursor < end) fresh.push([cursor, end]);
    // Merge [start, end) into the list.
    const merged: [number, number][] = [];
    let ns = start;
    let ne = end;
    let placed = false;
    for (const r of this.ranges) {
      if (r[1] < ns) merged.push(r);
      else if (r[0] > ne) {
        if (!placed) {
          merged.push([ns, ne]);
          placed = true;
        }
        merged.push(r);
      } else {
        ns = Math.min(ns, r[0]);
        ne = Math.max(ne, r[1]);
      }
    }
    if (!placed) merged.push([ns, ne]);
    this.ranges.length = 0;
    this.ranges.push(...merged);
    return fresh;
  }

  /** Where a reader at `offset` really is: the end of the hole holding it, or `offset` itself. */
  nextPresent(offset: number): number {
    // Indexed loops here and in nextStart: every read of every agent asks, most of them of no holes at all.
    const ranges = this.ranges;
    for (let k = 0; k < ranges.length; k++) {
      const [s, e] = ranges[k] as [number, number];
      if (s > offset) break;
      if (offset < e) return e;
    }
    return offset;
  }

  /** Start of the first hole after `offset` (Infinity if none): a read must stop there. */
  nextStart(offset: number): number {
    const ranges = this.ranges;
    for (let k = 0; k < ranges.length; k++) {
      const s = (ranges[k] as [number, number])[0];
      if (s > offset) return s;
    }
    return Infinity;
  }

  /** Lines of [start, end) that are holes. */
  overlap(start: number, end: number): number {
    let n = 0;
    for (const [s, e] of this.ranges) {
      if (s >= end) break;
      if (e > start) n += Math.min(e, end) - Math.max(s, start);
    }
    return n;
  }

  /** The offset after `count` non-hole lines from `offset` (skipping holes on the way). */
  advance(offset: number, count: number): number {
    let at = this.nextPresent(offset);
    let left = count;
    for (;;) {
      const next = this.nextStart(at);
      if (at + left <= next) return at + left;
      left -= next - at;
      at = this.nextPresent(next);
    }
  }

  /** Forgets holes that end at or before `offset`: nothing will read there again. */
  prune(offset: number): void {
    let n = 0;
    while (n < this.ranges.length && (this.ranges[n] as [number, number])[1] <= offset) n++;
    if (n > 0) this.ranges.splice(0, n);
  }
}
