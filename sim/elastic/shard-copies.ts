/**
 * Where each shard's copies live and which one is the primary (decision 10).
 * Copies are spread so that no node holds two copies of a shard, over every
 * node when there are enough of them.
 * When a node is lost, each shard it held keeps its other in-sync copies; if
 * it held the primary, an in-sync replica is promoted. A shard with fewer
 * copies than 1 + replicas is yellow (until a replica is recovered), one
 * with no live copy is red (writes to it fail until its node returns).
 */
export type Health = 'green' | 'yellow' | 'red';

export class ShardCopies {
  /** In-sync live copies per shard, primary first. */
  private readonly copies: number[][];
  /** Copies on a lost node that may come back (node → shards). */
  private readonly stranded = new Map<number, number[]>();
  /** Shards recovering a copy onto a node: shard → node. */
  private readonly recovering = new Map<number, number>();
  promotions = 0;

  constructor(
    readonly shards: number,
    readonly replicas: number,
    nodes: number,
  ) {
    const perShard = Math.min(1 + replicas, nodes);
    // Every copy on its own node while there are nodes enough (copy c of shard s on node
    // c × shards + s, as the balanced allocator spreads them); otherwise round robin from the
    // shard's own node, which still keeps a shard's copies apart.
    const spread = shards * perShard <= nodes;
    this.copies = [];
    for (let s = 0; s < shards; s++) {
      const list: number[] = [];
      for (let c = 0; c < perShard; c++) list.push(spread ? c * shards + s : (s + c) % nodes);
      this.copies.push(list);
    }
  }

  /** Live in-sync copies of `shard`, primary first. */
  of(shard: number): readonly number[] {
    return this.copies[shard] as number[];
  }

  /** Shards with a copy (live or recovering) on `node`. */
  shardsOn(node: number): number[] {
    const out: number[] = [];
    for (let s = 0; s < this.shards; s++)
      if ((this.copies[s] as number[]).includes(node) || this.recovering.get(s) === node) out.push(s);
    return out;
  }

  /** Copy count on each node (live copies and recoveries under way). */
  copiesPerNode(nodes: number): number[] {
    const n = new Array<number>(nodes).fill(0);
    for (let s = 0; s < this.shards; s++) for (const c of this.copies[s] as number[]) n[c]!++;
    for (const node of this.recovering.values()) n[node]!++;
    return n;
  }

  /**
   * `node` is lost. Returns the shards that lost their last copy with it (red):
   * their acknowledged documents now live only on that node's disk and translog.
   */
  lose(node: number): number[] {
    const red: number[] = [];
    const stranded: number[] = [];
    for (let s = 0; s < this.shards; s++) {
      const list = this.copies[s] as number[];
      const at = list.indexOf(node);
      if (this.recovering.get(s) === node) this.recovering.delete(s);
      if (at < 0) continue;
      list.splice(at, 1);
      stranded.push(s);
      if (list.length === 0) red.push(s);
      else if (at === 0) this.promotions++;
    }
    this.stranded.set(node, stranded);
    return red;
  }

  /** `node` is back: red shards it held are primaries again; returns the shards it can re-sync a copy of. */
  restore(node: number): { red: number[]; resync: number[] } {
    const red: number[] = [];
    const resync: number[] = [];
    for (const s of this.stranded.get(node) ?? []) {
      const list = this.copies[s] as number[];
      if (list.length === 0) {
        list.push(node);
        red.push(s);
      } else if (list.length < 1 + this.replicas && !this.recovering.has(s)) resync.push(s);
    }
    this.stranded.delete(node);
    return { red, resync };
  }

  /** A recovery of `shard` onto `node` starts. */
  startRecovery(shard: number, node: number): void {
    this.recovering.set(shard, node);
  }

  /** The recovery of `shard` onto `node` ended (false: the target died meanwhile). */
  finishRecovery(shard: number, node: number): boolean {
    if (this.recovering.get(shard) !== node) return false;
    this.recovering.delete(shard);
    const list = this.copies[shard] as number[];
    if (list.length === 0 || list.includes(node)) return false;
    list.push(node);
    return true;
  }

  /** Shards short of 1 + replicas copies and not recovering. */
  underReplicated(): number[] {
    const want = 1 + this.replicas;
    const out: number[] = [];
    for (let s = 0; s < this.shards; s++) {
      const n = (this.copies[s] as number[]).length;
      if (n > 0 && n < want && !this.recovering.has(s)) out.push(s);
    }
    return out;
  }

  /** As _cluster/health says it: a replica that cannot be placed (too few nodes) is yellow too. */
  health(): Health {
    const want = 1 + this.replicas;
    let health: Health = 'green';
    for (let s = 0; s < this.shards; s++) {
      const n = (this.copies[s] as number[]).length;
      if (n === 0) return 'red';
      if (n < want) health = 'yellow';
    }
    return health;
  }
}
