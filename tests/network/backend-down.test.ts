/**
 * backend_down, the backend-neutral outage: every push fails while it lasts,
 * whatever the backend (Loki, Elasticsearch, the generic endpoint), and the
 * lines wait on the hosts; agents retry, so with an unlimited budget nothing
 * is lost and the lag grows by about the outage. A design without agents
 * has nothing for it to act on, and says so.
 */
import { describe, expect, test } from 'vitest';
import { ScenarioError } from '../../sim/scenario/errors.ts';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';

function scenario(backend: string, fault: string): string {
  return `
name: down
seed: 3
duration: 20m
fleet:
  services:
    - { name: api, hosts: 4, rate: 20/s }
agent:
  batch: { max_bytes: 256KiB, linger: 1s }
  retry: { max_retries: unlimited, max_backoff: 10s }
backend: ${backend}
faults:
  - { at: 5m, backend_down: ${fault} }
`;
}

const run = (backend: string, fault = '{ for: 3m }') =>
  simulateScenario(loadScenarioFromText(scenario(backend, fault), 'down.yaml')).report;

describe('backend_down', () => {
  for (const backend of ['{ kind: loki }', '{ kind: elasticsearch }', '{ kind: endpoint }'])
    test(`${backend}: pushes fail with 503 for the outage, the agents retry, nothing is lost`, () => {
      const r = run(backend);
      const down = r.backendDown as {
        requestsRefused: number;
        requestsUnanswered: number;
        secondsDown: number;
      };
      expect(down.secondsDown).toBe(180);
      expect(down.requestsRefused).toBeGreaterThan(0);
      expect(down.requestsUnanswered).toBe(0);
      expect(r.ledger.lostTotal).toBe(0);
      expect(r.ledger.delivered + r.ledger.inFlight).toBe(r.ledger.emitted);
      // The oldest line of the outage waited it out: the lag's maximum is about the outage.
      expect(r.lag.max).toBeGreaterThan(170);
      expect(r.lag.max).toBeLessThan(200);
    });

  test('mode timeout: nothing answers, each push waits out the agent time-out', () => {
    const r = run('{ kind: loki }', '{ for: 3m, mode: timeout }');
    const down = r.backendDown as { requestsRefused: number; requestsUnanswered: number };
    expect(down.requestsRefused).toBe(0);
    expect(down.requestsUnanswered).toBeGreaterThan(0);
    expect((r.agent as { timeouts: number }).timeouts).toBeGreaterThan(0);
    expect(r.ledger.lostTotal).toBe(0);
  });

  test('a design without agents cannot act on it: an error at the fault', () => {
    let error: unknown;
    try {
      loadScenarioFromText(scenario('{ kind: none }', '{ for: 3m }'), 'down.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).format()).toMatch(/faults\[0\]\.backend_down/);
  });
});
