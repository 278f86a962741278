import { loadScenarioFile, loadScenarioText } from '../scenario/load.ts';
import { scenarioSchema, type Scenario } from '../scenario/schema.ts';
import { buildReport, type Report } from '../report/report.ts';
import { runScenario, type RunOptions, type RunResult } from '../run/run-scenario.ts';

/** How to load a scenario for one run. */
export interface ScenarioSelection {
  /** `--set path=value` overrides, applied after the variant. */
  readonly overrides?: readonly string[];
  /** A variant from the scenario's `variants:` ("baseline" or absent = as written). */
  readonly variant?: string;
  /** Replaces the scenario's seed. */
  readonly seed?: number;
}

function loadOptions(selection: ScenarioSelection) {
  const overrides = [...(selection.overrides ?? [])];
  if (selection.seed !== undefined) overrides.push(`seed=${selection.seed}`);
  return {
    overrides,
    ...(selection.variant !== undefined && selection.variant !== 'baseline'
      ? { variant: selection.variant }
      : {}),
  };
}

/** Loads and validates a scenario file (throws ScenarioError with every problem). */
export function loadScenario(path: string, selection: ScenarioSelection = {}): Scenario {
  return loadScenarioFile(path, scenarioSchema(), loadOptions(selection));
}

/** Loads and validates scenario text; `file` names it in diagnostics. */
export function loadScenarioFromText(
  text: string,
  file: string,
  selection: ScenarioSelection = {},
): Scenario {
  return loadScenarioText(text, file, scenarioSchema(), loadOptions(selection));
}

/** One finished run and its report. */
export interface Simulated {
  readonly scenario: Scenario;
  readonly result: RunResult;
  readonly report: Report;
}

/** Loads, runs and reports one scenario file: the library call behind `sim run`. */
export function simulateFile(
  path: string,
  selection: ScenarioSelection = {},
  options: RunOptions = {},
): Simulated {
  const scenario = loadScenario(path, selection);
  return simulateScenario(scenario, selection.variant ?? 'baseline', options);
}

/** Runs and reports an already validated scenario. */
export function simulateScenario(
  scenario: Scenario,
  variant = 'baseline',
  options: RunOptions = {},
): Simulated {
  const result = runScenario(scenario, options);
  return { scenario, result, report: buildReport(result, variant) };
}
