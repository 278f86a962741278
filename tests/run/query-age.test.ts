/**
 * A query over old data (`age:`) reads the tier that age lives on, and pays
 * that tier's first-byte latency and throughput: on Elasticsearch its ILM
 * tier (warm and cold on st1 disks, frozen in the snapshot repository; hot in
 * the page cache), on Loki its storage class (a Glacier Flexible restore
 * takes hours, so the query times out). The same query, the same data, only
 * the age differs.
 */
import { describe, expect, test } from 'vitest';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';
import { DEFAULT_MEDIA } from '../../sim/storage/media.ts';
import { elasticScenario } from '../helpers/elastic-scenario.ts';
import { lokiScenario } from '../helpers/loki-scenario.ts';

interface QueryFigures {
  count: number;
  p50: number | null;
  timedOut?: number;
  found?: number;
}

const firstByte = (id: string) => DEFAULT_MEDIA.find((m) => m.id === id)!.firstByteLatencyUs / 1e6;

const needles = (ages: Record<string, string>) =>
  'queries:\n' +
  Object.entries(ages)
    .map(
      ([name, age]) =>
        `  - { name: ${name}, every: 1m, range: 5m, age: ${age}, match: { service: api }, contains: needle, needle_min_age: 30s }`,
    )
    .join('\n');

describe('queries over old data', () => {
  test('Elasticsearch: 60 days old is read from cold st1 disks, 120 from the repository; each slower by its first bytes', () => {
    const policy = `  ilm:
    warm: { min_age: 7d, nodes: 1, disk: 1TB, disk_medium: st1 }
    cold: { min_age: 30d, nodes: 1, disk: 1TB, disk_medium: st1 }
    frozen: { min_age: 90d, nodes: 1, disk: 1TB }
    delete: { min_age: 365d }`;
    const report = simulateScenario(
      loadScenarioFromText(
        elasticScenario(policy, needles({ today: '0s', cold: '60d', frozen: '120d' })),
        'age.yaml',
      ),
    ).report;
    const q = report.queries as Record<string, QueryFigures>;
    const [today, cold, frozen] = [q['today']!, q['cold']!, q['frozen']!];
    // The same data is found whatever its age.
    expect(cold.found).toBe(today.found);
    expect(frozen.found).toBe(today.found);
    // A needle: each shard reads its term and the range (2 first bytes), the fetch one more per hit.
    expect(cold.p50! - today.p50!).toBeGreaterThanOrEqual(2 * firstByte('st1') * 0.99);
    expect(cold.p50! - today.p50!).toBeLessThan(10 * firstByte('st1'));
    expect(frozen.p50! - today.p50!).toBeGreaterThanOrEqual(2 * firstByte('s3-standard') * 0.99);
    expect(frozen.p50!).toBeGreaterThan(cold.p50!);
  });

  test('Elasticsearch without an ILM policy: every age within retention is on hot, no slower', () => {
    const report = simulateScenario(
      loadScenarioFromText(elasticScenario('', needles({ today: '0s', old: '20d' })), 'age.yaml'),
    ).report;
    const q = report.queries as Record<string, QueryFigures>;
    expect(q['old']!.p50).toBe(q['today']!.p50);
  });

  test('Loki: data in Glacier Flexible needs a restore of hours, so the query times out; Standard-IA reads as fast as Standard', () => {
    const pricing = (medium: string) =>
      `pricing:\n  object_storage: { retention: 365d, transitions: [{ after: 30d, medium: ${medium} }] }`;
    const run = (medium: string) =>
      simulateScenario(
        loadScenarioFromText(
          lokiScenario(`${needles({ today: '0s', old: '60d' })}\n${pricing(medium)}`).replace(
            'chunks: { idle: 5m, max_age: 20m }',
            'chunks: { idle: 1m, max_age: 2m }',
          ),
          'age.yaml',
        ),
      ).report.queries as Record<string, QueryFigures>;
    const glacier = run('s3-glacier-flexible');
    // Every query that reads a stored chunk waits the restore (the first minutes have none yet).
    expect(glacier['old']!.timedOut! / glacier['old']!.count).toBeGreaterThan(0.8);
    expect(glacier['today']!.timedOut ?? 0).toBe(0);
    // Standard-IA has Standard's first byte: the same old query is as fast in either.
    const ia = run('s3-standard-ia');
    const standard = run('s3-standard');
    expect(ia['old']!.p50).toBe(standard['old']!.p50);
    expect(ia['old']!.timedOut ?? 0).toBe(0);
  });

  test('past retention the data is gone: a needle that old is not found, on either backend', () => {
    const policy = '  ilm:\n    delete: { min_age: 30d }';
    const es = simulateScenario(
      loadScenarioFromText(elasticScenario(policy, needles({ today: '0s', gone: '40d' })), 'age.yaml'),
    ).report.queries as Record<string, QueryFigures>;
    expect(es['today']!.found).toBeGreaterThan(0);
    expect(es['gone']!.found).toBe(0);
    const loki = simulateScenario(
      loadScenarioFromText(
        lokiScenario(
          `${needles({ today: '0s', gone: '40d' })}\npricing:\n  object_storage: { retention: 30d }`,
        ).replace('chunks: { idle: 5m, max_age: 20m }', 'chunks: { idle: 1m, max_age: 2m }'),
        'age.yaml',
      ),
    ).report.queries as Record<string, QueryFigures>;
    expect(loki['today']!.found).toBeGreaterThan(0);
    expect(loki['gone']!.found).toBe(0);
  });
});

describe('the bill of queries over old data', () => {
  test('Loki: an old query’s GETs and retrieval are billed at the class its age is in (Standard-IA’s fee)', () => {
    const pricing =
      'pricing:\n  object_storage: { retention: 365d, transitions: [{ after: 30d, medium: s3-standard-ia }] }';
    const report = simulateScenario(
      loadScenarioFromText(
        lokiScenario(`${needles({ today: '0s', old: '60d' })}\n${pricing}`).replace(
          'chunks: { idle: 5m, max_age: 20m }',
          'chunks: { idle: 1m, max_age: 2m }',
        ),
        'age.yaml',
      ),
    ).report;
    const old = (report.queries as Record<string, { gets: number; bytesFetched: number }>)['old']!;
    const lines = (
      report.cost as { lines: { item: string; requestKind?: string; category: string; quantity: number }[] }
    ).lines;
    const month = (730 * 3600e6) / (20 * 60e6);
    const iaGets = lines.find((l) => l.item === 's3-standard-ia' && l.requestKind === 'get')!;
    expect(iaGets.quantity).toBeCloseTo((old.gets * month) / 1000, 2);
    const iaRetrieval = lines.find((l) => l.item === 's3-standard-ia' && l.category === 'retrieval')!;
    expect(iaRetrieval.quantity).toBeCloseTo((old.bytesFetched / 1024 ** 3) * month, 3);
  });
});
