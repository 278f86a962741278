/**
 * The Loki write path end to end (agents → distributors → ring → ingesters →
 * ledger): placement is deterministic, a unique label explodes streams until
 * the stream limit refuses them, and the same field in the body does not.
 */
import { describe, expect, test } from 'vitest';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';
import { lokiScenario } from '../helpers/loki-scenario.ts';

function run(text: string) {
  return simulateScenario(loadScenarioFromText(text, 'test.yaml'));
}

describe('loki write path', () => {
  test('steady state delivers every line and reports streams, chunks and index', () => {
    const { report } = run(lokiScenario());
    expect(report.ledger.lostTotal).toBe(0);
    expect(report.ledger.delivered + report.ledger.inFlight).toBe(report.ledger.emitted);
    const loki = report.loki as Record<string, number>;
    expect(loki.activeStreamsPeak).toBeGreaterThanOrEqual(2);
    expect(loki.chunkBytes).toBeGreaterThan(0);
    expect(loki.indexBytes).toBeLessThan(loki.chunkBytes!);
  });

  test('stream placement and every figure are deterministic', () => {
    const a = run(lokiScenario('faults: [{ at: 5m, node_crash: { index: 1, restart_after: 2m } }]'));
    const b = run(lokiScenario('faults: [{ at: 5m, node_crash: { index: 1, restart_after: 2m } }]'));
    expect(JSON.stringify(a.report)).toBe(JSON.stringify(b.report));
  });

  test('a unique label: streams grow with lines and the stream limit refuses them (429, retried); in the body nothing explodes', () => {
    const deploy = 'faults: [{ at: 5m, deploy: { service: api, add_labels: [request_id] } }]';
    const limited = run(lokiScenario(deploy, '  limits: { max_global_streams_per_user: 1000 }')).report;
    const unlimited = run(lokiScenario(deploy, '  limits: { max_global_streams_per_user: 0 }')).report;
    const body = run(lokiScenario('faults: [{ at: 5m, deploy: { service: api, add_labels: [] } }]')).report;
    const l = limited.loki as Record<string, number>;
    const u = unlimited.loki as Record<string, number>;
    const b = body.loki as Record<string, number>;
    // 200 lines/s for 5 min (the idle period) are ~60k streams, one per line.
    expect(u.activeStreamsPeak).toBeGreaterThan(50_000);
    expect(u.avgChunkBytes).toBeLessThan(200);
    expect(l.activeStreamsPeak).toBeLessThanOrEqual(1000);
    // stream_limit is a 429: nothing is recorded lost at the backend; the agents retry (unlimited
    // here), so the refused lines wait in their buffers — still in flight at the end, not lost.
    expect((l.rejected as unknown as Record<string, number>).stream_limit).toBeGreaterThan(10_000);
    expect(limited.ledger.lost.rejected_stream_limit).toBeUndefined();
    expect(limited.ledger.lostTotal).toBe(0);
    expect((limited.agent as Record<string, number>).retries).toBeGreaterThan(100);
    expect(limited.ledger.inFlight).toBeGreaterThan(100_000);
    expect(b.activeStreamsPeak).toBeLessThan(10);
    expect(body.ledger.lostTotal).toBe(0);
  });

  test('out-of-order window: a replay older than newest − max_age/2 into fresh streams is refused, non-retryably', () => {
    const text = lokiScenario(
      'faults: [{ at: 2m, partition: { service: api, hosts: 5, for: 15m } }]',
    ).replace('max_age: 20m', 'max_age: 10m');
    const { report } = run(text);
    expect(report.ledger.lost.rejected_out_of_order).toBeGreaterThan(0);
  });
});
