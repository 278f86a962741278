import { describe, expect, test as plainTest } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { Simulation } from '../../sim/engine/simulation.ts';
import { US_PER_HOUR, US_PER_MINUTE } from '../../sim/engine/time.ts';
import type { StreamId } from '../../sim/loki/stream-id.ts';
import { QueryFrontend, type QueryOutcome } from '../../sim/loki/query-frontend.ts';
import { queryPathConfig, type QueryPathConfig } from '../../sim/query/query-path-config.ts';
import { shardCount, spreadCopies } from '../../sim/loki/query-shards.ts';
import type { QuerySpec } from '../../sim/query/query-spec.ts';
import { planSplit } from '../../sim/loki/split-work.ts';
import { TestLoki } from '../helpers/loki-read-view-fixture.ts';

const MB600 = 600 * 1024 * 1024;
const limits = { tsdbMaxBytesPerShard: MB600, maxShardsPerSplit: 128 };

const spec: QuerySpec = {
  name: 'grep',
  everyUs: US_PER_MINUTE,
  arrival: 'periodic',
  rangeUs: 2 * US_PER_HOUR,
  match: { service: 'api' },
  query: { kind: 'needle', text: 'needle' },
  filter: 'substring',
  needleMinAgeUs: 0,
};

/** The oracle: the smallest power of two with bytes / n ≤ 600 MB, then the caps. */
function expectedShards(bytes: number, streams: number, cap: number): number {
  let pow = 1;
  while (bytes / pow > MB600) pow *= 2;
  return Math.max(1, Math.min(cap, streams, pow));
}

describe('shard count (GuessShardFactor, capped)', () => {
  test.prop([
    fc.double({ min: 0, max: 200e12, noNaN: true }),
    fc.integer({ min: 0, max: 10_000 }),
    fc.integer({ min: 1, max: 256 }),
  ])('n = min(cap, streams, 2^ceil(log2(bytes / 600MB))), at least 1', (bytes, streams, cap) => {
    expect(shardCount(bytes, streams, { ...limits, maxShardsPerSplit: cap })).toBe(
      expectedShards(bytes, streams, cap),
    );
  });

  plainTest('doubles only once a shard would exceed the target', () => {
    expect(shardCount(MB600, 1000, limits)).toBe(1);
    expect(shardCount(MB600 + 1, 1000, limits)).toBe(2);
    expect(shardCount(2 * MB600, 1000, limits)).toBe(2);
    expect(shardCount(2 * MB600 + 1, 1000, limits)).toBe(4);
    expect(shardCount(6e9, 1000, limits)).toBe(16); // a 6 GB hour: 16 shards of ≈ 375 MB
    expect(shardCount(1e15, 1000, limits)).toBe(128);
    expect(shardCount(6e9, 5, limits)).toBe(5);
  });

  test.prop([
    fc.integer({ min: 1, max: 100_000 }),
    fc.integer({ min: 1, max: 128 }),
    fc.stringMatching(/^[0-9a-f]{16}$/),
  ])(
    'a stream of multiplicity m spreads as m streams: every copy lands once, shards differ by at most one',
    (m, n, id) => {
      const got = new Array<number>(n).fill(0);
      spreadCopies(id as StreamId, m, n, (k, copies) => {
        got[k] = (got[k] as number) + copies;
      });
      expect(got.reduce((a, b) => a + b, 0)).toBe(m);
      expect(Math.max(...got) - Math.min(...got)).toBeLessThanOrEqual(1);
    },
  );
});

/** A Loki holding `streams` api streams of `bytesPerMinute` raw each for 3 h, read at 3 h. */
function loki(streams: number, bytesPerMinute: number): TestLoki {
  const l = new TestLoki(new Simulation(1));
  for (let i = 0; i < streams; i++) {
    const id = l.stream({ service: 'api', pod: `p${i}` });
    const push = (endUs: number): void => {
      l.push(id, { lines: 1000, bytes: bytesPerMinute, minTsUs: endUs - US_PER_MINUTE, maxTsUs: endUs - 1 });
      if (endUs + US_PER_MINUTE <= 3 * US_PER_HOUR)
        l.sim.schedule(US_PER_MINUTE, push, endUs + US_PER_MINUTE);
    };
    l.sim.schedule(US_PER_MINUTE, push, US_PER_MINUTE);
  }
  return l;
}

function runQueries(l: TestLoki, config: QueryPathConfig, n = 1): QueryOutcome[] {
  const outcomes: QueryOutcome[] = [];
  const frontend = new QueryFrontend(l.sim, l, config, { onQueryDone: (o) => outcomes.push(o) });
  l.sim.run({ untilUs: 3 * US_PER_HOUR });
  for (let i = 0; i < n; i++) frontend.submit(spec, US_PER_HOUR, 3 * US_PER_HOUR);
  l.sim.run({ untilUs: 3 * US_PER_HOUR + 30 * US_PER_MINUTE });
  return outcomes;
}

describe('sharded sub-queries on querier slots', () => {
  // 32 streams × 1.25 MB/min: 2.4 GB per 1 h split (more with the chunks straddling its ends) → several shards.
  const unsharded = queryPathConfig({ maxShardsPerSplit: 1, queryTimeoutUs: 20 * US_PER_MINUTE });
  const sharded = queryPathConfig({ queryTimeoutUs: 20 * US_PER_MINUTE });

  plainTest(
    'a query over more data completes faster sharded, but never faster than its largest shard',
    () => {
      const view = loki(32, 1.25e6);
      view.sim.run({ untilUs: 3 * US_PER_HOUR });
      const plan = planSplit(
        view,
        { fromUs: US_PER_HOUR, toUs: 2 * US_PER_HOUR },
        3 * US_PER_HOUR,
        { match: spec.match, filter: spec.filter },
        sharded,
      );
      const n = plan.shards.length;
      expect(n).toBeGreaterThan(1);
      expect(n & (n - 1)).toBe(0); // a power of two, well under the 32 streams
      expect(plan.shards.reduce((a, w) => a + w.rawBytesScanned, 0)).toBe(plan.total.rawBytesScanned);
      expect(plan.shards.reduce((a, w) => a + w.streams, 0)).toBe(32);
      const largest = Math.max(...plan.shards.map((w) => w.durationUs));

      const [slow] = runQueries(loki(32, 1.25e6), unsharded);
      const [fast] = runQueries(loki(32, 1.25e6), sharded);
      expect(slow?.status).toBe('ok');
      expect(fast?.status).toBe('ok');
      expect(slow?.shards).toBe(2);
      expect(fast?.shards as number).toBeGreaterThan(4);
      // Same work either way: sharding buys parallelism, not fewer bytes.
      expect(fast?.work.rawBytesScanned).toBe(slow?.work.rawBytesScanned);
      expect(fast?.work.storeChunks).toBe(slow?.work.storeChunks);
      expect(fast?.latencyUs as number).toBeLessThan((slow?.latencyUs as number) / 2);
      expect(fast?.latencyUs as number).toBeGreaterThanOrEqual(largest);
    },
  );

  plainTest('with one querier slot, sharding is no faster: more requests, same bytes, one core', () => {
    const one = { queriers: 1, maxConcurrentPerQuerier: 1, queryTimeoutUs: 20 * US_PER_MINUTE };
    const [slow] = runQueries(loki(32, 1.25e6), queryPathConfig({ ...one, maxShardsPerSplit: 1 }));
    const [fast] = runQueries(loki(32, 1.25e6), queryPathConfig(one));
    // Each extra shard pays its own index lookup and first-byte latencies.
    expect(fast?.latencyUs as number).toBeGreaterThanOrEqual(slow?.latencyUs as number);
  });

  plainTest('the shards of a query still count against the tenant queue: overflow is a 429', () => {
    // 4 slots, a queue of 20: each query queues its 8+ shard requests at once; the third overflows.
    const config = queryPathConfig({
      queriers: 1,
      maxConcurrentPerQuerier: 4,
      maxOutstandingPerTenant: 20,
      queryTimeoutUs: 20 * US_PER_MINUTE,
    });
    const statuses = runQueries(loki(32, 1.25e6), config, 3).map((o) => o.status);
    expect(statuses.sort()).toEqual(['ok', 'ok', 'rejected_429']);
    // Unsharded, the same three queries (2 requests each) fit.
    const calm = runQueries(loki(32, 1.25e6), queryPathConfig({ ...config, maxShardsPerSplit: 1 }), 3).map(
      (o) => o.status,
    );
    expect(calm).toEqual(['ok', 'ok', 'ok']);
  });

  plainTest('max_query_parallelism bounds the shard requests of one query in flight', () => {
    const l = loki(32, 1.25e6);
    const frontend = new QueryFrontend(l.sim, l, queryPathConfig({ maxQueryParallelism: 3 }), {
      onQueryDone: () => undefined,
    });
    l.sim.run({ untilUs: 3 * US_PER_HOUR });
    frontend.submit(spec, US_PER_HOUR, 3 * US_PER_HOUR);
    expect(frontend.busySlots + frontend.queueLength).toBe(3);
  });
});
