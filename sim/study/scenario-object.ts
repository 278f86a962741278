import { stringify } from 'yaml';
import type { Scenario } from '../scenario/schema.ts';
import { loadScenarioFromText, type ScenarioSelection } from './simulate.ts';

/**
 * Validates a scenario given as a plain object (what a test builds), exactly as
 * if it were a file: it is written as YAML under the name `file`, so a bad
 * value is a ScenarioError with the key path and the line of that YAML.
 */
export function loadScenarioFromObject(
  scenario: object,
  file = 'scenario.yaml',
  selection: ScenarioSelection = {},
): Scenario {
  return loadScenarioFromText(stringify(scenario), file, selection);
}
