// The endpoint's bill: node-hours at the instance price, and the price a scenario gives.
import { describe, expect, it } from 'vitest';
import { run, smallScenario } from '../agent/run-helper.ts';

describe("the endpoint's bill", () => {
  it('is its nodes × 730 hours × the hourly price, and says the price is assumed', () => {
    const { report } = run(smallScenario({ duration: '2m', expect: { 'cost.monthly': '< $1.2k' } }));
    // 2 nodes × 730 h × $0.192 (m6i.xlarge, assumed).
    expect(report['cost']).toMatchObject({ monthly: 280.32, byComponent: { endpoint: 280.32 } });
    expect(report.expectations[0]).toMatchObject({ passed: true, measuredText: '$280.32' });
    expect(report.warnings.map((w) => w.path)).toContain('pricing.instances');
  });

  it('uses the scenario’s own price, which it does not call an assumption', () => {
    const { report } = run(
      smallScenario({
        duration: '2m',
        pricing: {
          instances: { 'c6i.xlarge': { usd_per_hour: 0.1, source: 'our rate card' } },
          nodes: { endpoint: 'c6i.xlarge' },
        },
      }),
    );
    expect(report['cost']).toMatchObject({
      monthly: 146,
      prices: [{ item: 'c6i.xlarge', source: 'our rate card' }],
    });
    expect(report.warnings.map((w) => w.path)).not.toContain('pricing.instances');
  });
});
