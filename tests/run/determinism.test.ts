import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadScenario, simulateScenario } from '../../sim/study/simulate.ts';
import { reportJson } from '../../sim/report/report.ts';
import { SCENARIO_DIR } from '../helpers/scenarios.ts';

const steady = join(SCENARIO_DIR, 'steady-state.yaml');
// A shorter horizon keeps the test quick; determinism does not depend on it.
const short = ['duration=10m'];

describe('determinism', () => {
  it('gives byte-identical report.json for the same scenario and seed', () => {
    const a = reportJson(simulateScenario(loadScenario(steady, { overrides: short })).report);
    const b = reportJson(simulateScenario(loadScenario(steady, { overrides: short })).report);
    expect(a).toBe(b);
  });

  it('gives a different report for another seed', () => {
    const a = simulateScenario(loadScenario(steady, { overrides: short, seed: 1 })).report;
    const b = simulateScenario(loadScenario(steady, { overrides: short, seed: 2 })).report;
    expect(a.ledger.emitted).not.toBe(b.ledger.emitted);
    expect(reportJson(a)).not.toBe(reportJson(b));
  });

  it('does not let the agent design shift the workload (common random numbers)', () => {
    const a = simulateScenario(loadScenario(steady, { overrides: short })).report;
    const b = simulateScenario(
      loadScenario(steady, { overrides: [...short, 'agent.batch.linger=5s', 'agent.batch.max_bytes=4MiB'] }),
    ).report;
    expect(b.ledger.emitted).toBe(a.ledger.emitted);
    expect(b.lag.p50).toBeGreaterThan(a.lag.p50);
  });
});
