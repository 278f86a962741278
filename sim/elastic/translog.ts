/**
 * The translog of each shard copy, as far as a crash can tell (decision 10).
 * With `durability: request` the translog is fsynced before a bulk is
 * acknowledged, so a crash loses nothing acknowledged. With `async` it is
 * fsynced every `sync_interval`: the documents a copy acknowledged since its
 * last fsync live only in memory, and a crash of the node loses them unless
 * another live copy holds them. Only that window is kept here.
 *
 * Fsyncs run on every node at multiples of the interval (one phase for all:
 * the loss is the same up to a shift of at most one interval).
 *
 * A bulk spread over every shard (routing by _id) is kept once, not once per
 * shard: a loss of a shard takes back that shard's range of it
 * (shard-routing.ts spreadRange), once.
 */
import type { Level } from '../workload/level-mix.ts';
import type { BackingIndex } from './backing-index.ts';
import { spreadRange } from './shard-routing.ts';

/** Documents [start, end) of a source acknowledged on a shard of an index: what a loss takes back. */
export interface TranslogPart {
  readonly source: number;
  readonly start: number;
  readonly end: number;
  readonly index: BackingIndex;
  readonly shard: number;
  readonly service: number;
  /** The bulk's level counts, and this part's share of them. */
  readonly levels: Readonly<Record<Level, number>>;
  readonly levelShare: number;
  readonly raw: number;
  readonly stored: number;
  readonly minTsUs: number;
  readonly maxTsUs: number;
}

export interface UnsyncedPart extends TranslogPart {
  readonly ackUs: number;
}

/** An acknowledged spread bulk: offsets [start, end) over every shard with `rotation`, those before `acceptedEnd` indexed. */
export interface SpreadBulk {
  readonly source: number;
  readonly start: number;
  readonly end: number;
  readonly acceptedEnd: number;
  readonly rotation: number;
  readonly index: BackingIndex;
  readonly service: number;
  readonly levels: Readonly<Record<Level, number>>;
  /** Raw and stored bytes of its accepted documents, all shards. */
  readonly raw: number;
  readonly stored: number;
  readonly minTsUs: number;
  readonly maxTsUs: number;
}

interface UnsyncedSpread extends SpreadBulk {
  readonly ackUs: number;
  /** Shards whose range a loss already took back. */
  lost: Set<number> | undefined;
}

export class Translog {
  /** Per shard: acknowledged parts not yet fsynced, in ack order. */
  private readonly parts: UnsyncedPart[][];
  /** Acknowledged spread bulks not yet fsynced, in ack order. */
  private readonly spread: UnsyncedSpread[] = [];

  constructor(
    shards: number,
    private readonly durability: 'request' | 'async',
    private readonly syncIntervalUs: number,
    /** The shard of `index` on slot `slot` (index-series.ts shardAt). */
    private readonly shardAt: (index: BackingIndex, slot: number) => number,
  ) {
    this.parts = Array.from({ length: shards }, () => []);
  }

  /** Whether acknowledged parts are kept at all (only an async translog can lose any). */
  get keepsParts(): boolean {
    return this.durability === 'async';
  }

  /** The last fsync at or before `nowUs`. */
  lastSyncUs(nowUs: number): number {
    return Math.floor(nowUs / this.syncIntervalUs) * this.syncIntervalUs;
  }

  /** `part` was acknowledged on every copy of slot `shard` at `nowUs`. */
  append(shard: number, part: TranslogPart, nowUs: number): void {
    if (this.durability === 'request') return;
    const list = this.parts[shard] as UnsyncedPart[];
    this.prune(list, nowUs);
    list.push({ ...part, ackUs: nowUs });
  }

  /** `bulk` was acknowledged on every copy of every shard at `nowUs`. */
  appendSpread(bulk: SpreadBulk, nowUs: number): void {
    if (this.durability === 'request') return;
    this.prune(this.spread, nowUs);
    this.spread.push({ ...bulk, ackUs: nowUs, lost: undefined });
  }

  /** The parts of slot `slot` a crash at `nowUs` loses (not yet fsynced); they leave the translog. */
  takeUnsynced(slot: number, nowUs: number): TranslogPart[] {
    const list = this.parts[slot] as UnsyncedPart[];
    this.prune(list, nowUs);
    const out: TranslogPart[] = list.splice(0, list.length);
    this.prune(this.spread, nowUs);
    for (const b of this.spread) {
      const shard = this.shardAt(b.index, slot);
      if (b.lost?.has(shard)) continue;
      (b.lost ??= new Set()).add(shard);
      const range = spreadRange(b.start, b.end, b.index.shards, b.rotation, shard);
      const end = Math.min(range.end, b.acceptedEnd);
      if (end <= range.start) continue;
      const share = (end - range.start) / Math.max(1, b.acceptedEnd - b.start);
      out.push({
        source: b.source,
        start: range.start,
        end,
        index: b.index,
        shard,
        service: b.service,
        levels: b.levels,
        levelShare: share,
        raw: b.raw * share,
        stored: b.stored * share,
        minTsUs: b.minTsUs,
        maxTsUs: b.maxTsUs,
      });
    }
    return out;
  }

  /** Drops the entries an fsync at or before `nowUs` made durable. */
  private prune(list: { readonly ackUs: number }[], nowUs: number): void {
    const synced = this.lastSyncUs(nowUs);
    let k = 0;
    // An ack at the fsync instant itself is covered by that fsync only if it came before it;
    // treat it as unsynced (the conservative side).
    while (k < list.length && (list[k] as { readonly ackUs: number }).ackUs < synced) k++;
    if (k > 0) list.splice(0, k);
  }
}
