import { describe, expect, it } from 'vitest';
import { loadScenarioFromText } from '../../sim/study/simulate.ts';
import { ScenarioError } from '../../sim/scenario/errors.ts';
import { parseExpectation, type Expectation } from '../../sim/scenario/expectation.ts';
import { checkExpectation } from '../../sim/report/expectation-check.ts';
import { knownMetricNames, resolveMetric } from '../../sim/metrics/metric-registry.ts';
import { reportFixture } from './report-fixture.ts';

const SCENARIO = `
name: t
duration: 1m
fleet: { services: [{ name: api, hosts: 1, rate: 1/s }] }
`;

function parsed(metric: string, written: string | number): Expectation {
  const e = parseExpectation(metric, written);
  if (typeof e === 'string') throw new Error(e);
  return e;
}

describe('expect: parsing', () => {
  it('reads operators and units per metric kind (canonical: s, bytes, lines, fractions)', () => {
    expect(parsed('app_stall', '< 1s')).toMatchObject({ op: '<', threshold: 1, ofEmitted: false });
    expect(parsed('lag.p99', '<= 500ms')).toMatchObject({ op: '<=', threshold: 0.5 });
    expect(parsed('lines_lost', 0)).toMatchObject({ op: '==', threshold: 0, text: 'lines_lost == 0' });
    expect(parsed('lines_lost', '10k')).toMatchObject({ op: '==', threshold: 10_000 });
    expect(parsed('duplicates', '< 0.1%')).toMatchObject({ op: '<', threshold: 0.001, ofEmitted: true });
    expect(parsed('lines_delivered', '> 99.9%')).toMatchObject({ op: '>', ofEmitted: true });
    expect(parsed('agent.buffer_peak', '<= 64MiB')).toMatchObject({ threshold: 64 * 1024 * 1024 });
    expect(parsed('lost.dropped_when_full', '= 0')).toMatchObject({ op: '==', threshold: 0 });
  });

  it('rejects unknown metrics with the nearest valid name, and bad thresholds with the expected form', () => {
    expect(parseExpectation('lag.p90', '< 1s')).toMatch(
      /unknown metric "lag\.p90" \(did you mean lag\.p50\?\)/,
    );
    expect(parseExpectation('lines_lots', 0)).toMatch(/did you mean lines_lost\?/);
    expect(parseExpectation('lag.p99', '< 30 parsecs')).toMatch(/expected a duration/);
    expect(parseExpectation('lag.p99', '<')).toMatch(/expected a threshold/);
  });

  it('is part of the scenario schema: errors point at the file line, with a suggestion', () => {
    const text = `${SCENARIO}expect:\n  lines_lost: 0\n  lag.p90: < 1s\n`;
    let error: unknown;
    try {
      loadScenarioFromText(text, 'x.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const d = (error as ScenarioError).diagnostics[0]!;
    expect(d.line).toBe(7);
    expect(d.message).toContain('did you mean lag.p50?');
    const ok = loadScenarioFromText(`${SCENARIO}expect:\n  lines_lost: 0\n  lag.p99: < 30s\n`, 'x.yaml');
    expect(ok.expect.map((e) => e.text)).toEqual(['lines_lost == 0', 'lag.p99 < 30s']);
  });

  it('every registered name resolves, and the registry knows the issue-5 names', () => {
    for (const name of knownMetricNames()) expect(resolveMetric(name)?.name).toBe(name);
    for (const name of ['lines_lost', 'app_stall', 'lag.p99', 'duplicates'])
      expect(resolveMetric(name)).toBeDefined();
  });
});

describe('expect: checking against a report', () => {
  it('compares in the metric unit, and shares against the lines emitted', () => {
    const r = reportFixture();
    expect(checkExpectation(parsed('lines_lost', 0), r)).toMatchObject({ passed: false, measured: 100 });
    expect(checkExpectation(parsed('lines_lost', '< 0.2%'), r)).toMatchObject({
      passed: true,
      measured: 0.001,
    });
    expect(checkExpectation(parsed('duplicates', '< 0.1%'), r).passed).toBe(true);
    expect(checkExpectation(parsed('lag.p99', '< 10s'), r)).toMatchObject({
      passed: false,
      measuredText: '12.0s',
    });
    expect(checkExpectation(parsed('agent.buffer_peak', '< 64MiB'), r).passed).toBe(true);
    expect(checkExpectation(parsed('lost.dropped_when_full', '<= 100'), r).passed).toBe(true);
    expect(checkExpectation(parsed('lost.disk_full', 0), r).passed).toBe(true);
  });

  it('app_stall reads app.stallSeconds when the report has it', () => {
    const stalled = reportFixture({ app: { stallSeconds: 2.5 } });
    expect(checkExpectation(parsed('app_stall', '< 1s'), stalled)).toMatchObject({
      passed: false,
      measured: 2.5,
      measuredText: '2.50s',
    });
    expect(checkExpectation(parsed('app_stall', '< 3s'), stalled).passed).toBe(true);
  });

  it('a metric the run does not measure fails, never passes silently', () => {
    const r = reportFixture();
    delete (r as unknown as Record<string, unknown>).app;
    expect(checkExpectation(parsed('app_stall', '< 1s'), r)).toMatchObject({
      passed: false,
      measured: null,
      measuredText: 'not measured by this run',
    });
  });
});
