import { describe, expect, it } from 'vitest';
import { checkExpectation } from '../../sim/report/expectation-check.ts';
import { knownMetricNames, resolveMetric } from '../../sim/metrics/metric-registry.ts';
import type { QueryClassReport } from '../../sim/loki/query-stats.ts';
import { parseExpectation, type Expectation } from '../../sim/scenario/expectation.ts';
import { reportFixture } from './report-fixture.ts';

function parsed(metric: string, written: string | number): Expectation {
  const e = parseExpectation(metric, written);
  if (typeof e === 'string') throw new Error(e);
  return e;
}

/** A query class's figures as report.json holds them (sim/loki/query-stats.ts). */
function queryClass(figures: Partial<QueryClassReport>): QueryClassReport {
  return {
    count: 96,
    completed: 94,
    p50: 4.2,
    p95: 7.9,
    p99: 8.6,
    max: 9.1,
    bytesScanned: 5e12,
    bytesFetched: 1e12,
    chunks: 100_000,
    gets: 90_000,
    cpuSeconds: 75_000,
    rejected429: 1,
    timedOut: 1,
    needlesAsked: 80,
    found: 0.9875,
    ...figures,
  };
}

const report = reportFixture({
  queries: {
    needle: queryClass({}),
    'api.by-level': queryClass({ p99: 31.5, found: null, needlesAsked: 0 }),
    idle: queryClass({ completed: 0, p50: null, p95: null, p99: null, max: null }),
  },
});

describe('query.<name>.* metrics', () => {
  it('an expect on a query class passes or fails on its figure', () => {
    expect(checkExpectation(parsed('query.needle.p99', '< 10s'), report)).toMatchObject({
      passed: true,
      measured: 8.6,
    });
    expect(checkExpectation(parsed('query.api.by-level.p99', '< 10s'), report)).toMatchObject({
      passed: false,
      measured: 31.5,
    });
    expect(checkExpectation(parsed('query.needle.found', '>= 95%'), report)).toMatchObject({
      passed: true,
      measured: 0.9875,
    });
    expect(checkExpectation(parsed('query.needle.timedOut', 0), report).passed).toBe(false);
    expect(checkExpectation(parsed('query.needle.rejected429', '<= 1'), report).passed).toBe(true);
    expect(checkExpectation(parsed('query.needle.bytesScanned', '< 10TB'), report).passed).toBe(true);
    expect(checkExpectation(parsed('query.needle.p50', '< 1s'), report)).toMatchObject({
      passed: false,
      measured: 4.2,
    });
  });

  it('reads as not measured when the class is absent or left the figure null', () => {
    const cases: [string, string][] = [
      ['query.other.p99', '< 10s'],
      ['query.idle.p99', '< 10s'],
      ['query.api.by-level.found', '> 90%'],
    ];
    for (const [name, threshold] of cases) {
      expect(checkExpectation(parsed(name, threshold), report)).toMatchObject({
        passed: false,
        measured: null,
      });
    }
    expect(checkExpectation(parsed('query.needle.p99', '< 10s'), reportFixture())).toMatchObject({
      measured: null,
    });
  });

  it('resolves each figure with its unit, and nothing else', () => {
    expect(resolveMetric('query.needle.p99')).toMatchObject({ kind: 'duration', better: 'lower' });
    expect(resolveMetric('query.needle.found')).toMatchObject({ kind: 'share', better: 'higher' });
    expect(resolveMetric('query.needle.bytesScanned')).toMatchObject({ kind: 'bytes' });
    expect(resolveMetric('query.needle.rejected429')).toMatchObject({ kind: 'count' });
    expect(resolveMetric('query.needle.p90')).toBeUndefined();
    expect(resolveMetric('query.p99')).toBeUndefined();
    expect(parseExpectation('query.needle.p90', '< 1s')).toMatch(/unknown metric "query\.needle\.p90"/);
    expect(knownMetricNames()).toContain('query.<name>.p99');
  });
});
