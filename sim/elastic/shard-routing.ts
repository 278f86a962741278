/**
 * Which shard each document of a bulk lands on:
 * `shard = hash(_routing) mod number_of_shards` (facts.md §3, ES ≥ 9.4; the
 * older routing-factor form gives the same spread for a fixed shard count).
 *
 * Counts, not documents (DESIGN principle 4). With `_routing = _id`, an
 * auto-generated id hashes uniformly, so a bulk of n documents spreads over
 * the shards evenly: over millions of documents a shard's share departs from
 * 1/S by a fraction 1/√(docs/S), which no figure of a run tells apart. A
 * spread bulk is therefore one part for every shard, and which of its
 * offsets a shard holds is geometry, not a draw: S contiguous ranges, turned
 * by a rotation drawn once per bulk so that no shard always takes the
 * short ones. A custom routing value (the service, the host) is the same for
 * every document of a source, so the whole bulk lands on the one shard that
 * value hashes to: a hot shard.
 */
export type RoutingKey = '_id' | 'service' | 'host';

/** One shard's part of a bulk: documents [start, end) of the source's offsets. */
export interface ShardPart {
  readonly shard: number;
  readonly start: number;
  readonly end: number;
}

/**
 * The shard a custom routing value hashes to. Elasticsearch hashes with
 * Murmur3; any stable uniform hash gives the same spread, so this is FNV-1a
 * over the UTF-16 code units (stable across runs and machines).
 */
export function shardOfValue(value: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % shards;
}

/** The part of a bulk of documents [start, end) a custom routing value sends to one shard: all of it. */
export function routedPart(start: number, end: number, shards: number, routingValue: string): ShardPart {
  return { shard: shardOfValue(routingValue, shards), start, end };
}

/**
 * Documents [start, end) of a bulk spread over `shards` shards with
 * `rotation`: the offsets `shard` holds, range j = (shard − rotation) mod S of
 * the S ranges [start + ⌊j·n/S⌋, start + ⌊(j+1)·n/S⌋).
 */
export function spreadRange(
  start: number,
  end: number,
  shards: number,
  rotation: number,
  shard: number,
): { readonly start: number; readonly end: number } {
  const n = end - start;
  const j = (((shard - rotation) % shards) + shards) % shards;
  return { start: start + Math.floor((j * n) / shards), end: start + Math.floor(((j + 1) * n) / shards) };
}

/** The shard that holds `offset` of a spread bulk [start, end) (the inverse of {@link spreadRange}). */
export function spreadShardOf(
  offset: number,
  start: number,
  end: number,
  shards: number,
  rotation: number,
): number {
  const n = end - start;
  const k = offset - start;
  // The j with ⌊j·n/S⌋ ≤ k < ⌊(j+1)·n/S⌋: the float estimate, nudged onto the exact boundary.
  let j = Math.min(shards - 1, Math.floor(((k + 0.5) * shards) / n));
  while (j > 0 && Math.floor((j * n) / shards) > k) j--;
  while (j < shards - 1 && Math.floor(((j + 1) * n) / shards) <= k) j++;
  return (j + rotation) % shards;
}
