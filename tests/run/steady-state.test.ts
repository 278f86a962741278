import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { US_PER_SECOND } from '../../sim/engine/time.ts';
import { EventLimitExceeded } from '../../sim/run/run-errors.ts';
import { runScenario } from '../../sim/run/run-scenario.ts';
import { loadScenario, simulateScenario } from '../../sim/study/simulate.ts';
import { SCENARIO_DIR } from '../helpers/scenarios.ts';

const steady = join(SCENARIO_DIR, 'steady-state.yaml');

describe('steady state, no faults', () => {
  const { scenario, report } = simulateScenario(loadScenario(steady));

  it('emits what the fleet writes: Σ hosts × rate × duration, within Poisson noise', () => {
    const seconds = scenario.duration / US_PER_SECOND;
    const expected = scenario.fleet.services.reduce((n, s) => n + s.hosts * s.rate * seconds, 0);
    // Poisson: sd = sqrt(expected); 5 sd is a wide, honest bound.
    expect(Math.abs(report.ledger.emitted - expected)).toBeLessThan(5 * Math.sqrt(expected));
  });

  it('loses nothing and duplicates nothing', () => {
    expect(report.ledger.lostTotal).toBe(0);
    expect(report.ledger.duplicates).toBe(0);
    expect(report.ledger.needles.lost).toBe(0);
  });

  it('keeps lag near the linger: p50 below 1 s linger, max a little over it', () => {
    const linger = (scenario.agent.batch.linger ?? US_PER_SECOND) / US_PER_SECOND; // unset: the 1s default
    expect(report.lag.p50).toBeGreaterThan(0.25 * linger);
    expect(report.lag.p50).toBeLessThan(linger);
    expect(report.lag.max).toBeLessThan(linger + 1);
  });

  it('leaves in flight only what the last linger window holds', () => {
    const perSecond = report.ledger.emitted / (scenario.duration / US_PER_SECOND);
    expect(report.ledger.inFlight).toBeLessThan(2 * perSecond);
  });
});

describe('the event budget', () => {
  it('refuses a run whose estimate exceeds --max-events, before running it', () => {
    const scenario = loadScenario(steady);
    expect(() => runScenario(scenario, { maxEvents: 1000 })).toThrow(EventLimitExceeded);
    expect(() => runScenario(scenario, { maxEvents: 1000 })).toThrow(/--max-events/);
  });
});
