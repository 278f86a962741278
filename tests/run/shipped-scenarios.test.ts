import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listVariants } from '../../sim/scenario/overrides.ts';
import { loadScenario, simulateScenario } from '../../sim/study/simulate.ts';
import { shippedScenarios } from '../helpers/scenarios.ts';

/**
 * Every shipped scenario, every variant: the run conserves lines, and its
 * figures match the committed golden file (everything but the time series,
 * which report.json keeps and the example reports pin). A behaviour change
 * shows up as a diff in review; accept it with `npx vitest run -u tests/run`.
 */
describe('shipped scenarios', () => {
  for (const file of shippedScenarios()) {
    const name = basename(file, '.yaml');
    const variants = ['baseline', ...listVariants(parse(readFileSync(file, 'utf8')))];
    for (const variant of variants) {
      it(`${name} [${variant}]: conserves lines and matches its golden figures`, async () => {
        const { result, report } = simulateScenario(loadScenario(file, { variant }), variant);
        const c = result.conservation;
        expect(c.violations).toEqual([]);
        expect(c.delivered + c.lost + c.inFlight).toBe(c.emitted);
        const { series: _series, ...figures } = report;
        await expect(`${JSON.stringify(figures, null, 2)}\n`).toMatchFileSnapshot(
          join(import.meta.dirname, '..', 'golden', `${name}.${variant}.json`),
        );
      });
    }
  }
});
