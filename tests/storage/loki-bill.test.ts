// Loki's bill from a run: chunk and index objects on S3, PUTs from flushes, GETs from the
// queries, compute for every component; parts add up; expect: reads it.
import { describe, expect, it } from 'vitest';
import { resolveMetric } from '../../sim/metrics/metric-registry.ts';
import { run, smallScenario } from '../agent/run-helper.ts';

type Cost = {
  monthly: number;
  byComponent: Record<string, number>;
  byCategory: Record<string, number>;
  byTier: Record<string, number>;
  byRequestKind: Record<string, number>;
  lines: { usd: number }[];
  months: { month: number; usd: number }[];
};
const cents = (usd: number) => Math.round(usd * 100);
const sum = (r: Record<string, number>) => Object.values(r).reduce((a, v) => a + cents(v), 0);

const loki = (pricing?: Record<string, unknown>) =>
  smallScenario({
    duration: '3h',
    backend: { kind: 'loki', distributors: 2, ingesters: { count: 3 }, chunks: { max_age: '30m' } },
    queries: [{ name: 'panel', every: '5m', range: '1h', count_by: ['level'] }],
    query_path: { queriers: 2 },
    expect: { 'cost.monthly': '< 1000', 'cost.s3-standard': '< 1' },
    ...(pricing !== undefined ? { pricing } : {}),
  });

describe("Loki's bill", () => {
  const { report } = run(loki());
  const cost = report['cost'] as Cost;

  it('bills every component and adds up to its total in every grouping', () => {
    expect(Object.keys(cost.byComponent)).toEqual(['distributor', 'ingester', 'querier', 'chunks', 'index']);
    // 7 m6i.large nodes all month: 7 × 730 h × $0.096.
    expect(cost.byCategory['compute']).toBe(490.56);
    const total = cents(cost.monthly);
    expect(sum(cost.byComponent)).toBe(total);
    expect(sum(cost.byCategory)).toBe(total);
    expect(cost.lines.reduce((a, l) => a + cents(l.usd), 0)).toBe(total);
    expect(sum(cost.byTier)).toBe(total - cents(cost.byCategory['compute'] ?? 0));
    expect(cost.byRequestKind['put']).toBeGreaterThan(0);
    expect(cost.byRequestKind['get']).toBeGreaterThan(0);
  });

  it('answers expect: cost.monthly and cost.<tier>', () => {
    expect(report.expectations.map((e) => [e.metric, e.passed])).toEqual([
      ['cost.monthly', true],
      ['cost.s3-standard', true],
    ]);
    expect(resolveMetric('cost.monthly')?.read(report)).toBe(cost.monthly);
    expect(resolveMetric('cost.s3-glacier-instant')?.read(report)).toBe(0);
  });

  it('ramps up to the steady month while storage fills', () => {
    expect(cost.months.map((m) => m.month)).toEqual([1, 2]);
    expect(cost.months[0]!.usd).toBeLessThan(cost.months[1]!.usd);
    expect(cost.months[1]!.usd).toBe(cost.monthly);
  });

  it('stores the same bytes for less in colder classes, and a discount takes its share off', () => {
    const year = (transitions: unknown[]) =>
      run(loki({ object_storage: { retention: '365d', transitions } })).report['cost'] as Cost;
    const standard = year([]);
    const tiered = year([
      { after: '30d', medium: 's3-standard-ia' },
      { after: '90d', medium: 's3-glacier-instant' },
    ]);
    expect(sum(tiered.byTier)).toBeLessThan(sum(standard.byTier));
    expect(Object.keys(tiered.byTier)).toEqual(['s3-standard', 's3-standard-ia', 's3-glacier-instant']);
    const off = run(loki({ discount: '50%' })).report['cost'] as Cost;
    expect(Math.abs(cents(off.monthly) - cents(cost.monthly) / 2)).toBeLessThanOrEqual(cost.lines.length);
  });

  it('says what it assumed', () => {
    const paths = report.warnings.map((w) => w.path);
    expect(paths).toContain('cost.monthly');
    expect(paths).toContain('pricing.instances');
  });
});
