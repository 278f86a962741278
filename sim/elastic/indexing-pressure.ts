/**
 * Indexing pressure (decision 10; Elasticsearch ≥ 7.9, `IndexingPressure`):
 * each node counts the bytes of the indexing work it holds, by stage, and
 * refuses new work past a share of its heap rather than queueing it into an
 * out-of-memory error:
 *
 *   coordinating stage: bulk bytes held until the whole bulk is answered ─┐
 *   primary stage:      shard-level bytes held until the copies are done ─┼─ coordinating + primary + replica
 *                                                                         │  > limit ─▶ 429 es_rejected_execution_exception
 *   replica stage:      replica bytes held until the replica is done ────── replica > 1.5 × limit ─▶ 429
 *
 * `indexing_pressure.memory.limit` defaults to 10 % of the heap; the replica
 * limit is 1.5 × it, so a node under pressure stops taking new bulks before
 * it stops taking replica work already under way (elastic/elasticsearch
 * server/.../index/IndexingPressure.java; docs "Indexing pressure", 8.x).
 *
 * Large bulks are what this catches: 10,000 queued operations of a few kB
 * each fit the write queue and 2.6 GB of a 26 GiB heap; 500 bulks of 10 MB
 * (Vector's Elasticsearch batch) do not.
 */

/** `indexing_pressure.memory.limit`: 10 % of the heap (IndexingPressure.MAX_INDEXING_BYTES). */
export const INDEXING_PRESSURE_SHARE = 0.1;
/** The replica stage's limit over the others' (IndexingPressure.MAX_REPLICA_BYTES). */
export const REPLICA_LIMIT_FACTOR = 1.5;

export interface PressureLimits {
  /** Coordinating + primary + replica bytes past which a node refuses a new bulk or primary operation. */
  readonly bytes: number;
  /** Replica bytes past which a node refuses a replica operation. */
  readonly replicaBytes: number;
}

export function pressureLimits(heapBytes: number, share = INDEXING_PRESSURE_SHARE): PressureLimits {
  const bytes = heapBytes * share;
  return { bytes, replicaBytes: bytes * REPLICA_LIMIT_FACTOR };
}

/** One bulk's bytes on the coordinating stage; `bytes` drops to 0 once released. */
export interface HeldBulk {
  readonly releaseUs: number;
  bytes: number;
}

/**
 * Bytes of the bulks the coordinating nodes hold, released when each bulk
 * is answered. Clients spread their bulks over the coordinating nodes (every
 * data node, or the dedicated ones), so a node holds `current / nodes`.
 * Release times are known on acceptance (the bulk's ack time), so a min-heap
 * of them answers "how much is held now" without an event per bulk.
 */
export class CoordinatingBytes {
  private readonly heap: HeldBulk[] = [];
  private held = 0;
  peak = 0;

  /** Holds `bytes` until `releaseUs` (or an earlier {@link release}). */
  hold(bytes: number, releaseUs: number, nowUs: number): HeldBulk {
    this.current(nowUs);
    const entry: HeldBulk = { releaseUs, bytes };
    this.push(entry);
    this.held += bytes;
    this.peak = Math.max(this.peak, this.held);
    return entry;
  }

  /** Releases a bulk answered before its ack time (it failed). */
  release(entry: HeldBulk): void {
    this.held -= entry.bytes;
    entry.bytes = 0;
  }

  /** Bytes held at `nowUs`. */
  current(nowUs: number): number {
    const h = this.heap;
    while (h.length > 0 && (h[0] as HeldBulk).releaseUs <= nowUs) {
      this.held -= (h[0] as HeldBulk).bytes;
      this.pop();
    }
    if (h.length === 0) this.held = 0; // no drift
    return this.held;
  }

  private push(entry: HeldBulk): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((h[parent] as HeldBulk).releaseUs <= entry.releaseUs) break;
      h[i] = h[parent] as HeldBulk;
      i = parent;
    }
    h[i] = entry;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop() as HeldBulk;
    if (h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && (h[r] as HeldBulk).releaseUs < (h[l] as HeldBulk).releaseUs ? r : l;
      if ((h[c] as HeldBulk).releaseUs >= last.releaseUs) break;
      h[i] = h[c] as HeldBulk;
      i = c;
    }
    h[i] = last;
  }
}
