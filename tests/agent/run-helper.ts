// Builds and runs small scenarios from plain objects, for the agent, fault and property tests.
import { buildReport, type Report } from '../../sim/report/report.ts';
import { runScenario, type RunResult } from '../../sim/run/run-scenario.ts';
import { scenarioSchema } from '../../sim/scenario/schema.ts';

/** A small fleet: one service of `hosts` hosts at 50 lines/s, a 1 s tick, a 2-node endpoint. */
export function smallScenario(
  overrides: Record<string, unknown> = {},
  service: Record<string, unknown> = {},
): unknown {
  return {
    name: 'agent-test',
    seed: 5,
    duration: '20m',
    fleet: {
      services: [{ name: 'api', hosts: 4, rate: '50/s', line_size: { mean: '200B' }, ...service }],
      cohort_max_hosts: 2,
    },
    backend: { kind: 'endpoint', nodes: 2 },
    ...overrides,
  };
}

/** Validates and runs a scenario object; the run throws if conservation breaks. */
export function run(raw: unknown): { result: RunResult; report: Report } {
  const result = runScenario(scenarioSchema().parse(raw));
  return { result, report: buildReport(result) };
}
