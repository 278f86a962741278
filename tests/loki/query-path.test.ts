import { describe, expect, test as plainTest } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { Simulation } from '../../sim/engine/simulation.ts';
import { US_PER_HOUR, US_PER_MINUTE, US_PER_MS } from '../../sim/engine/time.ts';
import type { StreamId } from '../../sim/loki/stream-id.ts';
import { NeedleCatalog } from '../../sim/query/needle-catalog.ts';
import { QueryFrontend, type QueryOutcome } from '../../sim/loki/query-frontend.ts';
import { queryPathConfig, type QueryPathConfig } from '../../sim/query/query-path-config.ts';
import type { QuerySpec } from '../../sim/query/query-spec.ts';
import { QueryWorkload } from '../../sim/loki/query-workload.ts';
import { splitByInterval } from '../../sim/query/time-splits.ts';
import { TestLoki } from '../helpers/loki-read-view-fixture.ts';

const needleSpec = (rangeUs: number, match: Record<string, string> = { service: 'api' }): QuerySpec => ({
  name: 'needle',
  everyUs: US_PER_MINUTE,
  arrival: 'periodic',
  rangeUs,
  match,
  query: { kind: 'needle', text: 'needle' },
  filter: 'substring',
  needleMinAgeUs: 0,
});

/** Pushes one batch per `everyUs` over [0, untilUs) to `id`, carrying `needleTsUs` in the batch that spans it. */
function feed(
  loki: TestLoki,
  id: StreamId,
  untilUs: number,
  everyUs: number,
  bytes: number,
  needleTsUs?: number,
): void {
  const push = (endUs: number): void => {
    const startUs = endUs - everyUs;
    const needles =
      needleTsUs !== undefined && needleTsUs >= startUs && needleTsUs < endUs ? [needleTsUs] : undefined;
    loki.push(id, {
      lines: 100,
      bytes,
      minTsUs: startUs,
      maxTsUs: endUs - 1,
      ...(needles ? { needles } : {}),
    });
    if (endUs + everyUs <= untilUs) loki.sim.schedule(everyUs, push, endUs + everyUs);
  };
  loki.sim.schedule(everyUs, push, everyUs);
}

/** Runs one query alone at `atUs` over [atUs − range, atUs) and returns its outcome. */
function queryOnce(
  loki: TestLoki,
  spec: QuerySpec,
  atUs: number,
  needleTsUs?: number,
  config: QueryPathConfig = queryPathConfig(),
): QueryOutcome {
  const outcomes: QueryOutcome[] = [];
  const frontend = new QueryFrontend(loki.sim, loki, config, { onQueryDone: (o) => outcomes.push(o) });
  loki.sim.run({ untilUs: atUs });
  frontend.submit(spec, Math.max(0, atUs - spec.rangeUs), atUs, needleTsUs);
  loki.sim.run({ untilUs: atUs + 10 * US_PER_MINUTE });
  expect(outcomes).toHaveLength(1);
  return outcomes[0] as QueryOutcome;
}

describe('splitting by time', () => {
  test.prop([
    fc.integer({ min: 0, max: 1000 }),
    fc.integer({ min: 1, max: 200 }),
    fc.integer({ min: 1, max: 10 }).map((h) => h * US_PER_MINUTE * 6),
  ])(
    'splits = ceil(range / split interval) for an aligned range, one more at most otherwise',
    (startIntervals, rangeMinutes, interval) => {
      const range = rangeMinutes * US_PER_MINUTE;
      const aligned = splitByInterval(startIntervals * interval, startIntervals * interval + range, interval);
      expect(aligned).toHaveLength(Math.ceil(range / interval));
      const from = startIntervals * interval + 7;
      const unaligned = splitByInterval(from, from + range, interval);
      expect(unaligned.length).toBeLessThanOrEqual(Math.ceil(range / interval) + 1);
      // Contiguous and covering.
      expect(unaligned[0]?.fromUs).toBe(from);
      expect(unaligned.at(-1)?.toUs).toBe(from + range);
      for (let i = 1; i < unaligned.length; i++) expect(unaligned[i]?.fromUs).toBe(unaligned[i - 1]?.toUs);
    },
  );
});

describe('needle queries', () => {
  test.prop(
    [
      fc.integer({ min: 1, max: 10 * 60 - 1 }).map((m) => m * US_PER_MINUTE + 12_345), // needle time
      fc.integer({ min: 1, max: 8 * 60 }).map((m) => m * US_PER_MINUTE), // query this long after it
      fc.constantFrom(2_000, 200_000, 2_000_000), // bytes per minute: age cuts … full cuts
      fc.constantFrom(30 * US_PER_MINUTE, 10 * US_PER_MINUTE), // idle period
      fc.constantFrom(2 * US_PER_HOUR, US_PER_HOUR), // max chunk age
    ],
    { numRuns: 25 },
  )(
    'a delivered needle is found by a query whose range covers it, in an ingester or in the store',
    (needleUs, after, bytes, idle, maxAge) => {
      const sim = new Simulation(1);
      const loki = new TestLoki(sim, 3, 3, {
        chunk: { ...queryChunk(), idlePeriodUs: idle, maxAgeUs: maxAge },
      });
      const id = loki.stream({ service: 'api', level: 'info' });
      feed(loki, id, 20 * US_PER_HOUR, US_PER_MINUTE, bytes, needleUs);
      const at = needleUs + after;
      const range = Math.max(US_PER_HOUR, Math.ceil((after + US_PER_MINUTE) / US_PER_HOUR) * US_PER_HOUR);
      const o = queryOnce(loki, needleSpec(range), at, needleUs);
      expect(o.status).toBe('ok');
      expect(o.work.needleFound).toBe(true);
    },
  );

  plainTest('a needle outside the range, or in a stream the selector does not match, is not found', () => {
    const sim = new Simulation(1);
    const loki = new TestLoki(sim);
    const id = loki.stream({ service: 'api', level: 'info' });
    loki.stream({ service: 'web', level: 'info' });
    const needle = 30 * US_PER_MINUTE + 5;
    feed(loki, id, 6 * US_PER_HOUR, US_PER_MINUTE, 200_000, needle);
    const o = queryOnce(loki, needleSpec(US_PER_HOUR), 4 * US_PER_HOUR, needle);
    expect(o.work.needleFound).toBe(false);
    const loki2 = new TestLoki(new Simulation(1));
    const id2 = loki2.stream({ service: 'api', level: 'info' });
    feed(loki2, id2, 6 * US_PER_HOUR, US_PER_MINUTE, 200_000, needle);
    expect(
      queryOnce(loki2, needleSpec(4 * US_PER_HOUR, { service: 'web' }), 4 * US_PER_HOUR, needle).work
        .needleFound,
    ).toBe(false);
    const loki3 = new TestLoki(new Simulation(1));
    const id3 = loki3.stream({ service: 'api', level: 'info' });
    feed(loki3, id3, 6 * US_PER_HOUR, US_PER_MINUTE, 200_000, needle);
    expect(queryOnce(loki3, needleSpec(4 * US_PER_HOUR), 4 * US_PER_HOUR, needle).work.needleFound).toBe(
      true,
    );
  });
});

describe('query latency', () => {
  const small = queryPathConfig({ queriers: 1, maxConcurrentPerQuerier: 2 });

  plainTest('grows with the range once splits outnumber querier slots', () => {
    const latency = (range: number): number => {
      const loki = new TestLoki(new Simulation(1));
      const id = loki.stream({ service: 'api', level: 'info' });
      feed(loki, id, 26 * US_PER_HOUR, US_PER_MINUTE, 500_000);
      return queryOnce(loki, needleSpec(range), 25 * US_PER_HOUR, undefined, small).latencyUs;
    };
    const [h1, h6, h24] = [latency(US_PER_HOUR), latency(6 * US_PER_HOUR), latency(24 * US_PER_HOUR)];
    expect(h6).toBeGreaterThan(h1);
    expect(h24).toBeGreaterThan(h6);
  });

  plainTest('grows with the number of streams the selector matches', () => {
    const latency = (streams: number): QueryOutcome => {
      const loki = new TestLoki(new Simulation(1));
      for (let i = 0; i < streams; i++) {
        const id = loki.stream({ service: 'api', pod: `p${i}` });
        feed(loki, id, 8 * US_PER_HOUR, US_PER_MINUTE, 200_000);
      }
      return queryOnce(loki, needleSpec(6 * US_PER_HOUR), 7 * US_PER_HOUR, undefined, small);
    };
    const [one, ten] = [latency(1), latency(10)];
    expect(ten.latencyUs).toBeGreaterThan(one.latencyUs);
    expect(ten.work.storeChunks).toBeGreaterThan(one.work.storeChunks);
  });

  plainTest('multiplicity m costs like m streams', () => {
    const run = (m: number): QueryOutcome => {
      const loki = new TestLoki(new Simulation(1));
      const id = loki.stream({ service: 'api' }, m);
      feed(loki, id, 8 * US_PER_HOUR, US_PER_MINUTE, 200_000);
      return queryOnce(loki, needleSpec(6 * US_PER_HOUR), 7 * US_PER_HOUR);
    };
    const [one, five] = [run(1), run(5)];
    expect(five.work.storeChunks).toBe(5 * one.work.storeChunks);
    expect(five.work.rawBytesScanned).toBe(5 * one.work.rawBytesScanned);
  });
});

describe('the tenant queue', () => {
  plainTest('sub-queries beyond max_outstanding_requests_per_tenant fail the query with 429', () => {
    const sim = new Simulation(1);
    const loki = new TestLoki(sim);
    const outcomes: QueryOutcome[] = [];
    // 4 slots, a queue of 64: two 24-split queries fit (20 + 24 queued), the third overflows.
    const config = queryPathConfig({ queriers: 1, maxConcurrentPerQuerier: 4, maxOutstandingPerTenant: 64 });
    const frontend = new QueryFrontend(sim, loki, config, { onQueryDone: (o) => outcomes.push(o) });
    sim.run({ untilUs: 24 * US_PER_HOUR });
    for (let i = 0; i < 3; i++) frontend.submit(needleSpec(24 * US_PER_HOUR), 0, 24 * US_PER_HOUR);
    expect(frontend.peakQueued).toBe(64);
    sim.run({ untilUs: 25 * US_PER_HOUR });
    expect(outcomes.map((o) => o.status).sort()).toEqual(['ok', 'ok', 'rejected_429']);
  });

  plainTest('no 429 while every query fits in the queue', () => {
    const sim = new Simulation(1);
    const loki = new TestLoki(sim);
    const outcomes: QueryOutcome[] = [];
    const frontend = new QueryFrontend(sim, loki, queryPathConfig({ maxOutstandingPerTenant: 72 }), {
      onQueryDone: (o) => outcomes.push(o),
    });
    sim.run({ untilUs: 24 * US_PER_HOUR });
    for (let i = 0; i < 3; i++) frontend.submit(needleSpec(24 * US_PER_HOUR), 0, 24 * US_PER_HOUR);
    sim.run({ untilUs: 25 * US_PER_HOUR });
    expect(outcomes.every((o) => o.status === 'ok')).toBe(true);
  });

  plainTest('M/D/1 oracle: mean latency = D (1 + ρ / (2 (1 − ρ))) (Pollaczek–Khinchine)', () => {
    const sim = new Simulation(7);
    const loki = new TestLoki(sim, 1, 1);
    const D = 10 * US_PER_MS;
    const config = queryPathConfig({
      queriers: 1,
      maxConcurrentPerQuerier: 1,
      splitIntervalUs: 0, // one split per query: a single server with a constant service time D
      queryIngestersWithinUs: 0,
      indexLookupUs: D,
    });
    const spec: QuerySpec = {
      ...needleSpec(US_PER_HOUR),
      name: 'poisson',
      arrival: 'poisson',
      everyUs: 20 * US_PER_MS,
    };
    const endUs = 400 * 1_000_000;
    const workload = new QueryWorkload(sim, loki, [spec], config, new NeedleCatalog(), endUs);
    workload.start();
    sim.run({ untilUs: endUs + US_PER_MINUTE });
    const lat = workload.statsOf('poisson')?.latencies ?? [];
    expect(lat.length).toBeGreaterThan(19_000);
    const mean = lat.reduce((a, b) => a + b, 0) / lat.length;
    const rho = D / spec.everyUs;
    expect(mean / (D * (1 + rho / (2 * (1 - rho))))).toBeCloseTo(1, 1);
  });
});

function queryChunk() {
  return {
    targetSizeBytes: 1_572_864,
    blockSizeBytes: 262_144,
    idlePeriodUs: 30 * US_PER_MINUTE,
    maxAgeUs: 2 * US_PER_HOUR,
    encoding: 'gzip' as const,
  };
}
