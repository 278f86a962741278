import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listVariants } from '../../sim/scenario/overrides.ts';
import { loadScenario, simulateScenario } from '../../sim/run/simulate.ts';
import { shippedScenarios } from '../helpers/scenarios.ts';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';

describe('conservation on every shipped scenario', () => {
  for (const file of shippedScenarios()) {
    const variants = ['baseline', ...listVariants(parse(readFileSync(file, 'utf8')))];
    for (const variant of variants) {
      it(`${basename(file)} [${variant}]: emitted = delivered + lost + in flight`, () => {
        // runScenario throws InvariantViolation when the check fails; assert the figures too.
        const { result, report } = simulateScenario(loadScenario(file, { variant }), variant);
        const c = result.conservation;
        expect(c.violations).toEqual([]);
        expect(c.delivered + c.lost + c.inFlight).toBe(c.emitted);
        expect(report.ledger.emitted).toBeGreaterThan(0);
      });
    }
  }
});
