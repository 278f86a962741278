/**
 * The `expect:` outcomes of a comparison as JUnit XML: one test case per
 * assertion per variant (classname `<scenario>.<variant>`), the measured
 * value in the failure message, so a CI test view says what broke and by how much.
 */
import type { Comparison } from './comparison.ts';
import { toJUnitXml, type JUnitCase } from './junit.ts';

/** JUnit XML of every assertion of every variant. */
export function expectationJUnit(comparison: Comparison): string {
  const scenario = comparison.scenarios.join('+');
  const cases = comparison.variants.flatMap((v) =>
    v.expectations.map((e): JUnitCase => ({
      classname: `${scenario}.${v.name}`,
      name: e.assertion,
      passed: e.passed,
      measured: e.measuredText,
      expected: e.assertion,
      message: `${e.assertion} failed in variant ${v.name}: measured ${e.measuredText}`,
    })),
  );
  return toJUnitXml({
    suiteName: `logsim ${scenario}`,
    cases,
    properties: { baseline: comparison.baseline, seeds: comparison.seeds.join(',') },
  });
}
