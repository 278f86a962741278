// A backend is one folder plus one registry line: the instant backend of tests/helpers/
// registers itself and runs through the same runner, report, expectations and scenario
// errors as the built-in ones, without an edit under sim/run/, sim/report/ or sim/scenario/.
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineBackend } from '../../sim/backend/backend-module.ts';
import { registerBackend, backendModules } from '../../sim/registry/backends.ts';
import { ScenarioError } from '../../sim/scenario/errors.ts';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';
import { instantModule } from '../helpers/instant-backend/instant-module.ts';

const scenario = (backend: string, faults = '[]', expect = '{}') => `name: plug-in
seed: 3
duration: 10m
fleet:
  services:
    - { name: api, hosts: 4, rate: 20/s }
backend: ${backend}
faults: ${faults}
expect: ${expect}
`;

function errorOf(text: string): ScenarioError {
  try {
    loadScenarioFromText(text, 'plug-in.yaml');
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error('expected a ScenarioError');
}

describe('a backend from outside sim/', () => {
  beforeAll(() => {
    if (!backendModules().includes(instantModule)) registerBackend(instantModule);
  });

  it('runs a scenario end to end: every line delivered or in flight, its report section and metric', () => {
    const s = loadScenarioFromText(
      scenario('{ kind: instant, label: test }', '[]', '{ instant.refused: 0 }'),
      'plug-in.yaml',
    );
    const { report, result } = simulateScenario(s);
    expect(result.conservation.violations).toEqual([]);
    expect(report.backend).toMatchObject({ kind: 'instant', label: 'test' });
    expect(report.ledger.delivered + report.ledger.inFlight).toBe(report.ledger.emitted);
    expect(report['instant']).toMatchObject({ refused: 0 });
    expect(report.expectations).toEqual([
      expect.objectContaining({ metric: 'instant.refused', passed: true }),
    ]);
  });

  it('acts on its own fault: pushes refused while frozen are retried, nothing is lost', () => {
    const s = loadScenarioFromText(
      scenario('{ kind: instant }', '[{ at: 2m, freeze: { for: 1m } }]'),
      'plug-in.yaml',
    );
    const { report } = simulateScenario(s);
    expect((report['instant'] as { refused: number }).refused).toBeGreaterThan(0);
    expect(report.agent.retries).toBeGreaterThan(0);
    expect(report.ledger.lostTotal).toBe(0);
  });

  it('refuses a fault it does not act on, at the fault, naming the backends that do', () => {
    const e = errorOf(scenario('{ kind: instant }', '[{ at: 2m, node_crash: { index: 0 } }]'));
    expect(e.diagnostics).toHaveLength(1);
    const d = e.diagnostics[0]!;
    expect(d.path).toBe('faults[0].node_crash');
    expect(d.line).toBe(8);
    expect(d.message).toMatch(
      /backend\.kind instant does not act on node_crash faults \(backend loki does\).*freeze/,
    );
  });

  it('validates its own section with the nearest valid key', () => {
    const e = errorOf(scenario('{ kind: instant, lable: x }'));
    expect(e.diagnostics[0]).toMatchObject({ path: 'backend.lable', line: 7, suggestion: 'label' });
  });

  it('is refused twice', () => {
    expect(() => registerBackend(instantModule)).toThrow(/registered twice/);
  });
});

describe('a backend without agents (the hosts keep their files, as with ssh+grep)', () => {
  const onHosts = defineBackend({
    kind: 'on-hosts',
    schema: z.strictObject({ kind: z.literal('on-hosts') }),
    usesAgents: false,
    answersQueries: false,
    faults: [],
    build: () => ({
      ingest: {
        kind: 'on-hosts',
        receive: () => {
          throw new Error('nothing ships to a backend without agents');
        },
        heldRanges: () => [],
        report: () => ({}),
      },
    }),
  });
  beforeAll(() => {
    if (!backendModules().includes(onHosts)) registerBackend(onHosts);
  });

  it('runs no agent: every line stays in flight on its host, and conservation holds', () => {
    const { report, result } = simulateScenario(
      loadScenarioFromText(scenario('{ kind: on-hosts }'), 'h.yaml'),
    );
    expect(result.agents).toEqual([]);
    expect(report.ledger.delivered).toBe(0);
    expect(report.ledger.inFlight).toBe(report.ledger.emitted);
    expect(report.ledger.emitted).toBeGreaterThan(0);
  });

  it('refuses agent and network faults, which nothing there acts on', () => {
    const e = errorOf(
      scenario(
        '{ kind: on-hosts }',
        '[{ at: 1m, agent_crash: { restart_after: 1s } }, { at: 2m, partition: { for: 1m } }]',
      ),
    );
    expect(e.diagnostics.map((d) => d.message)).toEqual([
      'backend.kind on-hosts has no agents, so nothing acts on agent fault agent_crash',
      'backend.kind on-hosts has no agents, so nothing acts on network fault partition',
    ]);
  });

  it('still acts on workload faults', () => {
    const s = loadScenarioFromText(
      scenario('{ kind: on-hosts }', '[{ at: 1m, chatty: { service: api, factor: 5, for: 2m } }]'),
      'h.yaml',
    );
    const base = simulateScenario(loadScenarioFromText(scenario('{ kind: on-hosts }'), 'h.yaml')).report;
    expect(simulateScenario(s).report.ledger.emitted).toBeGreaterThan(base.ledger.emitted * 1.5);
  });
});

describe('faults nothing in the design acts on', () => {
  it('an endpoint outage on a Loki backend is a scenario error, not a silent no-op', () => {
    const e = errorOf(scenario('{ kind: loki }', '[{ at: 2m, outage: { for: 1m } }]'));
    expect(e.diagnostics[0]?.message).toMatch(
      /backend\.kind loki does not act on outage faults \(backend endpoint does\)/,
    );
  });

  it('an ingester partition on the endpoint is a scenario error', () => {
    const e = errorOf(
      scenario('{ kind: endpoint }', '[{ at: 2m, ingester_partition: { ingesters: [0], for: 1m } }]'),
    );
    expect(e.diagnostics[0]).toMatchObject({ path: 'faults[0].ingester_partition', line: 8 });
  });

  it('a host partition acts on the endpoint too: its requests never arrive and the agents time out', () => {
    const base = simulateScenario(loadScenarioFromText(scenario('{ kind: endpoint }'), 'p.yaml')).report;
    const cut = simulateScenario(
      loadScenarioFromText(
        scenario('{ kind: endpoint }', '[{ at: 2m, partition: { hosts: all, for: 3m } }]'),
        'p.yaml',
      ),
    ).report;
    expect((cut.network as { requestsPartitioned: number }).requestsPartitioned).toBeGreaterThan(0);
    expect(cut.agent.timeouts).toBeGreaterThan(base.agent.timeouts);
    expect(cut.lag.max).toBeGreaterThan(120);
    expect(base.network).toBeUndefined();
  });
});
