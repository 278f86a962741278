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
 */
import type { Level } from '../workload/level-mix.ts';
import type { BackingIndex } from './backing-index.ts';

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

export class Translog {
  /** Per shard: acknowledged parts not yet fsynced, in ack order. */
  private readonly parts: UnsyncedPart[][];

  constructor(
    shards: number,
    private readonly durability: 'request' | 'async',
    private readonly syncIntervalUs: number,
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

  /** The parts of `shard` a crash at `nowUs` loses (not yet fsynced); they leave the translog. */
  takeUnsynced(shard: number, nowUs: number): UnsyncedPart[] {
    const list = this.parts[shard] as UnsyncedPart[];
    this.prune(list, nowUs);
    return list.splice(0, list.length);
  }

  /** Drops the parts an fsync at or before `nowUs` made durable. */
  private prune(list: UnsyncedPart[], nowUs: number): void {
    const synced = this.lastSyncUs(nowUs);
    let k = 0;
    // An ack at the fsync instant itself is covered by that fsync only if it came before it;
    // treat it as unsynced (the conservative side).
    while (k < list.length && (list[k] as UnsyncedPart).ackUs < synced) k++;
    if (k > 0) list.splice(0, k);
  }
}
