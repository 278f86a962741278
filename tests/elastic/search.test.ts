/**
 * Decision 05a on Elasticsearch: the search path of a simulated cluster.
 * A needle's cost follows the documents holding its term, never the bytes in
 * range; an aggregate's cost follows the documents it matches; the search
 * pool rejects exactly what exceeds its threads and queue; runtime fields
 * are parsed per document scanned, at query time and not at ingest; a
 * needle in a document the mapping refused is not found.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BackingIndex } from '../../sim/elastic/backing-index.ts';
import { DataNode } from '../../sim/elastic/data-node.ts';
import type { ElasticBackend } from '../../sim/elastic/elastic-backend.ts';
import { explainSearch, type SearchPlanFigures } from '../../sim/elastic/elastic-explain.ts';
import { searchConfigOf } from '../../sim/elastic/elastic-settings.ts';
import type { ElasticSpec } from '../../sim/elastic/elastic-schema.ts';
import { SearchCoordinator, type SearchOutcome } from '../../sim/elastic/search-coordinator.ts';
import { DEFAULT_SEARCH_COSTS } from '../../sim/elastic/search-costs.ts';
import { resolveQuery } from '../../sim/elastic/search-plan.ts';
import { SearchPool } from '../../sim/elastic/search-pool.ts';
import { Simulation } from '../../sim/engine/simulation.ts';
import { US_PER_HOUR, US_PER_MINUTE } from '../../sim/engine/time.ts';
import type { QuerySpec } from '../../sim/query/query-spec.ts';
import { needleCatalogOf } from '../../sim/run/query-settings.ts';
import { runScenario, type RunResult } from '../../sim/run/run-scenario.ts';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';
import type { ServiceDesign } from '../../sim/workload/fleet-design.ts';
import { planInvertedIndex } from '../helpers/closed-form-inverted-index.ts';
import { elasticScenario } from '../helpers/elastic-scenario.ts';

const spec = (over: Partial<QuerySpec>): QuerySpec => ({
  name: 'q',
  everyUs: US_PER_MINUTE,
  arrival: 'periodic',
  rangeUs: US_PER_HOUR,
  match: { service: 'api' },
  query: { kind: 'needle', text: 'needle' },
  filter: 'substring',
  needleMinAgeUs: 0,
  ...over,
});

interface Cluster {
  readonly result: RunResult;
  readonly backend: ElasticBackend;
  readonly spec: ElasticSpec;
}

function cluster(text: string): Cluster {
  const scenario = loadScenarioFromText(text, 'search.yaml');
  const result = runScenario(scenario);
  return {
    result,
    backend: result.built.ingest as unknown as ElasticBackend,
    spec: scenario.backend as unknown as ElasticSpec,
  };
}

/** The plan of `q` over [fromUs, toUs) on the cluster at the end of its run. */
function plan(c: Cluster, q: QuerySpec, fromUs: number, toUs: number): SearchPlanFigures {
  const services = c.result.scenario.fleet.services as readonly ServiceDesign[];
  const resolved = resolveQuery(q, { services, documents: c.spec.documents });
  const ranged = { ...q, rangeUs: toUs - fromUs };
  return explainSearch(c.backend, resolved, ranged, toUs, searchConfigOf(c.spec), undefined);
}

const TWO_HOURS = (lineSize: string, needles: string): string =>
  elasticScenario('  index: { number_of_shards: 3 }', '', '2h')
    .replace('line_size: { mean: 220B, sigma: 0.6 }', `line_size: { mean: ${lineSize}, sigma: 0.6 }`)
    .replace('needles: { every: 2m }', `needles: { every: ${needles} }`);

describe('a needle on Elasticsearch', () => {
  const small = cluster(TWO_HOURS('200B', '2m'));
  const big = cluster(TWO_HOURS('2000B', '2m'));
  const dense = cluster(TWO_HOURS('200B', '20s'));
  const end = 2 * US_PER_HOUR;

  test('its cost follows the documents holding its term, not the bytes in range (random ranges)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: end - US_PER_MINUTE }),
        fc.integer({ min: US_PER_MINUTE, max: end }),
        (from, span) => {
          const to = Math.min(end, from + span);
          const a = plan(small, spec({}), from, to);
          const b = plan(big, spec({}), from, to);
          // Ten times the bytes in the range, the same documents: the same work.
          expect(b.docsMatched).toBe(a.docsMatched);
          expect(b.postings).toBe(a.postings);
          expect(b.cpuSeconds).toBeCloseTo(a.cpuSeconds, 9);
          // Six times the needle documents: more postings and more CPU, whatever the range.
          const d = plan(dense, spec({}), from, to);
          expect(d.postings).toBeGreaterThan(a.postings);
          expect(d.cpuSeconds).toBeGreaterThan(a.cpuSeconds);
        },
      ),
      { numRuns: 40 },
    );
    expect(big.backend.elasticReport()['rawBytes'] as number).toBeGreaterThan(
      8 * (small.backend.elasticReport()['rawBytes'] as number),
    );
  });

  test('asked at one instant, a range with more matches never costs less (hits fetched, up to size)', () => {
    const ranges = Array.from({ length: 30 }, (_, i) =>
      plan(small, spec({}), end - ((i + 1) * end) / 30, end),
    ).sort((x, y) => x.docsMatched - y.docsMatched);
    for (let i = 1; i < ranges.length; i++)
      expect(ranges[i]!.cpuSeconds).toBeGreaterThanOrEqual(ranges[i - 1]!.cpuSeconds - 1e-12);
    expect(ranges.at(-1)!.docsFetched).toBe(10);
  });

  test('it is found when delivered, and read from 3 shards of one index', () => {
    const c = small;
    const needles = needleCatalogOf(c.result.ticks, c.result.cohorts);
    needles.refresh();
    const asked = needles.between(0, end - US_PER_MINUTE).at(-1)!;
    const services = c.result.scenario.fleet.services as readonly ServiceDesign[];
    const q = spec({ rangeUs: end });
    const f = explainSearch(
      c.backend,
      resolveQuery(q, { services, documents: 'map' }),
      q,
      end,
      searchConfigOf(c.spec),
      asked.tsUs,
    );
    expect(f.needleFound).toBe(true);
    expect(f.shardsQueried).toBe(3);
    expect(f.indices).toBe(1);
    // One needle per cohort (2 of 5 hosts) every 2 minutes over 2 hours.
    expect(f.docsMatched).toBeGreaterThan(110);
    expect(f.docsMatched).toBeLessThanOrEqual(120);
  });
});

describe('an aggregate on Elasticsearch', () => {
  const small = cluster(TWO_HOURS('200B', '2m'));
  const big = cluster(TWO_HOURS('2000B', '2m'));
  const count = spec({ query: { kind: 'count', by: ['level'] }, filter: 'none' });

  test('its cost grows with the documents it matches, and not with their bytes (random nested ranges)', () => {
    const end = 2 * US_PER_HOUR;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: end - 2 * US_PER_MINUTE }),
        fc.integer({ min: US_PER_MINUTE, max: end / 2 }),
        fc.integer({ min: US_PER_MINUTE, max: end / 2 }),
        (from, inner, extra) => {
          const to = Math.min(end, from + inner);
          const a = plan(small, count, from, to);
          const wider = plan(small, count, from, Math.min(end, to + extra));
          expect(wider.docsMatched).toBeGreaterThanOrEqual(a.docsMatched);
          expect(wider.cpuSeconds).toBeGreaterThanOrEqual(a.cpuSeconds);
          // An aggregation walks the doc values of every match: CPU at least matches ÷ rate.
          expect(a.cpuSeconds).toBeGreaterThanOrEqual(a.docsAggregated / DEFAULT_SEARCH_COSTS.aggDocsPerSec);
          const b = plan(big, count, from, to);
          expect(Math.abs(b.docsMatched - a.docsMatched)).toBeLessThanOrEqual(0.02 * a.docsMatched + 50);
          expect(b.cpuSeconds).toBeLessThan(a.cpuSeconds * 1.05 + 1e-3);
        },
      ),
      { numRuns: 40 },
    );
  });

  test('an hour of api lines: the documents emitted, and within 2× of the closed-form plan', () => {
    const end = 2 * US_PER_HOUR;
    const f = plan(small, count, end - US_PER_HOUR, end);
    // 10 hosts × 50 lines/s × 3600 s.
    expect(f.docsMatched).toBeGreaterThan(1.7e6);
    expect(f.docsMatched).toBeLessThan(1.9e6);
    const closed = planInvertedIndex({
      fromUs: end - US_PER_HOUR,
      toUs: end,
      postings: [f.docsMatched],
      matchedDocs: f.docsMatched,
      fetchedDocs: 0,
      aggregate: true,
    });
    expect(f.latencySeconds).toBeLessThan(2 * closed.latencySeconds + 0.05);
    expect(f.latencySeconds).toBeGreaterThan(closed.latencySeconds / 2);
  });
});

describe('the search thread pool', () => {
  test('rejects exactly what exceeds threads + queue when requests arrive at once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 120 }),
        (threads, queue, n) => {
          const sim = new Simulation(1);
          const node = new DataNode(
            0,
            { cores: 4, bytesPerCorePerSec: 1e7, docsPerCorePerSec: 1e5, overheadUs: 0, parseUsPerDoc: 0 },
            1e12,
          );
          const pool = new SearchPool(sim, node, threads, queue);
          let done = 0;
          let accepted = 0;
          for (let i = 0; i < n; i++) if (pool.submit({ cpuUs: 1000, done: () => done++ })) accepted++;
          sim.run({ untilUs: 10 * US_PER_MINUTE });
          expect(pool.rejected).toBe(Math.max(0, n - threads - queue));
          expect(accepted).toBe(Math.min(n, threads + queue));
          expect(done).toBe(accepted);
        },
      ),
      { numRuns: 60 },
    );
  });

  test('a query fails with 429 exactly when its shard requests exceed threads + queue on every copy', () => {
    const run = (queries: number, copies: number) => {
      const sim = new Simulation(1);
      const nodes = Array.from(
        { length: copies },
        (_, i) =>
          new DataNode(
            i,
            { cores: 2, bytesPerCorePerSec: 1e7, docsPerCorePerSec: 1e5, overheadUs: 0, parseUsPerDoc: 0 },
            1e12,
          ),
      );
      // threads int(3 × 2 ÷ 2) + 1 = 4, queue 6: 10 requests per node at once.
      const pools = nodes.map((n) => new SearchPool(sim, n, 4, 6));
      const index = new BackingIndex('i', 0, 0, 2, 1, US_PER_MINUTE);
      index.add(0, 0, 1000, { debug: 0, info: 1000, warn: 0, error: 0 }, 1, 1e5, 1e5, 0, US_PER_MINUTE);
      index.add(1, 0, 1000, { debug: 0, info: 1000, warn: 0, error: 0 }, 1, 1e5, 1e5, 0, US_PER_MINUTE);
      const outcomes: SearchOutcome[] = [];
      const coordinator = new SearchCoordinator(
        sim,
        {
          indices: [index],
          slotOf: (_i, s) => s,
          liveCopies: () => nodes.map((_, i) => i),
          pool: (n) => pools[n]!,
        },
        {
          preFilterShardSize: 128,
          replicaSelection: 'adaptive',
          fetchSize: 10,
          roundTripUs: 1000,
          needleToleranceUs: 1000,
          costs: DEFAULT_SEARCH_COSTS,
        },
        (o) => outcomes.push(o),
      );
      const services: ServiceDesign[] = [
        {
          name: 'api',
          hosts: 1,
          rate: 1,
          line_size: { mean: 100, sigma: 0 },
          levels: { debug: 0, info: 1, warn: 0, error: 0 },
          labels: ['service', 'level'],
          fields: {},
        },
      ];
      const q = spec({ query: { kind: 'count', by: [] }, filter: 'none' });
      const resolved = resolveQuery(q, { services, documents: 'map' });
      sim.schedule(
        US_PER_MINUTE,
        () => {
          for (let i = 0; i < queries; i++) coordinator.submit(q, resolved, 0, US_PER_MINUTE);
        },
        undefined,
      );
      sim.run({ untilUs: 10 * US_PER_MINUTE });
      return {
        rejected429: outcomes.filter((o) => o.status === 'rejected_429').length,
        answered: outcomes.filter((o) => o.status === 'ok').length,
        shardRejections: pools.reduce((n, p) => n + p.rejected, 0),
      };
    };
    // One copy: 2 shards per query, 10 requests fit; 5 queries fit exactly, a 6th does not.
    expect(run(5, 1)).toEqual({ rejected429: 0, answered: 5, shardRejections: 0 });
    expect(run(6, 1)).toEqual({ rejected429: 1, answered: 5, shardRejections: 2 });
    // Two copies: a rejected request moves to the other copy; 20 requests fit before any query fails.
    expect(run(10, 2).rejected429).toBe(0);
    expect(run(11, 2).rejected429).toBe(1);
  });
});

describe('decision 04 at read time', () => {
  const text = (documents: string): string =>
    elasticScenario(
      `  documents: ${documents}`,
      `queries:\n  - { name: top-users, every: 5m, range: 10m, match: { service: api }, count_by: [user_id] }`,
    ).replace(
      'needles: { every: 2m }',
      'needles: { every: 2m }\n      fields: { user_id: { cardinality: 1000 } }',
    );

  test('raw strings parse each document the query scans, at query time; parsed maps paid at ingest', () => {
    const map = simulateScenario(loadScenarioFromText(text('map'), 'map.yaml')).report;
    const str = simulateScenario(loadScenarioFromText(text('string'), 'string.yaml')).report;
    type Cpu = { ingestSeconds: number; parseAtIngestSeconds: number; parseAtQuerySeconds: number };
    const cpuOf = (r: typeof map): Cpu => (r.elastic as { cpu: Cpu }).cpu;
    const q = (r: typeof map) =>
      (r.queries as Record<string, { docsParsed: number; docsMatched: number }>)['top-users']!;
    // Map: parsed at ingest (20 µs per document), never at query time.
    expect(q(map).docsParsed).toBe(0);
    expect(cpuOf(map).parseAtQuerySeconds).toBe(0);
    const docs = (map.elastic as { docsIndexed: number }).docsIndexed;
    expect(cpuOf(map).parseAtIngestSeconds).toBeCloseTo((docs * 20) / 1e6, 1);
    // String: nothing parsed at ingest; every document scanned is parsed, at 20 µs each.
    expect(cpuOf(str).parseAtIngestSeconds).toBe(0);
    expect(q(str).docsParsed).toBe(q(str).docsMatched);
    expect(q(str).docsParsed).toBeGreaterThan(0);
    expect(cpuOf(str).parseAtQuerySeconds).toBeCloseTo((q(str).docsParsed * 20) / 1e6, 3);
    // The ingest CPU the map pays over the string is the parsing.
    expect(cpuOf(map).ingestSeconds - cpuOf(str).ingestSeconds).toBeGreaterThan(
      0.9 * cpuOf(map).parseAtIngestSeconds,
    );
  });
});

describe('a needle in a refused document', () => {
  test('a document the mapping limit refused is not found; the same needle is found without the fault', () => {
    const needleQuery =
      'queries:\n  - { name: needle, every: 1m, range: 5m, match: { service: api }, contains: needle, needle_min_age: 30s }';
    const base = elasticScenario('  mapping: { total_fields_limit: 60 }', needleQuery);
    const faulty = base.replace(
      needleQuery,
      `faults: [{ at: 6m, es_field_growth: { service: api, share: 1 } }]\n${needleQuery}`,
    );
    const ok = simulateScenario(loadScenarioFromText(base, 'ok.yaml')).report;
    const bad = simulateScenario(loadScenarioFromText(faulty, 'bad.yaml')).report;
    const found = (r: typeof ok) =>
      (r.queries as Record<string, { found: number; needlesAsked: number }>)['needle']!;
    expect(found(ok).found).toBe(1);
    // From the limit on (about 6 min in), every document, needles included, is refused: those needles are never found.
    expect(bad.ledger.lost.mapping_field_limit).toBeGreaterThan(0);
    expect(found(bad).needlesAsked).toBe(found(ok).needlesAsked);
    expect(found(bad).found).toBeLessThan(0.5);
    expect(found(bad).found).toBeGreaterThan(0);
  });
});
