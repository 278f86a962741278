import { describe, expect, test } from 'vitest';
import { Simulation } from '../../sim/engine/simulation.ts';
import { US_PER_HOUR, US_PER_MINUTE } from '../../sim/engine/time.ts';
import { explainQuery, lokiPlan } from '../../sim/loki/explain.ts';
import { formatPlans } from '../../sim/query/query-plan.ts';
import type { QuerySpec } from '../../sim/query/query-spec.ts';
import { TestLoki } from '../helpers/loki-read-view-fixture.ts';

function loki24h(): { loki: TestLoki; needle: number } {
  const sim = new Simulation(1);
  const loki = new TestLoki(sim);
  const needle = 5 * US_PER_HOUR + 123;
  for (const level of ['info', 'error']) {
    const id = loki.stream({ service: 'api', level });
    const push = (end: number): void => {
      const needles =
        level === 'info' && needle >= end - US_PER_MINUTE && needle < end ? [needle] : undefined;
      loki.push(id, {
        lines: 1000,
        bytes: 200_000,
        minTsUs: end - US_PER_MINUTE,
        maxTsUs: end - 1,
        ...(needles ? { needles } : {}),
      });
      if (end < 24 * US_PER_HOUR) sim.schedule(US_PER_MINUTE, push, end + US_PER_MINUTE);
    };
    sim.schedule(US_PER_MINUTE, push, US_PER_MINUTE);
  }
  sim.run({ untilUs: 24 * US_PER_HOUR });
  return { loki, needle };
}

const spec = (over: Partial<QuerySpec>): QuerySpec => ({
  name: 'q',
  everyUs: US_PER_MINUTE,
  arrival: 'periodic',
  rangeUs: 24 * US_PER_HOUR,
  match: { service: 'api' },
  query: { kind: 'needle', text: 'needle' },
  filter: 'substring',
  needleMinAgeUs: 0,
  ...over,
});

describe('explain: the Loki plan of one query', () => {
  test('a needle over 24h: Loki scans every byte of the matching streams', () => {
    const { loki, needle } = loki24h();
    const e = explainQuery(loki, spec({}), 24 * US_PER_HOUR, { needleTsUs: needle });
    expect(e.needleFound).toBe(true);
    expect(e.loki.splits).toBe(24);
    expect(e.loki.streamsMatched).toBe(2);
    expect(e.loki.gets).toBeGreaterThan(0);
    expect(e.loki.rawBytesScanned).toBeGreaterThan(500e6);
    const text = formatPlans([lokiPlan('loki', e)]);
    expect(text).toContain('needle at 18000.000123 s: found');
    expect(text).toMatch(/latency +│ [\d.]+ s/);
  });

  test('an aggregate by level over 1h: one stream matched', () => {
    const { loki } = loki24h();
    const e = explainQuery(
      loki,
      spec({
        rangeUs: US_PER_HOUR,
        match: { level: 'error' },
        query: { kind: 'count', by: ['level'] },
        filter: 'none',
      }),
      24 * US_PER_HOUR,
    );
    expect(e.loki.streamsMatched).toBe(1);
    expect(e.needleFound).toBeUndefined();
  });

  test('explain is a dry run: it counts no GET', () => {
    const { loki, needle } = loki24h();
    const before = loki.objectStore.counters.gets;
    explainQuery(loki, spec({}), 24 * US_PER_HOUR, { needleTsUs: needle });
    expect(loki.objectStore.counters.gets).toBe(before);
  });
});
