// The fault schedule is data before the run, from its own stream: variants see the same faults,
// and faults aimed at particular hosts put those hosts in cohorts of their own.
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../sim/engine/rng.ts';
import { US_PER_MINUTE } from '../../sim/engine/time.ts';
import { agentCrashFault, crashesOf, diskFullFault, diskFullOf } from '../../sim/agent/agent-faults.ts';
import { FaultSchedule, poissonInstants } from '../../sim/faults/fault-schedule.ts';
import { networkStallFault, stallsOf } from '../../sim/network/network-faults.ts';
import { planCohorts } from '../../sim/run/cohorts.ts';
import { planFaults } from '../../sim/run/plan-faults.ts';
import { scenarioSchema } from '../../sim/scenario/schema.ts';
import { smallScenario } from '../agent/run-helper.ts';

describe('fault schedule', () => {
  it('draws `every` faults from the faults stream, the same for every design', () => {
    const faults = [{ every: '5m', agent_crash: { service: 'api', hosts: 1, restart_after: '10s' } }];
    const a = scenarioSchema().parse(smallScenario({ faults, agent: { commit: 'on_read' } }));
    const b = scenarioSchema().parse(
      smallScenario({ faults, agent: { buffer: { when_full: 'drop_newest' } } }),
    );
    const sa = planFaults(a, new RandomStreams(a.seed));
    const sb = planFaults(b, new RandomStreams(b.seed));
    expect(sa.faults.length).toBeGreaterThan(0);
    expect(sa.faults).toEqual(sb.faults);
  });

  it('Poisson instants average the requested interval', () => {
    const rng = new RandomStreams(1).stream('faults');
    const n = poissonInstants(rng, US_PER_MINUTE, 10_000 * US_PER_MINUTE).length;
    expect(n).toBeGreaterThan(9_500);
    expect(n).toBeLessThan(10_500);
  });

  it('host-targeted faults split cohorts; service-wide faults do not', () => {
    const schedule = new FaultSchedule([
      { def: agentCrashFault, atUs: 1, spec: { service: 'api', hosts: [3], restart_after: 1 } },
      { def: diskFullFault, atUs: 1, spec: { service: 'api', hosts: 'all', for: 1 } },
      {
        def: networkStallFault,
        atUs: 1,
        spec: { service: 'api', hosts: 2, for: 1, extra_latency: 5, bandwidth_factor: 1 },
      },
    ]);
    const cohorts = planCohorts('api', 6, 50, (h) => schedule.signatureOf('api', h));
    expect(cohorts.map((c) => [c.firstHost, c.hosts])).toEqual([
      [0, 2],
      [2, 1],
      [3, 1],
      [4, 2],
    ]);
    expect(crashesOf(schedule, 'api', 3)).toHaveLength(1);
    expect(crashesOf(schedule, 'api', 4)).toHaveLength(0);
    expect(diskFullOf(schedule, 'api', 5)).toHaveLength(1);
    expect(stallsOf(schedule, 'api', 1)).toHaveLength(1);
    expect(stallsOf(schedule, 'worker', 1)).toHaveLength(0);
  });

  it('a fault needs exactly one of at / every', () => {
    const bad = smallScenario({ faults: [{ outage: { for: '1m' } }] });
    expect(scenarioSchema().safeParse(bad).success).toBe(false);
    const both = smallScenario({ faults: [{ at: '1m', every: '2m', outage: { for: '1m' } }] });
    expect(scenarioSchema().safeParse(both).success).toBe(false);
  });
});
