/**
 * A write thread pool as a FIFO server (decision 10): `cores` threads
 * working shard-level bulk operations in arrival order, modelled as one
 * server `cores` times as fast, and a bounded queue of operations waiting
 * for a thread. An operation that finds the queue full is rejected (429
 * es_rejected_execution_exception; the agent retries).
 *
 * A cohort's push stands for `hosts` bulks (its hosts ship in lockstep), so
 * an entry of the server carries a count of operations. Finish times are
 * FIFO-monotone, so how many operations are pending at any instant is read
 * off a queue of finish times without an event per operation.
 *
 * The same queue holds the bytes of those operations, primary and replica
 * apart: what indexing pressure counts on a node (indexing-pressure.ts).
 * A primary's bytes are released when the primary's own operation finishes
 * (Elasticsearch holds them until the replicas answer too, a few ms later
 * unless the replica's node is backlogged).
 *
 * One pool may stand for several data nodes that take the same share of
 * every bulk (write-group.ts).
 */
export interface NodeCosts {
  readonly cores: number;
  readonly bytesPerCorePerSec: number;
  readonly docsPerCorePerSec: number;
  readonly overheadUs: number;
  /** Extra CPU per document (an ingest pipeline parsing lines at write). */
  readonly parseUsPerDoc: number;
}

/**
 * Service time of `ops` shard-level operations of `docs` documents and
 * `bytes` raw bytes in all, on a pool of `costs.cores` threads. `parse`: this
 * copy also runs the ingest pipeline (the primary's node does, once per
 * document; a replica receives the parsed document). Every cost is CPU on
 * one thread, so all of it divides over the threads.
 */
export function serviceUs(
  costs: NodeCosts,
  ops: number,
  docs: number,
  bytes: number,
  parse: boolean,
): number {
  const work = Math.max(docs / costs.docsPerCorePerSec, bytes / costs.bytesPerCorePerSec) * 1e6;
  const cpu = ops * costs.overheadUs + work + (parse ? docs * costs.parseUsPerDoc : 0);
  return Math.ceil(cpu / costs.cores);
}

export class WritePool {
  busyUntilUs = 0;
  private readonly finishes: number[] = [];
  private readonly counts: number[] = [];
  /** Bytes of each entry, signed: positive for primary operations, negative for replica ones. */
  private readonly entryBytes: number[] = [];
  private head = 0;
  /** Operations of the entries from `head` on. */
  private pendingOps = 0;
  /** Bytes of the primary and replica operations of the entries from `head` on. */
  private primaryPending = 0;
  private replicaPending = 0;
  busyUs = 0;
  queuePeak = 0;

  constructor(readonly cores: number) {}

  /** Operations not finished at `nowUs` (being worked or waiting). */
  pending(nowUs: number): number {
    while (this.head < this.finishes.length && (this.finishes[this.head] as number) <= nowUs) {
      const b = this.entryBytes[this.head] as number;
      if (b >= 0) this.primaryPending -= b;
      else this.replicaPending += b;
      this.pendingOps -= this.counts[this.head++] as number;
    }
    if (this.head > 4096 && this.head * 2 > this.finishes.length) {
      this.finishes.splice(0, this.head);
      this.counts.splice(0, this.head);
      this.entryBytes.splice(0, this.head);
      this.head = 0;
    }
    if (this.head === this.finishes.length) this.primaryPending = this.replicaPending = 0; // no drift
    return this.pendingOps;
  }

  /** Bytes of primary operations not finished at `nowUs`. */
  primaryBytes(nowUs: number): number {
    this.pending(nowUs);
    return this.primaryPending;
  }

  /** Bytes of replica operations not finished at `nowUs`. */
  replicaBytes(nowUs: number): number {
    this.pending(nowUs);
    return this.replicaPending;
  }

  /** Operations waiting for a thread at `nowUs` (not counting those being worked). */
  queued(nowUs: number): number {
    return Math.max(0, this.pending(nowUs) - this.cores);
  }

  /**
   * Whether `ops` more operations would overflow a queue of `queueSize`. An
   * idle node takes any cohort (else a cohort larger than the queue could never pass).
   */
  wouldOverflow(ops: number, queueSize: number, nowUs: number): boolean {
    const pending = this.pending(nowUs);
    return pending > 0 && pending + ops - this.cores > queueSize;
  }

  /**
   * Queues `ops` operations of `bytes` arriving now that cannot finish before
   * `readyUs` plus their own service (a replica's operation waits for its
   * primary); returns when they finish. The node's capacity is taken in
   * arrival order from now: waiting for the primary leaves no idle gap that
   * later work could not use (the pool has other threads), so replicas do not convoy.
   */
  enqueue(
    ops: number,
    readyUs: number,
    serviceUs: number,
    nowUs: number,
    bytes = 0,
    replica = false,
  ): number {
    const start = Math.max(nowUs, this.busyUntilUs);
    this.busyUntilUs = start + serviceUs;
    this.busyUs += serviceUs;
    // Queue depth follows the capacity backlog (monotone, so pending() can pop in order).
    this.finishes.push(this.busyUntilUs);
    this.counts.push(ops);
    this.entryBytes.push(replica ? -bytes : bytes);
    if (replica) this.replicaPending += bytes;
    else this.primaryPending += bytes;
    this.pendingOps += ops;
    this.queuePeak = Math.max(this.queuePeak, this.queued(nowUs));
    return Math.max(this.busyUntilUs, readyUs + serviceUs);
  }

  /** A crash empties the pool: pending operations are gone with the process. */
  crash(): void {
    this.finishes.length = 0;
    this.counts.length = 0;
    this.entryBytes.length = 0;
    this.head = 0;
    this.pendingOps = 0;
    this.primaryPending = this.replicaPending = 0;
  }

  restart(nowUs: number): void {
    this.busyUntilUs = nowUs;
  }

  /** Search threads took `us` of CPU from the pool's cores (spread over them, as the scheduler shares them). */
  takeCpu(us: number, nowUs: number): void {
    this.busyUntilUs = Math.max(nowUs, this.busyUntilUs) + us / this.cores;
  }
}
