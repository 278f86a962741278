import { keep } from '../engine/prefetch.ts';
import { IntervalSet } from './interval-set.ts';
import type { LossCause } from './loss-cause.ts';

/** One source of lines: the log of one service on one host cohort. Offsets count its lines from 0. */
export interface SourceId {
  readonly index: number;
  readonly name: string;
}

// An empty Map costs ~220 bytes; most sources never lose a line, and a fleet of 100k
// sources would pay that per source. Sources read this one until they need their own.
const NO_LOSSES: ReadonlyMap<LossCause, IntervalSet> = new Map();
// Likewise an empty delivered set, only ever read: a source delivered strictly in order keeps
// everything in its tail (below) and never needs a set of its own.
const NONE_DELIVERED = new IntervalSet();

// Sources the ledger's per-source arrays start with; they double as sources are added.
const INITIAL_SOURCES = 64;

/**
 * The line ledger: the final state of every emitted line, kept as offset
 * ranges per source. A line is delivered (the first delivery; later ones are
 * duplicates), lost with a named cause, or still in flight. A later delivery
 * of a line that was recorded lost (a replay after an agent restart re-reads
 * it) moves it back to delivered: the ledger keeps each line's final state.
 */
export class LineLedger {
  // Each source's book as two parallel arrays rather than an object per source (at 100k sources
  // a book object and an empty set cost ~100 bytes each): the delivered lines, beside the tail
  // below, and the lost lines by cause. Undefined until the source first needs one.
  private readonly deliveredSets: (IntervalSet | undefined)[] = [];
  private readonly lostMaps: (Map<LossCause, IntervalSet> | undefined)[] = [];
  private duplicateTotal = 0;
  /**
   * Lines lost before they had an offset — a head sampler dropped them at emit, so
   * they were never written — by source and cause: counts, as they have no range.
   */
  private readonly unaddressed = new Map<number, Map<LossCause, number>>();
  /**
   * The newest delivered range of each source, [tail[2s], tail[2s + 1]), kept out of its book
   * (empty when end ≤ start): an in-order delivery extends it here, in one shared array, instead
   * of reaching through the book to its interval set and that set's arrays (four dependent
   * cache misses per delivery at 100k sources). Invariant: every interval of the book's delivered
   * set ends before the tail starts, not adjacent to it; `deliveredSet` folds the tail back in
   * for anything else that reads the set, so results are those of the set alone.
   */
  private tail = new Float64Array(2 * INITIAL_SOURCES);
  /** 1 once a source's book has a loss Map: then deliveries must clear losses and take the slow path. */
  private hasLosses = new Uint8Array(INITIAL_SOURCES);

  /** Registers a source; its index must be the next free one. */
  addSource(source: SourceId): void {
    if (source.index !== this.deliveredSets.length)
      throw new Error(`source ${source.name} registered out of order`);
    if (source.index >= this.hasLosses.length) {
      const tail = new Float64Array(this.tail.length * 2);
      tail.set(this.tail);
      this.tail = tail;
      const hasLosses = new Uint8Array(this.hasLosses.length * 2);
      hasLosses.set(this.hasLosses);
      this.hasLosses = hasLosses;
    }
    this.deliveredSets.push(undefined);
    this.lostMaps.push(undefined);
  }

  private checkSource(source: number): void {
    if (!(source >= 0 && source < this.deliveredSets.length)) throw new Error(`unknown source ${source}`);
  }

  /** The source's delivered set as it stands (the tail not folded in); read only. */
  private setOf(source: number): IntervalSet {
    this.checkSource(source);
    return this.deliveredSets[source] ?? NONE_DELIVERED;
  }

  /** The source's own delivered set, created on first need: for writing. */
  private ownSet(source: number): IntervalSet {
    this.checkSource(source);
    let set = this.deliveredSets[source];
    if (set === undefined) this.deliveredSets[source] = set = new IntervalSet();
    return set;
  }

  private lossesOf(source: number): ReadonlyMap<LossCause, IntervalSet> {
    return this.lostMaps[source] ?? NO_LOSSES;
  }

  /**
   * The source's delivered set with the tail folded in: exact, for every reader but the fast
   * paths. Read only (it may be the shared empty set); writers take `ownSet` after it.
   */
  private deliveredSet(source: number): IntervalSet {
    const k = 2 * source;
    const ts = this.tail[k] as number;
    const te = this.tail[k + 1] as number;
    if (te > ts) {
      this.ownSet(source).add(ts, te); // an append: the set ends before the tail
      this.tail[k] = 0;
      this.tail[k + 1] = 0;
    }
    return this.setOf(source);
  }

  /** Records that lines [start, end) of a source are durable at the backend. Returns the new (non-duplicate) count. */
  deliver(source: number, start: number, end: number): number {
    if (end > start && source < this.deliveredSets.length && this.hasLosses[source] === 0) {
      // In order, with no losses to clear: the lines are all new, and only the tail changes.
      const tail = this.tail;
      const k = 2 * source;
      const te = tail[k + 1] as number;
      if (te > (tail[k] as number)) {
        if (start === te) {
          tail[k + 1] = end;
          return end - start;
        }
      } else {
        const set = this.setOf(source);
        const last = set.lastEnd();
        if (last <= start) {
          // The new range becomes the tail (taking the set's last interval along if adjacent).
          tail[k] = last === start ? set.popLast() : start;
          tail[k + 1] = end;
          return end - start;
        }
      }
    }
    this.deliveredSet(source);
    const fresh = this.ownSet(source).add(start, end);
    this.duplicateTotal += end - start - fresh;
    // Most sources never lose a line: skip the Map iterator (an allocation per delivery) for them.
    const lost = this.lossesOf(source);
    if (fresh > 0 && lost.size > 0) for (const set of lost.values()) set.remove(start, end);
    return fresh;
  }

  /** Loads what an in-order delivery to `source` reads (engine/prefetch.ts). */
  prefetch(source: number): void {
    if (source >= 0 && source < this.deliveredSets.length)
      keep((this.tail[2 * source] as number) + (this.hasLosses[source] as number));
  }

  /** Records lines [start, end) lost with a cause; lines already delivered stay delivered. Returns lines newly lost. */
  lose(source: number, start: number, end: number, cause: LossCause): number {
    if (end <= start) return 0;
    const delivered = this.deliveredSet(source);
    this.hasLosses[source] = 1;
    const set = this.lostSet(source, cause);
    const lost = this.lossesOf(source);
    let added = 0;
    for (const [s, e] of delivered.gaps(start, end)) {
      // A line has one final state: a newer loss replaces an older cause.
      for (const [other, otherSet] of lost) if (other !== cause) otherSet.remove(s, e);
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
    const moved = this.deliveredSet(source).overlap(start, end);
    if (moved === 0) return 0;
    const deliveredSet = this.ownSet(source); // not empty: it overlaps [start, end)
    const delivered = deliveredSet.intervals().filter(([s, e]) => e > start && s < end);
    deliveredSet.remove(start, end);
    this.hasLosses[source] = 1;
    const set = this.lostSet(source, cause);
    for (const [s, e] of delivered) {
      const a = Math.max(s, start);
      const b = Math.min(e, end);
      for (const other of this.lossesOf(source).values()) if (other !== set) other.remove(a, b);
      set.add(a, b);
    }
    return moved;
  }

  /** The parts of [start, end) not yet delivered: what a delivery of that range would add. */
  undeliveredGaps(source: number, start: number, end: number): [number, number][] {
    return this.deliveredSet(source).gaps(start, end);
  }

  /** Whether no line at or after `start` is delivered yet: the in-order case, where [start, end) is one gap. */
  noneDeliveredFrom(source: number, start: number): boolean {
    const k = 2 * source;
    const te = this.tail[k + 1] as number;
    if (te > (this.tail[k] as number)) return te <= start;
    return this.setOf(source).noneFrom(start);
  }

  isDelivered(source: number, offset: number): boolean {
    return this.deliveredSet(source).has(offset);
  }

  /** The cause a line was lost with, if it is lost. */
  lossCauseOf(source: number, offset: number): LossCause | undefined {
    this.checkSource(source);
    for (const [cause, set] of this.lossesOf(source)) if (set.has(offset)) return cause;
    return undefined;
  }

  get sourceCount(): number {
    return this.deliveredSets.length;
  }

  deliveredLines(source?: number): number {
    if (source !== undefined) return this.setOf(source).size + this.tailLines(source);
    let sum = 0;
    for (let s = 0; s < this.deliveredSets.length; s++)
      sum += (this.deliveredSets[s]?.size ?? 0) + this.tailLines(s);
    return sum;
  }

  private tailLines(source: number): number {
    return Math.max(0, (this.tail[2 * source + 1] as number) - (this.tail[2 * source] as number));
  }

  get duplicates(): number {
    return this.duplicateTotal;
  }

  /**
   * Lines of `source` lost with `cause` before they were ever written (no offset): the
   * running total so far, which only grows.
   */
  setLostBeforeWrite(source: number, cause: LossCause, lines: number): void {
    this.checkSource(source);
    let byCause = this.unaddressed.get(source);
    if (byCause === undefined) this.unaddressed.set(source, (byCause = new Map<LossCause, number>()));
    const before = byCause.get(cause) ?? 0;
    if (lines < before) throw new Error(`lines lost before write went back: ${before} → ${lines}`);
    if (lines > 0) byCause.set(cause, lines);
  }

  /** Lines of `source` lost before they were written (every cause). */
  lostBeforeWrite(source: number): number {
    let n = 0;
    for (const v of this.unaddressed.get(source)?.values() ?? []) n += v;
    return n;
  }

  /** Lost lines by cause, over all sources (causes with zero lines omitted), in a stable order. */
  lostByCause(): Map<LossCause, number> {
    const out = new Map<LossCause, number>();
    for (const lost of this.lostMaps) {
      if (lost === undefined) continue;
      for (const [cause, set] of lost) if (set.size > 0) out.set(cause, (out.get(cause) ?? 0) + set.size);
    }
    for (const byCause of this.unaddressed.values())
      for (const [cause, n] of byCause) out.set(cause, (out.get(cause) ?? 0) + n);
    return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  lostLines(source?: number): number {
    if (source !== undefined) this.checkSource(source);
    const maps = source === undefined ? this.lostMaps : [this.lostMaps[source]];
    let sum = 0;
    for (const lost of maps) if (lost !== undefined) for (const set of lost.values()) sum += set.size;
    if (source !== undefined) sum += this.lostBeforeWrite(source);
    else for (const s of this.unaddressed.keys()) sum += this.lostBeforeWrite(s);
    return sum;
  }

  /** Lines of [start, end) with a final state (delivered or lost). */
  settledIn(source: number, start: number, end: number): number {
    let n = this.deliveredSet(source).overlap(start, end);
    for (const set of this.lossesOf(source).values()) n += set.overlap(start, end);
    return n;
  }

  /** For the conservation check: the parts of [start, end) with no final state yet. */
  unsettledGaps(source: number, start: number, end: number): [number, number][] {
    let gaps = this.deliveredSet(source).gaps(start, end);
    for (const set of this.lossesOf(source).values()) gaps = gaps.flatMap(([s, e]) => set.gaps(s, e));
    return gaps;
  }

  /** The source's set of lines lost with `cause`, created (with the source's own Map) on first use. */
  private lostSet(source: number, cause: LossCause): IntervalSet {
    let lost = this.lostMaps[source];
    if (lost === undefined) this.lostMaps[source] = lost = new Map();
    let set = lost.get(cause);
    if (set === undefined) {
      set = new IntervalSet();
      lost.set(cause, set);
    }
    return set;
  }
}
