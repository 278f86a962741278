import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const SCENARIO_DIR = join(import.meta.dirname, '..', '..', 'scenarios');

/** Every shipped scenario file, sorted. */
export function shippedScenarios(): string[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(SCENARIO_DIR, f));
}
