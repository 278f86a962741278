/**
 * Routing by hash(_id) mod shards, drawn as a multinomial split of counts:
 * each shard's documents are Binomial(N, 1/S), so every shard stays within a
 * few standard deviations of N/S; custom routing puts a source on one shard.
 */
import { describe, expect, test } from 'vitest';
import { RandomStreams } from '../../sim/engine/rng.ts';
import { shardOfValue, splitOverShards } from '../../sim/elastic/shard-routing.ts';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';
import { elasticScenario } from '../helpers/elastic-scenario.ts';

describe('shard routing', () => {
  test('parts are contiguous, in shard order, and cover the bulk exactly', () => {
    const rng = new RandomStreams(1).stream('test/routing');
    const parts = splitOverShards(rng, 100, 1100, 7, undefined);
    expect(parts[0]!.start).toBe(100);
    expect(parts.at(-1)!.end).toBe(1100);
    for (let i = 1; i < parts.length; i++) {
      expect(parts[i]!.start).toBe(parts[i - 1]!.end);
      expect(parts[i]!.shard).toBeGreaterThan(parts[i - 1]!.shard);
    }
  });

  test('balance: every shard within 4.5 binomial standard deviations of N/S', () => {
    const rng = new RandomStreams(2).stream('test/routing');
    const shards = 12;
    const counts = new Array<number>(shards).fill(0);
    let n = 0;
    for (let b = 0; b < 5000; b++) {
      const size = 1 + (b % 400);
      for (const p of splitOverShards(rng, n, n + size, shards, undefined))
        counts[p.shard]! += p.end - p.start;
      n += size;
    }
    const sd = Math.sqrt(n * (1 / shards) * (1 - 1 / shards));
    for (const c of counts) expect(Math.abs(c - n / shards)).toBeLessThan(4.5 * sd);
  });

  test('a custom routing value sends the whole bulk to one shard', () => {
    const rng = new RandomStreams(3).stream('test/routing');
    const parts = splitOverShards(rng, 0, 500, 5, 'api');
    expect(parts).toEqual([{ shard: shardOfValue('api', 5), start: 0, end: 500 }]);
  });

  test('end to end: routing by _id balances the run; routing by service makes one hot shard', () => {
    const byId = simulateScenario(
      loadScenarioFromText(elasticScenario('  index: { number_of_shards: 4 }'), 'id.yaml'),
    ).report;
    const byService = simulateScenario(
      loadScenarioFromText(elasticScenario('  index: { number_of_shards: 4, routing: service }'), 'svc.yaml'),
    ).report;
    const a = byId.elastic as { shardDocs: number[]; docsIndexed: number; hotShardShare: number };
    const sd = Math.sqrt(a.docsIndexed * 0.25 * 0.75);
    for (const c of a.shardDocs) expect(Math.abs(c - a.docsIndexed / 4)).toBeLessThan(4.5 * sd);
    expect((byService.elastic as { hotShardShare: number }).hotShardShare).toBe(1);
    expect(byService.ledger.lostTotal).toBe(0);
  });
});
