import type { RandomStreams } from '../engine/rng.ts';
import { FaultSchedule, poissonInstants, type PlannedFault } from '../faults/fault-schedule.ts';
import { faultDefOf } from '../registry/faults.ts';
import { faultKeyOf, type Scenario } from '../scenario/schema.ts';

/**
 * Turns the scenario's `faults:` into a schedule fixed before the run: an
 * `at` fault happens once; an `every` fault at Poisson instants, in the order
 * the faults are written. The workload's, agents' and network's recurring
 * faults draw from the `faults` stream, a backend's from `<kind>/faults`, so
 * neither shifts the other. Nothing here depends on the rest of the design,
 * so every variant of a scenario sees the same faults.
 */
export function planFaults(scenario: Scenario, random: RandomStreams): FaultSchedule {
  const out: PlannedFault[] = [];
  for (const entry of scenario.faults) {
    const key = faultKeyOf(entry);
    const def = key === undefined ? undefined : faultDefOf(key);
    // The schema admits only registered fault keys.
    if (key === undefined || def === undefined) throw new Error(`fault entry without a known key: ${key}`);
    const spec = entry[key];
    const stream = def.target === 'backend' ? `${scenario.backend.kind}/faults` : 'faults';
    const instants =
      entry.at !== undefined
        ? [entry.at]
        : poissonInstants(random.stream(stream), entry.every ?? scenario.duration, scenario.duration);
    for (const atUs of instants) out.push({ def, atUs, spec });
  }
  return new FaultSchedule(out);
}
