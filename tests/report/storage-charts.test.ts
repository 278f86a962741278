/**
 * The bill and the stored bytes by tier over months: a chart for each when
 * the report has them, whose bands add up to the bill of each month.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { storageCharts } from '../../sim/report/storage-charts.ts';
import { loadScenario, simulateScenario } from '../../sim/study/simulate.ts';
import { SCENARIO_DIR } from '../helpers/scenarios.ts';

describe('storage charts', () => {
  test('an ILM design charts its bill by tier and its bytes by tier, month by month', () => {
    const { report } = simulateScenario(
      loadScenario(join(SCENARIO_DIR, '07-tiers-elastic.yaml'), { overrides: ['duration=2h'] }),
    );
    const charts = storageCharts(report);
    expect(charts.map((c) => c.name)).toEqual(['bill-by-tier', 'bytes-by-tier']);
    const months = (report.cost as { months: { month: number; usd: number }[] }).months;
    const bill = charts[0]!.spec as { data: { values: { month: number; usd: number }[] } };
    for (const m of months) {
      const sum = bill.data.values.filter((r) => r.month === m.month).reduce((s, r) => s + r.usd, 0);
      expect(sum).toBeCloseTo(m.usd, 2);
    }
    const bytes = charts[1]!.spec as { data: { values: { tier: string; gib: number }[] } };
    expect(new Set(bytes.data.values.map((r) => r.tier))).toEqual(
      new Set(['hot', 'warm', 'cold', 'frozen', 'repository']),
    );
  });

  test('a bill flat from month one, or none, gives no chart', () => {
    const { report } = simulateScenario(
      loadScenario(join(SCENARIO_DIR, 'steady-state.yaml'), { overrides: ['duration=10m'] }),
    );
    expect(storageCharts(report)).toEqual([]);
  });
});
