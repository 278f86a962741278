/**
 * One index of the cluster (a daily index, or a backing index of a data
 * stream) as the search path sees it: per shard, how many documents of each
 * service it holds at each @timestamp, their levels, their bytes, and the
 * needle documents by offset (decisions 05, 05a).
 *
 * Counts, not documents (DESIGN principle 4): a shard's part of a bulk adds
 * its documents to @timestamp buckets, spread evenly over the bulk's emit
 * span; levels are kept as totals per shard and service, so a `level` term
 * is that service's level share of the documents in range. Needles ride by
 * offset, exactly: a needle query finds its needle only if this index
 * accepted the document that holds it.
 *
 * Documents routed by _id spread evenly over the shards; they are counted
 * once, in a row of their own ({@link BackingIndex.spread}), and each shard
 * reads its 1/S of that row beside what landed on it alone.
 */
import { LEVELS as LEVEL_ORDER, type Level } from '../workload/level-mix.ts';

/** One needle document: which line it is, where it lives, and when a search can first see it. */
export interface IndexedNeedle {
  readonly tsUs: number;
  readonly shard: number;
  readonly service: number;
  readonly source: number;
  readonly offset: number;
  /** The first refresh after it was acknowledged. */
  readonly searchableAtUs: number;
}

/** Documents a search term set selects in one shard, over a range. */
export interface ShardSelection {
  /** Documents of the selected services (and levels) with @timestamp in range. */
  readonly docs: number;
  /** Raw bytes of those documents (what their _source holds, uncompressed). */
  readonly rawBytes: number;
}

export class BackingIndex {
  /** Oldest and newest @timestamp held (µs); Infinity / −Infinity while empty. */
  minTsUs = Infinity;
  maxTsUs = -Infinity;
  docs = 0;
  /** Bytes of one copy of each shard (index structures + _source); the last row is the spread one. */
  private readonly shardBytes: Float64Array;
  /** Per (shard, service, level): documents. */
  private readonly levelDocs: Float64Array;
  /** Per (shard, service): raw bytes, for the mean document size. */
  private readonly rawBytes: Float64Array;
  /** @timestamp bucket → documents per (shard, service). */
  private readonly buckets = new Map<number, Float64Array>();
  private lastBucket = NaN;
  private lastRow: Float64Array | undefined;
  /** Per shard: its needle documents in ack order (so `searchableAtUs` never decreases). */
  private readonly needleLists: IndexedNeedle[][];

  constructor(
    readonly name: string,
    /** Creation order in the series, 0 first. */
    readonly ordinal: number,
    readonly createdAtUs: number,
    readonly shards: number,
    private readonly services: number,
    private readonly bucketUs: number,
  ) {
    const rows = shards + 1;
    this.shardBytes = new Float64Array(rows);
    this.levelDocs = new Float64Array(rows * services * LEVEL_ORDER.length);
    this.rawBytes = new Float64Array(rows * services);
    this.needleLists = Array.from({ length: shards }, () => []);
  }

  /** Primary bytes of the whole index (one copy of each shard). */
  get primaryBytes(): number {
    let sum = 0;
    for (const b of this.shardBytes) sum += b;
    return sum;
  }

  /** The row that stands for every shard evenly: pass it as `shard` to {@link add} a spread bulk. */
  get spread(): number {
    return this.shards;
  }

  /** The largest shard's bytes (what a size-based rollover watches). */
  get largestShardBytes(): number {
    let max = 0;
    for (let s = 0; s < this.shards; s++) max = Math.max(max, this.shardBytes[s] as number);
    return max + (this.shardBytes[this.shards] as number) / this.shards;
  }

  /** What `shard` holds in a per-(row, service) array: its own cell plus its share of the spread row's. */
  private cellOf(array: Float64Array, shard: number, service: number, width = 1, at = 0): number {
    const own = array[(shard * this.services + service) * width + at] as number;
    const spread = array[(this.shards * this.services + service) * width + at] as number;
    return own + spread / this.shards;
  }

  /**
   * `docs` documents of `service` land on `shard`, @timestamps spread evenly
   * over [minTsUs, maxTsUs], `levelShare` of `levels` per level (a bulk's
   * counts, this part's share of them), `raw` raw bytes and `stored` bytes on
   * disk per copy. `shard` {@link spread}: over every shard evenly. `sign`
   * −1 takes them back (a translog loss).
   */
  add(
    shard: number,
    service: number,
    docs: number,
    levels: Readonly<Record<Level, number>>,
    levelShare: number,
    raw: number,
    stored: number,
    minTsUs: number,
    maxTsUs: number,
    sign: 1 | -1 = 1,
  ): void {
    if (docs <= 0) return;
    const cell = shard * this.services + service;
    this.docs += sign * docs;
    this.shardBytes[shard]! += sign * stored;
    this.rawBytes[cell]! += sign * raw;
    for (let l = 0; l < LEVEL_ORDER.length; l++)
      this.levelDocs[cell * LEVEL_ORDER.length + l]! += sign * levelShare * levels[LEVEL_ORDER[l] as Level];
    if (sign > 0) {
      this.minTsUs = Math.min(this.minTsUs, minTsUs);
      this.maxTsUs = Math.max(this.maxTsUs, maxTsUs);
    }
    // Spread over the buckets the span overlaps, pro rata to overlap (a point span: one bucket).
    const span = maxTsUs - minTsUs;
    const first = Math.floor(minTsUs / this.bucketUs);
    const last = Math.floor(maxTsUs / this.bucketUs);
    for (let b = first; b <= last; b++) {
      const share =
        span <= 0
          ? 1
          : (Math.min(maxTsUs, (b + 1) * this.bucketUs) - Math.max(minTsUs, b * this.bucketUs)) / span;
      if (share <= 0) continue;
      this.bucket(b)[cell]! += sign * docs * share;
    }
  }

  private bucket(b: number): Float64Array {
    // Successive parts of a bulk, and successive bulks, mostly hit the same bucket.
    if (b === this.lastBucket && this.lastRow !== undefined) return this.lastRow;
    let row = this.buckets.get(b);
    if (row === undefined) {
      row = new Float64Array((this.shards + 1) * this.services);
      this.buckets.set(b, row);
    }
    this.lastBucket = b;
    this.lastRow = row;
    return row;
  }

  /** A needle document was acknowledged into this index. */
  addNeedle(needle: IndexedNeedle): void {
    (this.needleLists[needle.shard] as IndexedNeedle[]).push(needle);
  }

  /** Needle documents of `source` in offsets [start, end) are gone (a translog loss): they leave the index. */
  dropNeedles(source: number, start: number, end: number): void {
    for (const list of this.needleLists)
      for (let i = list.length - 1; i >= 0; i--) {
        const n = list[i] as IndexedNeedle;
        if (n.source === source && n.offset >= start && n.offset < end) list.splice(i, 1);
      }
  }

  /** Needle documents of `shard` whose @timestamp is in [fromUs, toUs), of the selected services, searchable at `nowUs`. */
  needlesIn(
    shard: number,
    fromUs: number,
    toUs: number,
    services: ReadonlySet<number> | undefined,
    nowUs: number,
  ): IndexedNeedle[] {
    const out: IndexedNeedle[] = [];
    for (const n of this.needleLists[shard] ?? [])
      if (
        n.tsUs >= fromUs &&
        n.tsUs < toUs &&
        n.searchableAtUs <= nowUs &&
        (services === undefined || services.has(n.service))
      )
        out.push(n);
    return out;
  }

  /** Documents of `shard` (any @timestamp) of the clauses' services at their levels: their term's posting list. */
  docsOf(shard: number, clauses: readonly { service: number; level: Level | undefined }[]): number {
    let n = 0;
    for (const c of clauses)
      for (let l = 0; l < LEVEL_ORDER.length; l++)
        if (c.level === undefined || LEVEL_ORDER[l] === c.level)
          n += this.cellOf(this.levelDocs, shard, c.service, LEVEL_ORDER.length, l);
    return n;
  }

  /** Needle documents of `shard` searchable at `nowUs` (the posting list of a needle's token). */
  needleCount(shard: number, nowUs: number): number {
    const list = this.needleLists[shard] ?? [];
    // Ack order: the searchable ones are a prefix.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid] as IndexedNeedle).searchableAtUs <= nowUs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether the index may hold a document with @timestamp in [fromUs, toUs): what can-match asks a shard. */
  overlaps(fromUs: number, toUs: number): boolean {
    return this.docs > 0 && this.maxTsUs >= fromUs && this.minTsUs < toUs;
  }

  /**
   * Documents of `shard` in [fromUs, toUs) of each selected service, times
   * the share of them at `level` when one is asked (undefined: every level).
   */
  select(
    shard: number,
    fromUs: number,
    toUs: number,
    services: readonly number[],
    level: Level | undefined,
  ): ShardSelection {
    if (!this.overlaps(fromUs, toUs)) return { docs: 0, rawBytes: 0 };
    const lo = Math.max(fromUs, this.minTsUs);
    const hi = Math.min(toUs, this.maxTsUs + 1);
    let docs = 0;
    let rawBytes = 0;
    const spreadCell = this.shards * this.services;
    for (const service of services) {
      const cell = shard * this.services + service;
      let inRange = 0;
      const first = Math.floor(lo / this.bucketUs);
      const last = Math.floor((hi - 1) / this.bucketUs);
      for (let b = first; b <= last; b++) {
        const row = this.buckets.get(b);
        if (row === undefined) continue;
        // A bucket cut by the range counts pro rata (documents are spread evenly inside it).
        const cut = (Math.min(hi, (b + 1) * this.bucketUs) - Math.max(lo, b * this.bucketUs)) / this.bucketUs;
        inRange += ((row[cell] as number) + (row[spreadCell + service] as number) / this.shards) * cut;
      }
      let total = 0;
      let atLevel = 0;
      for (let l = 0; l < LEVEL_ORDER.length; l++) {
        const n = this.cellOf(this.levelDocs, shard, service, LEVEL_ORDER.length, l);
        total += n;
        if (LEVEL_ORDER[l] === level) atLevel += n;
      }
      if (total <= 0) continue;
      const share = level === undefined ? 1 : atLevel / total;
      const selected = Math.max(0, inRange * share);
      docs += selected;
      rawBytes += (selected * this.cellOf(this.rawBytes, shard, service)) / total;
    }
    return { docs, rawBytes };
  }
}
