// A middle stage between the agents and the backend holds lines the agents already
// forgot (it acknowledged them): the conservation check must ask it, and a stage that
// hides what it holds must break the run, never pass unnoticed.
import { describe, expect, it } from 'vitest';
import type { IngestTarget, PushReplyTarget, PushRequest, Stage } from '../../sim/backend/push.ts';
import type { Simulation } from '../../sim/engine/simulation.ts';
import type { StageBuilder } from '../../sim/pipeline/pipeline.ts';
import { buildReport } from '../../sim/report/report.ts';
import { InvariantViolation } from '../../sim/run/run-errors.ts';
import { runScenario } from '../../sim/run/run-scenario.ts';
import { loadScenarioFromText } from '../../sim/study/simulate.ts';

const S = 1_000_000;

/**
 * A store-and-forward relay: acknowledges every push at once, keeps it for
 * `holdUs`, then forwards it on its own; a refused forward is tried again a
 * second later. `honest: false` hides what it holds.
 */
class Relay implements Stage, PushReplyTarget {
  private readonly held = new Map<PushRequest, PushRequest>();
  forwarded = 0;
  private readonly onForward = (r: PushRequest): void => this.next.receive(r, this);

  constructor(
    private readonly sim: Simulation,
    private readonly next: IngestTarget,
    private readonly holdUs: number,
    private readonly honest: boolean,
  ) {}

  receive(request: PushRequest, replyTo: PushReplyTarget): void {
    const copy: PushRequest = { ...request, outcome: undefined };
    this.held.set(copy, copy);
    this.sim.schedule(this.holdUs, this.onForward, copy);
    request.outcome = { kind: 'ok' };
    replyTo.reply(request);
  }

  reply(request: PushRequest): void {
    if (request.outcome?.kind === 'retry') {
      request.outcome = undefined;
      this.sim.schedule(S, this.onForward, request);
      return;
    }
    this.held.delete(request);
    this.forwarded++;
  }

  heldRanges(source: number): [number, number][] {
    if (!this.honest) return [];
    return [...this.held.values()]
      .filter((r) => r.source === source)
      .map((r): [number, number] => [r.startOffset, r.endOffset]);
  }

  report(): Record<string, unknown> {
    return { forwarded: this.forwarded, holding: this.held.size };
  }
}

const relay = (honest: boolean): StageBuilder => ({
  name: 'relay',
  hopLatencyUs: 2_000,
  build: (sim, next) => new Relay(sim, next, 30 * S, honest),
});

const text = `name: relay
seed: 9
duration: 5m
fleet:
  services:
    - { name: api, hosts: 6, rate: 40/s }
backend: { kind: endpoint }
`;

describe('a middle stage of the pipeline', () => {
  it('is counted by the conservation check: what it holds at the end is in flight', () => {
    const result = runScenario(loadScenarioFromText(text, 'relay.yaml'), { stages: [relay(true)] });
    const c = result.conservation;
    expect(c.violations).toEqual([]);
    expect(c.delivered + c.lost + c.inFlight).toBe(c.emitted);
    // The last 30 s of lines sit in the relay: far more in flight than the agents alone hold.
    const direct = runScenario(loadScenarioFromText(text, 'relay.yaml')).conservation;
    expect(c.inFlight).toBeGreaterThan(direct.inFlight + 6 * 40 * 25);
    const report = buildReport(result);
    expect(report.stages?.['relay']).toMatchObject({ holding: expect.any(Number) });
    // Lines reach the backend 30 s later than they would directly.
    expect(report.lag.p50).toBeGreaterThan(30);
  });

  it('that hides what it holds breaks the run with an invariant violation', () => {
    expect(() => runScenario(loadScenarioFromText(text, 'relay.yaml'), { stages: [relay(false)] })).toThrow(
      InvariantViolation,
    );
  });
});
