import { describe, expect, it } from 'vitest';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';

/**
 * Vector's buffer (buffer.max_events 500) is the channel ahead of its sink;
 * the sink pulls events out into batches of its own size (facts.md §1c,
 * vector buffering-model.md): a Loki sink batches up to 1 MB or 100,000
 * events, an Elasticsearch sink up to 10 MB. A host writing 10,000 lines/s of
 * 220 B therefore ships batches far above 500 events: ~1 MB to Loki, a whole
 * 1 s linger (~2.2 MB) to Elasticsearch.
 */
function run(backend: string) {
  const text = `
name: vector-batch
seed: 3
duration: 2m
fleet:
  services:
    - name: api
      hosts: 1
      rate: 10000/s
      line_size: { mean: 220B, sigma: 0.3 }
agent:
  preset: vector
backend:
${backend}
`;
  const { report } = simulateScenario(loadScenarioFromText(text, 'vector.yaml'));
  const agent = report.agent as { requestsSent: number };
  return { linesPerBatch: report.ledger.emitted / agent.requestsSent, lost: report.ledger.lostTotal };
}

describe('Vector preset: batches are formed after the buffer, with each sink’s defaults', () => {
  it('Loki sink: batches close at 1 MB (≈ 4,500 lines of 220 B), not at the 500-event buffer', () => {
    const { linesPerBatch, lost } = run(
      '  kind: loki\n  limits: { ingestion_rate: 64MiB/s, ingestion_burst: 64MiB, per_stream_rate_limit: 64MiB/s, per_stream_rate_limit_burst: 64MiB }',
    );
    expect(lost).toBe(0);
    expect(linesPerBatch).toBeGreaterThan(2_000);
    expect(linesPerBatch).toBeLessThanOrEqual(1_000_000 / 150);
  });

  it('Elasticsearch sink: no 1 MB cap (10 MB batch.max_bytes), so a batch holds the whole 1 s linger', () => {
    const { linesPerBatch, lost } = run('  kind: elasticsearch');
    expect(lost).toBe(0);
    expect(linesPerBatch).toBeGreaterThan(8_000);
  });
});
