/**
 * One data node (decision 10): alive or not, its disk, the CPU its search
 * threads spent, and the write group whose pool works its shard-level bulk
 * operations (write-group.ts; a node of its own unless it shares a group).
 */
import { WriteGroup, type GroupMember } from './write-group.ts';
import type { NodeCosts } from './write-pool.ts';

export class DataNode implements GroupMember {
  alive = true;
  /** Bytes of shard copies on this node's disk (what the backend has settled on it). */
  diskBytes = 0;
  diskCapacity: number;
  /** CPU µs search threads spent on this node. */
  searchCpuUs = 0;
  excessKey = 0;
  private writeGroup: WriteGroup;
  /** Write-pool busy time before the node joined its group, and the group pool's at that moment. */
  private busyBeforeUs = 0;
  private groupBusyAtJoinUs = 0;

  constructor(
    readonly index: number,
    readonly costs: NodeCosts,
    diskCapacity: number,
  ) {
    this.diskCapacity = diskCapacity;
    this.writeGroup = new WriteGroup(costs.cores);
    this.writeGroup.add(this, 0, 0);
  }

  get group(): WriteGroup {
    return this.writeGroup;
  }

  get cores(): number {
    return this.costs.cores;
  }

  /** µs the node's write pool was busy (its share of its groups' pools while a member). */
  get busyUs(): number {
    return this.busyBeforeUs + this.writeGroup.pool.busyUs - this.groupBusyAtJoinUs;
  }

  /** Moves the node into `group`, its write backlog with it. */
  join(group: WriteGroup, nowUs: number): void {
    if (group === this.writeGroup) return;
    const busyUntil = this.alive ? this.writeGroup.busyUntilUs(this, nowUs) : nowUs;
    this.busyBeforeUs = this.busyUs;
    this.writeGroup.remove(this);
    this.writeGroup = group;
    this.groupBusyAtJoinUs = group.pool.busyUs;
    group.add(this, busyUntil, nowUs);
  }

  /**
   * Search and indexing share the node's cores: `us` of CPU a search thread
   * spends is capacity the write pool does not have, so the node's write
   * backlog grows by it (spread over the cores, as the scheduler shares them).
   */
  takeCpu(us: number, nowUs: number): void {
    this.writeGroup.delay(this, us / this.costs.cores, nowUs);
    this.searchCpuUs += us;
  }

  /** Whether the write pool has work at `nowUs` (its threads then compete with search for the cores). */
  writeBusy(nowUs: number): boolean {
    return this.alive && this.writeGroup.busyUntilUs(this, nowUs) > nowUs;
  }

  /** A crash empties the node's pool: its pending operations are gone with the process. */
  crash(): void {
    this.alive = false;
    if (this.writeGroup.size === 1) this.writeGroup.pool.crash();
  }

  restart(nowUs: number): void {
    this.alive = true;
    if (this.writeGroup.size === 1) this.writeGroup.pool.restart(nowUs);
    this.excessKey = 0;
  }
}
