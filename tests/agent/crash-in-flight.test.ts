import { describe, expect, it } from 'vitest';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';

/**
 * An agent that dies while a request is on the wire forgets the batch; the
 * late answer (or time-out) of that request must not settle it a second time.
 * The endpoint here takes 3 s per request against a 10 s time-out, so a
 * request is in flight when each crash comes, and no live request ever times
 * out (two live and at most two forgotten requests queue at one FIFO server:
 * at most 4 × 3 s = 12 s in the worst case, in practice under 10 s here), so
 * any time-out counted is a forgotten request's.
 */
function scenario(transport: 'file' | 'socket'): string {
  return `
name: crash-in-flight
seed: 7
duration: 3m
fleet:
  cohort_max_hosts: 1
  services:
    - { name: api, hosts: 2, rate: 20/s, transport: ${transport} }
agent:
  batch: { linger: 1s }
  timeout: 10s
backend: { kind: endpoint, request_overhead: 3s }
faults:
  - { at: 30500ms, agent_crash: { service: api, hosts: all, restart_after: 2s } }
  - { at: 95250ms, agent_crash: { service: api, hosts: all, restart_after: 15s } }
`;
}

describe('agent crash with a request in flight', () => {
  for (const transport of ['file', 'socket'] as const) {
    it(`${transport}: late answers to forgotten batches settle nothing; the run conserves lines`, () => {
      const { result, report } = simulateScenario(loadScenarioFromText(scenario(transport), 'crash.yaml'));
      expect(report.agent.crashes).toBe(4);
      expect(report.agent.timeouts).toBe(0);
      for (const agent of result.agents) expect(agent.bufferBytes).toBeGreaterThanOrEqual(0);
      expect(result.conservation.violations).toEqual([]);
      // A request that lands after the crash is still delivered, so re-shipping it duplicates.
      if (transport === 'file') expect(report.ledger.duplicates).toBeGreaterThan(0);
    });
  }
});
