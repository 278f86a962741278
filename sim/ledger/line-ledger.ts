import { IntervalSet } from './interval-set.ts';
import type { LossCause } from './loss-cause.ts';

/** One source of lines: the log of one service on one host cohort. Offsets count its lines from 0. */
export interface SourceId {
  readonly index: number;
  readonly name: string;
}

interface SourceBook {
  readonly delivered: IntervalSet;
  /** Lost lines by cause; NO_LOSSES (shared, never written) until the source's first loss. */
  lost: Map<LossCause, IntervalSet>;
  duplicates: number;
}

// An empty Map costs ~220 bytes; most sources never lose a line, and a fleet of 100k
// sources would pay that per source. Books point here until they need their own.
const NO_LOSSES: ReadonlyMap<LossCause, IntervalSet> = new Map();

/**
 * The line ledger: the final state of every emitted line, kept as offset
 * ranges per source. A line is delivered (the first delivery; later ones are
 * duplicates), lost with a named cause, or still in flight. A later delivery
 * of a line that was recorded lost (a replay after an agent restart re-reads
 * it) moves it back to delivered: the ledger keeps each line's final state.
 */
export class LineLedger {
  private readonly books: SourceBook[] = [];
  private duplicateTotal = 0;

  /** Registers a source; its index must be the next free one. */
  addSource(source: SourceId): void {
    if (source.index !== this.books.length) throw new Error(`source ${source.name} registered out of order`);
    this.books.push({
      delivered: new IntervalSet(),
      lost: NO_LOSSES as Map<LossCause, IntervalSet>,
      duplicates: 0,
    });
  }

  private book(source: number): SourceBook {
    const b = this.books[source];
    if (b === undefined) throw new Error(`unknown source ${source}`);
    return b;
  }

  /** Records that lines [start, end) of a source are durable at the backend. Returns the new (non-duplicate) count. */
  deliver(source: number, start: number, end: number): number {
    const book = this.book(source);
    const fresh = book.delivered.add(start, end);
    const dup = end - start - fresh;
    if (dup > 0) {
      book.duplicates += dup;
      this.duplicateTotal += dup;
    }
    // Most books never lose a line: skip the Map iterator (an allocation per delivery) for them.
    if (fresh > 0 && book.lost.size > 0) for (const set of book.lost.values()) set.remove(start, end);
    return fresh;
  }

  /** Records lines [start, end) lost with a cause; lines already delivered stay delivered. Returns lines newly lost. */
  lose(source: number, start: number, end: number, cause: LossCause): number {
    if (end <= start) return 0;
    const book = this.book(source);
    const set = lostSet(book, cause);
    let added = 0;
    for (const [s, e] of book.delivered.gaps(start, end)) {
      // A line has one final state: a newer loss replaces an older cause.
      for (const [other, otherSet] of book.lost) if (other !== cause) otherSet.remove(s, e);
      added += set.add(s, e);
    }
    return added;
  }

  /**
   * Lines [start, end) that were delivered are gone after all (every replica
   * holding them crashed before they were flushed): they move from delivered
   * to lost with `cause`. Returns the lines moved.
   */
  retract(source: number, start: number, end: number, cause: LossCause): number {
    const book = this.book(source);
    const moved = book.delivered.overlap(start, end);
    if (moved === 0) return 0;
    const delivered = book.delivered.intervals().filter(([s, e]) => e > start && s < end);
    book.delivered.remove(start, end);
    const set = lostSet(book, cause);
    for (const [s, e] of delivered) {
      const a = Math.max(s, start);
      const b = Math.min(e, end);
      for (const other of book.lost.values()) if (other !== set) other.remove(a, b);
      set.add(a, b);
    }
    return moved;
  }

  /** The parts of [start, end) not yet delivered: what a delivery of that range would add. */
  undeliveredGaps(source: number, start: number, end: number): [number, number][] {
    return this.book(source).delivered.gaps(start, end);
  }

  /** Whether no line at or after `start` is delivered yet: the in-order case, where [start, end) is one gap. */
  noneDeliveredFrom(source: number, start: number): boolean {
    return this.book(source).delivered.noneFrom(start);
  }

  isDelivered(source: number, offset: number): boolean {
    return this.book(source).delivered.has(offset);
  }

  /** The cause a line was lost with, if it is lost. */
  lossCauseOf(source: number, offset: number): LossCause | undefined {
    for (const [cause, set] of this.book(source).lost) if (set.has(offset)) return cause;
    return undefined;
  }

  get sourceCount(): number {
    return this.books.length;
  }

  deliveredLines(source?: number): number {
    if (source !== undefined) return this.book(source).delivered.size;
    return this.books.reduce((sum, b) => sum + b.delivered.size, 0);
  }

  get duplicates(): number {
    return this.duplicateTotal;
  }

  /** Lost lines by cause, over all sources (causes with zero lines omitted), in a stable order. */
  lostByCause(): Map<LossCause, number> {
    const out = new Map<LossCause, number>();
    for (const book of this.books) {
      for (const [cause, set] of book.lost)
        if (set.size > 0) out.set(cause, (out.get(cause) ?? 0) + set.size);
    }
    return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  lostLines(source?: number): number {
    const books = source === undefined ? this.books : [this.book(source)];
    let sum = 0;
    for (const b of books) for (const set of b.lost.values()) sum += set.size;
    return sum;
  }

  /** Lines of [start, end) with a final state (delivered or lost). */
  settledIn(source: number, start: number, end: number): number {
    const book = this.book(source);
    let n = book.delivered.overlap(start, end);
    for (const set of book.lost.values()) n += set.overlap(start, end);
    return n;
  }

  /** For the conservation check: the parts of [start, end) with no final state yet. */
  unsettledGaps(source: number, start: number, end: number): [number, number][] {
    const book = this.book(source);
    let gaps = book.delivered.gaps(start, end);
    for (const set of book.lost.values()) gaps = gaps.flatMap(([s, e]) => set.gaps(s, e));
    return gaps;
  }
}

/** The book's set of lines lost with `cause`, created (with the book's own Map) on first use. */
function lostSet(book: SourceBook, cause: LossCause): IntervalSet {
  if (book.lost === NO_LOSSES) book.lost = new Map();
  let set = book.lost.get(cause);
  if (set === undefined) {
    set = new IntervalSet();
    book.lost.set(cause, set);
  }
  return set;
}
