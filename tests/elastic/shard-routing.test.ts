/**
 * Routing by hash(_id) mod shards: a bulk spreads evenly over the shards, its
 * offsets in S contiguous ranges turned by a rotation, so every offset lies
 * in exactly one shard's range and, over bulks, every shard takes 1/S of the
 * documents; custom routing puts a source on one shard.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { routedPart, shardOfValue, spreadRange, spreadShardOf } from '../../sim/elastic/shard-routing.ts';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';
import { elasticScenario } from '../helpers/elastic-scenario.ts';

describe('shard routing', () => {
  test("a spread bulk: the shards' ranges tile it exactly, and each offset is in the range of the shard it names", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 80 }),
        fc.nat(),
        (start, n, shards, r) => {
          const rotation = r % shards;
          let covered = 0;
          for (let s = 0; s < shards; s++) {
            const range = spreadRange(start, start + n, shards, rotation, s);
            covered += range.end - range.start;
            // No shard takes more than one document above the even share.
            expect(range.end - range.start).toBeLessThanOrEqual(Math.ceil(n / shards));
            for (let o = range.start; o < range.end; o++)
              expect(spreadShardOf(o, start, start + n, shards, rotation)).toBe(s);
          }
          expect(covered).toBe(n);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('balance: with a rotation per bulk, small bulks still reach every shard evenly', () => {
    const shards = 12;
    const counts = new Array<number>(shards).fill(0);
    let n = 0;
    for (let b = 0; b < 5000; b++) {
      const size = 1 + (b % 7);
      for (let s = 0; s < shards; s++) {
        const range = spreadRange(n, n + size, shards, (b * 5) % shards, s);
        counts[s]! += range.end - range.start;
      }
      n += size;
    }
    for (const c of counts) expect(Math.abs(c - n / shards) / (n / shards)).toBeLessThan(0.05);
  });

  test('a custom routing value sends the whole bulk to one shard', () => {
    expect(routedPart(0, 500, 5, 'api')).toEqual({ shard: shardOfValue('api', 5), start: 0, end: 500 });
  });

  test('end to end: routing by _id balances the run; routing by service makes one hot shard', () => {
    const byId = simulateScenario(
      loadScenarioFromText(elasticScenario('  index: { number_of_shards: 4 }'), 'id.yaml'),
    ).report;
    const byService = simulateScenario(
      loadScenarioFromText(elasticScenario('  index: { number_of_shards: 4, routing: service }'), 'svc.yaml'),
    ).report;
    const a = byId.elastic as { shardDocs: number[]; docsIndexed: number; hotShardShare: number };
    for (const c of a.shardDocs) expect(c).toBeCloseTo(a.docsIndexed / 4, 0);
    expect((byService.elastic as { hotShardShare: number }).hotShardShare).toBe(1);
    expect(byService.ledger.lostTotal).toBe(0);
  });
});
