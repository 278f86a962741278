/**
 * The indices a log stream is written into over time (decisions 05, 08):
 *
 *   daily     logs-YYYY.MM.DD, one index per day of @timestamp (the classic
 *             Logstash pattern): a document goes to the index of its own day
 *   rollover  a data stream: one write index; ILM checks it every poll
 *             interval (10m) and rolls over to a new backing index once it is
 *             older than max_age, its largest primary shard is larger than
 *             max_primary_shard_size, or it holds max_docs documents (the
 *             built-in logs@lifecycle policy: 50gb or 30d; facts.md §3)
 *
 * Every index is created with the same shard count; creating one is checked
 * against cluster.max_shards_per_node at that moment, so a cluster that fills
 * up refuses the creation the day it does, not at start. A refused daily
 * index rejects its day's documents; a refused rollover leaves the old write
 * index taking writes, and is retried at the next poll.
 *
 * Placement: shard s of the k-th index lives on the copies of slot
 * (s + k) mod shards of the cluster's slots (shard-copies.ts), so successive
 * indices rotate over the nodes as the balanced allocator spreads them.
 */
import { US_PER_DAY } from '../engine/time.ts';
import { BackingIndex } from './backing-index.ts';

export type IndexPattern =
  | { readonly kind: 'daily' }
  | {
      readonly kind: 'rollover';
      readonly maxAgeUs: number;
      readonly maxPrimaryShardBytes: number;
      readonly maxDocs: number | undefined;
    };

export interface IndexSeriesConfig {
  readonly pattern: IndexPattern;
  readonly shards: number;
  readonly replicas: number;
  /** Shard copies other indices already hold. */
  readonly existingCopies: number;
  /** cluster.max_shards_per_node × data nodes. */
  readonly maxCopies: number;
  readonly services: number;
  /** Width of the @timestamp buckets the search path counts documents in. */
  readonly bucketUs: number;
}

/** An index creation, granted or refused. */
export interface IndexCreation {
  readonly name: string;
  readonly atUs: number;
  readonly refused: boolean;
}

export class IndexSeries {
  readonly indices: BackingIndex[] = [];
  /** Daily: day number → index (undefined: its creation was refused). */
  private readonly byDay = new Map<number, BackingIndex | undefined>();
  private writeIndex: BackingIndex | undefined;
  readonly creations: IndexCreation[] = [];
  private generation = 0;

  constructor(private readonly config: IndexSeriesConfig) {}

  /** Shard copies in the cluster now (other indices' and this series'). */
  get shardCopies(): number {
    return this.config.existingCopies + this.indices.length * this.copiesPerIndex;
  }

  private get copiesPerIndex(): number {
    return this.config.shards * (1 + this.config.replicas);
  }

  /** The slot (placement) of shard `shard` of `index`. */
  slotOf(index: BackingIndex, shard: number): number {
    return (shard + index.ordinal) % this.config.shards;
  }

  /** The shard of `index` that lives on `slot` (the inverse of {@link slotOf}). */
  shardAt(index: BackingIndex, slot: number): number {
    const s = this.config.shards;
    return (((slot - index.ordinal) % s) + s) % s;
  }

  /** The index a document with @timestamp `tsUs` is written to at `nowUs`; undefined when it could not be created. */
  target(tsUs: number, nowUs: number): BackingIndex | undefined {
    if (this.config.pattern.kind === 'daily') {
      const day = Math.floor(Math.max(0, tsUs) / US_PER_DAY);
      if (!this.byDay.has(day)) this.byDay.set(day, this.create(`logs-${dayName(day)}`, nowUs));
      return this.byDay.get(day);
    }
    if (this.writeIndex === undefined && this.indices.length === 0)
      this.writeIndex = this.create(backingName(0), nowUs);
    return this.writeIndex;
  }

  /** The ILM poll: rolls the write index over if a condition holds. */
  poll(nowUs: number): void {
    const p = this.config.pattern;
    const current = this.writeIndex;
    if (p.kind !== 'rollover' || current === undefined || current.docs <= 0) return;
    const due =
      nowUs - current.createdAtUs >= p.maxAgeUs ||
      current.largestShardBytes >= p.maxPrimaryShardBytes ||
      (p.maxDocs !== undefined && current.docs >= p.maxDocs);
    if (!due) return;
    const next = this.create(backingName(this.generation + 1), nowUs);
    if (next !== undefined) this.writeIndex = next;
  }

  private create(name: string, nowUs: number): BackingIndex | undefined {
    if (this.shardCopies + this.copiesPerIndex > this.config.maxCopies) {
      this.creations.push({ name, atUs: nowUs, refused: true });
      return undefined;
    }
    if (this.config.pattern.kind === 'rollover' && this.indices.length > 0) this.generation++;
    const index = new BackingIndex(
      name,
      this.indices.length,
      nowUs,
      this.config.shards,
      this.config.services,
      this.config.bucketUs,
    );
    this.indices.push(index);
    this.creations.push({ name, atUs: nowUs, refused: false });
    return index;
  }
}

/** `2026.01.01` for day 0 of the run: a fixed epoch, so names are the same on every machine. */
function dayName(day: number): string {
  // Days since 1970-01-01 to a civil date (Howard Hinnant's days_from_civil, inverted); 2026-01-01 is day 20454.
  const z = day + 20_454 + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const dd = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const mm = mp < 10 ? mp + 3 : mp - 9;
  const yy = yoe + era * 400 + (mm <= 2 ? 1 : 0);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${yy}.${pad(mm)}.${pad(dd)}`;
}

function backingName(generation: number): string {
  return `.ds-logs-${String(generation + 1).padStart(6, '0')}`;
}
