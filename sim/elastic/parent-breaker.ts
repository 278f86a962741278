/**
 * The parent circuit breaker (decision 10; Elasticsearch
 * `HierarchyCircuitBreakerService`): a request whose memory would take the
 * node's heap use past `indices.breaker.total.limit` is refused with 429
 * `circuit_breaking_exception` ("[parent] Data too large") instead of
 * running the JVM out of memory.
 *
 * The limit is 95 % of the heap with `indices.breaker.total.use_real_memory`
 * (the default), which compares against the heap the JVM really has in use.
 * What the model counts as in use:
 *
 *   mapping: 1 kB per mapped field per index on the node (Elastic, "Size your
 *            shards", 8.x: data nodes need at least 1 kB of heap per field per index)
 *   + indexing bytes held on the node (indexing-pressure.ts)
 *
 * Garbage not yet collected, caches, segment structures and search
 * aggregations are not counted, so the model trips the breaker later than a
 * real node with the same heap: it catches mappings that outgrow the heap
 * (many fields over many indices) and heaps too small for the bulks they
 * are sent, not GC pressure.
 */

/** `indices.breaker.total.limit` with use_real_memory true: 95 % of the heap. */
export const PARENT_BREAKER_SHARE = 0.95;

/** Heap of mapped fields: 1 kB per field per index (Elastic, Size your shards, 8.x). */
export const HEAP_BYTES_PER_FIELD_PER_INDEX = 1024;

/** Heap a node's mappings take: `fields` per index over the `indices` whose shards it holds. */
export function mappingHeapBytes(fields: number, indices: number): number {
  return fields * HEAP_BYTES_PER_FIELD_PER_INDEX * Math.max(1, indices);
}

/** Whether `requestBytes` more on a node using `usedBytes` of `heapBytes` trips the parent breaker. */
export function parentBreakerTrips(heapBytes: number, usedBytes: number, requestBytes: number): boolean {
  return usedBytes + requestBytes > heapBytes * PARENT_BREAKER_SHARE;
}
