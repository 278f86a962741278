/**
 * Data nodes that take the same share of every bulk, and the one write pool
 * that stands for all of theirs (DESIGN principle 4: aggregate where nothing
 * tells them apart).
 *
 * With routing by _id a bulk spreads evenly over the shards, so every node
 * that holds p primaries and r replicas gets the same operations from it:
 * one pool works them for the group, and a bulk costs O(groups), not
 * O(shards). What still tells members apart is CPU their search threads took,
 * which delays only that node's writes. A member's backlog is the pool's
 * plus an excess D; with a common arrival stream, Lindley's recursion keeps
 * D from ever going negative and drains it only while the pool idles:
 *
 *   D(t) = max(0, D(t₀) − idle(t₀, t))
 *
 * so a member keeps one key K = D + idle(t₀) and D(t) = max(0, K − idle(t)),
 * where idle(t) is the pool's cumulative idle time: nothing per member per
 * bulk, and the slowest member (the one an acknowledgement waits for) is the
 * one with the largest key. A one-node group applies search CPU to its pool
 * directly, exactly as a node of its own.
 */
import { WritePool } from './write-pool.ts';

/** What a group needs of a member: the key of its excess. */
export interface GroupMember {
  excessKey: number;
}

export class WriteGroup {
  readonly pool: WritePool;
  private readonly members: GroupMember[] = [];
  /** The pool's idle time before its latest entry. */
  private idleSumUs = 0;
  private maxKey = -Infinity;

  constructor(
    cores: number,
    /** Primaries and replicas each member holds (how much of a spread bulk it takes). */
    readonly primaries = 0,
    readonly replicas = 0,
  ) {
    this.pool = new WritePool(cores);
  }

  get size(): number {
    return this.members.length;
  }

  /** The pool's cumulative idle time at `nowUs`. */
  private idleUs(nowUs: number): number {
    return this.idleSumUs + Math.max(0, nowUs - this.pool.busyUntilUs);
  }

  /** How far `member`'s write backlog runs past the pool's at `nowUs`. */
  excessUs(member: GroupMember, nowUs: number): number {
    return Math.max(0, member.excessKey - this.idleUs(nowUs));
  }

  /** The largest excess of any member at `nowUs`: how much later than the pool the slowest one finishes. */
  maxExcessUs(nowUs: number): number {
    return Math.max(0, this.maxKey - this.idleUs(nowUs));
  }

  /** When `member`'s write pool is next free. */
  busyUntilUs(member: GroupMember, nowUs: number): number {
    return Math.max(nowUs, this.pool.busyUntilUs) + this.excessUs(member, nowUs);
  }

  /**
   * `member` joins with its write pool busy until `busyUntilUs`. A member
   * less busy than the pool cannot be told apart from it (an excess is never
   * negative), so it joins as busy as the pool: the pessimistic side, for the
   * rare moment a node changes groups.
   */
  add(member: GroupMember, busyUntilUs: number, nowUs: number): void {
    const excess = Math.max(0, busyUntilUs - Math.max(nowUs, this.pool.busyUntilUs));
    member.excessKey = excess + this.idleUs(nowUs);
    this.members.push(member);
    this.maxKey = Math.max(this.maxKey, member.excessKey);
  }

  remove(member: GroupMember): void {
    const at = this.members.indexOf(member);
    if (at < 0) return;
    this.members.splice(at, 1);
    this.maxKey = -Infinity;
    for (const m of this.members) this.maxKey = Math.max(this.maxKey, m.excessKey);
  }

  /** `member`'s writes wait `us` more (CPU its search threads took, spread over the cores). */
  delay(member: GroupMember, us: number, nowUs: number): void {
    if (this.members.length === 1) {
      this.pool.takeCpu(us * this.pool.cores, nowUs);
      return;
    }
    member.excessKey = this.excessUs(member, nowUs) + us + this.idleUs(nowUs);
    this.maxKey = Math.max(this.maxKey, member.excessKey);
  }

  /** {@link WritePool.enqueue} for each member; returns when the pool (a member with no excess) finishes. */
  enqueue(
    ops: number,
    readyUs: number,
    serviceUs: number,
    nowUs: number,
    bytes: number,
    replica: boolean,
  ): number {
    this.idleSumUs += Math.max(0, nowUs - this.pool.busyUntilUs);
    return this.pool.enqueue(ops, readyUs, serviceUs, nowUs, bytes, replica);
  }
}
