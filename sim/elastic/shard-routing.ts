/**
 * Which shard each document of a bulk lands on:
 * `shard = hash(_routing) mod number_of_shards` (facts.md §3, ES ≥ 9.4; the
 * older routing-factor form gives the same spread for a fixed shard count).
 *
 * Counts, not documents (DESIGN principle 4). With `_routing = _id`, an
 * auto-generated id hashes uniformly, so a bulk of n documents splits over
 * the shards as a multinomial(n, 1/S, …, 1/S), drawn as a chain of
 * binomials from one named stream. A custom routing value (the service, the
 * host) is the same for every document of a source, so the whole bulk lands
 * on the one shard that value hashes to: a hot shard.
 */
import { binomial } from '../engine/distributions.ts';
import type { RandomStream } from '../engine/rng.ts';

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

/**
 * Splits the documents [start, end) of a bulk over `shards` shards. The
 * parts are contiguous offset ranges in shard order: which offsets of a bulk
 * share a shard is arbitrary under a uniform hash, so the ledger may settle
 * each part as one range (a needle falls in whichever part holds its offset).
 * `routingValue` undefined: routing by _id.
 */
export function splitOverShards(
  rng: RandomStream,
  start: number,
  end: number,
  shards: number,
  routingValue: string | undefined,
): ShardPart[] {
  if (routingValue !== undefined) return [{ shard: shardOfValue(routingValue, shards), start, end }];
  const parts: ShardPart[] = [];
  let left = end - start;
  let at = start;
  for (let s = 0; s < shards && left > 0; s++) {
    // Conditional on the earlier shards, shard s takes each remaining document with p = 1/(S − s).
    const n = s === shards - 1 ? left : binomial(rng, left, 1 / (shards - s));
    if (n > 0) parts.push({ shard: s, start: at, end: at + n });
    at += n;
    left -= n;
  }
  return parts;
}
