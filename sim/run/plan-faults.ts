import type { RandomStream } from '../engine/rng.ts';
import {
  FaultSchedule,
  poissonInstants,
  type HostSelection,
  type ScheduledFault,
} from '../faults/fault-schedule.ts';
import { isLokiFault, type FaultSpec, type LokiFaultSpec, type Scenario } from '../scenario/schema.ts';

/**
 * Turns the scenario's `faults:` into a schedule fixed before the run: an
 * `at` fault happens once; an `every` fault at Poisson instants drawn from the
 * `faults` stream, in the order the faults are written. Nothing here depends
 * on the design, so every variant of a scenario sees the same faults.
 */
export function planFaults(scenario: Scenario, rng: RandomStream): FaultSchedule {
  const out: ScheduledFault[] = [];
  for (const spec of scenario.faults) {
    if (isLokiFault(spec)) continue; // applied by the Loki backend (sim/run/loki-settings.ts)
    const instants =
      spec.at !== undefined
        ? [spec.at]
        : poissonInstants(rng, spec.every ?? scenario.duration, scenario.duration);
    for (const at of instants) out.push(scheduled(spec, at));
  }
  return new FaultSchedule(out);
}

function hosts(sel: 'all' | number | number[]): HostSelection {
  if (sel === 'all') return 'all';
  return typeof sel === 'number' ? { first: sel } : { ids: sel };
}

function scheduled(spec: Exclude<FaultSpec, LokiFaultSpec>, at: number): ScheduledFault {
  if ('outage' in spec)
    return { kind: 'outage', fromUs: at, toUs: at + spec.outage.for, mode: spec.outage.mode };
  if ('chatty' in spec) {
    return {
      kind: 'chatty',
      service: spec.chatty.service,
      fromUs: at,
      toUs: at + spec.chatty.for,
      factor: spec.chatty.factor,
    };
  }
  if ('network_stall' in spec) {
    const f = spec.network_stall;
    return {
      kind: 'network_stall',
      service: f.service,
      hosts: hosts(f.hosts),
      fromUs: at,
      toUs: at + f.for,
      extraLatencyUs: f.extra_latency,
      bandwidthFactor: f.bandwidth_factor,
    };
  }
  if ('agent_crash' in spec) {
    const f = spec.agent_crash;
    return {
      kind: 'agent_crash',
      service: f.service,
      hosts: hosts(f.hosts),
      atUs: at,
      restartAfterUs: f.restart_after,
    };
  }
  const f = spec.disk_full;
  return { kind: 'disk_full', service: f.service, hosts: hosts(f.hosts), fromUs: at, toUs: at + f.for };
}
