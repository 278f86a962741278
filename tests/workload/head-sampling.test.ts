// Decision 09, head sampling: the SDK decides at emit, blind. The kept share is what the
// binomial says; the traffic is the same as without sampling (its own stream); and the
// error line a query needs is dropped like any other by a uniform sample, kept by a
// per-level one. Every dropped line is a counted loss, needles included.
import { describe, expect, it } from 'vitest';
import { run, smallScenario } from '../agent/run-helper.ts';

const service = (sampling?: object) => ({
  hosts: 10,
  rate: '200/s',
  needles: { every: '30s' },
  ...(sampling !== undefined ? { sampling } : {}),
});
const scenario = (sampling?: object) => smallScenario({ duration: '10m' }, service(sampling));

describe('head sampling', () => {
  const none = run(scenario()).report;

  it('keeps a share within the binomial 95 % interval, line by line', () => {
    const p = 0.05;
    const { report } = run(scenario({ head: p, by: 'line' }));
    const n = report.ledger.emitted;
    const kept = n - report.ledger.lost['sampled_head']!;
    expect(Math.abs(kept - n * p)).toBeLessThan(1.96 * Math.sqrt(n * p * (1 - p)));
  });

  it('keeps whole traces: the same mean, a wider interval (k lines per decision)', () => {
    const p = 0.05;
    const k = 10;
    const { report } = run(scenario({ head: p, spans_per_trace: k }));
    const n = report.ledger.emitted;
    const kept = n - report.ledger.lost['sampled_head']!;
    expect(Math.abs(kept - n * p)).toBeLessThan(1.96 * k * Math.sqrt((n / k) * p * (1 - p)) + k * 600);
  });

  it('sees the same traffic as the unsampled design, and conserves every line', () => {
    const { report, result } = run(scenario({ head: 0.01 }));
    expect(report.ledger.emitted).toBe(none.ledger.emitted);
    expect(result.conservation.violations).toEqual([]);
    expect(report.ledger.delivered + report.ledger.lostTotal + report.ledger.inFlight).toBe(
      report.ledger.emitted,
    );
  });

  it('drops the needles (error lines) a uniform 1 % sample drops, and a per-level sample keeps them all', () => {
    const uniform = run(scenario({ head: 0.01 })).report;
    expect(uniform.ledger.needles.planted).toBe(none.ledger.needles.planted);
    expect(uniform.sampling!.needlesSampledOut).toBeGreaterThan(0.9 * uniform.ledger.needles.planted);
    expect(uniform.ledger.needles.lost).toBe(uniform.sampling!.needlesSampledOut);
    expect(uniform.sampling!.errorsKeptShare).toBeLessThan(0.05);
    const levels = run(scenario({ head: { debug: 0, info: 0.01, warn: 0.1, error: 1 } })).report;
    expect(levels.sampling!.needlesSampledOut).toBe(0);
    expect(levels.sampling!.errorsKeptShare).toBe(1);
    expect(levels.ledger.lost['sampled_head']).toBeGreaterThan(0.9 * levels.ledger.emitted);
  });

  it('draws nothing and reports nothing for a service that keeps every line', () => {
    const all = run(scenario({ head: 1 })).report;
    expect(all.sampling).toBeUndefined();
    expect(all.ledger).toEqual(none.ledger);
  });
});
