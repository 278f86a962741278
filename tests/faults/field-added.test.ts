/**
 * `field_added`, the backend-neutral workload change: one new field with a
 * cardinality, mapped by each backend onto its own design. Loki makes it a
 * label only when the design's labels name it (new streams from that
 * instant, none before); Elasticsearch maps it at the first document that
 * brings it (one more field, its keyword bytes on every document), or by
 * `dynamic` keeps it unindexed or rejects every document that carries it.
 */
import { describe, expect, test } from 'vitest';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';
import { elasticScenario } from '../helpers/elastic-scenario.ts';
import { lokiScenario } from '../helpers/loki-scenario.ts';

const ADD = 'faults: [{ at: 10m, field_added: { service: api, name: user_id, cardinality: 40 } }]';

function loki(extra: string, labels: string) {
  const report = simulateScenario(
    loadScenarioFromText(lokiScenario(extra, `  labels: [${labels}]`), 'field.yaml'),
  ).report;
  return { loki: report.loki as { streamsCreated: number }, ledger: report.ledger };
}

function elastic(mapping: string, extra: string, documents = 'map') {
  const report = simulateScenario(
    loadScenarioFromText(
      elasticScenario(`  documents: ${documents}\n  mapping: { ${mapping} }`, extra),
      'f.yaml',
    ),
  ).report;
  return {
    es: report.elastic as { mappingFields: number; indexBytes: number; docsIndexed: number },
    ledger: report.ledger,
  };
}

describe('field_added', () => {
  test('Loki: a label of the design opens streams from its instant on; otherwise no stream changes', () => {
    const before = loki('', 'service, env, level, user_id');
    const labelled = loki(ADD, 'service, env, level, user_id');
    const inLine = loki(ADD, 'service, env, level');
    const plain = loki('', 'service, env, level');
    // Before the deploy user_id has no value: the design's label name alone opens no stream.
    expect(before.loki.streamsCreated).toBe(plain.loki.streamsCreated);
    // After it: up to 40 values per level stream (a stream group stands for them).
    expect(labelled.loki.streamsCreated).toBeGreaterThan(plain.loki.streamsCreated + 40);
    expect(inLine.loki.streamsCreated).toBe(plain.loki.streamsCreated);
    for (const r of [labelled, inLine]) {
      expect(r.ledger.lostTotal).toBe(0);
      expect(r.ledger.delivered + r.ledger.inFlight).toBe(r.ledger.emitted);
    }
  });

  test('Elasticsearch, dynamic true: one more mapped field, and its bytes on every document from then on', () => {
    const base = elastic('dynamic: "true"', '');
    const added = elastic('dynamic: "true"', ADD);
    expect(added.es.mappingFields).toBe(base.es.mappingFields + 1);
    expect(added.es.docsIndexed).toBe(base.es.docsIndexed);
    expect(added.es.indexBytes).toBeGreaterThan(base.es.indexBytes);
    expect(added.ledger.lostTotal).toBe(0);
  });

  test('Elasticsearch: strict rejects every document that carries it; false keeps it in _source; raw strings map nothing', () => {
    const strict = elastic('dynamic: strict', ADD);
    const lost = strict.ledger.lost['mapping_strict'] ?? 0;
    // Every api line from 10 m of a 20 m run: about half of them.
    expect(lost / strict.ledger.emitted).toBeGreaterThan(0.4);
    expect(lost / strict.ledger.emitted).toBeLessThan(0.6);
    const off = elastic('dynamic: "false"', ADD);
    const offBase = elastic('dynamic: "false"', '');
    expect(off.es.mappingFields).toBe(offBase.es.mappingFields);
    expect(off.es.indexBytes).toBe(offBase.es.indexBytes);
    expect(off.ledger.lostTotal).toBe(0);
    const raw = elastic('dynamic: "true"', ADD, 'string');
    const rawBase = elastic('dynamic: "true"', '', 'string');
    expect(raw.es.mappingFields).toBe(rawBase.es.mappingFields);
  });

  test('past total_fields.limit every document that carries it is refused', () => {
    const base = elastic('dynamic: "true"', '');
    const full = elastic(`dynamic: "true", total_fields_limit: ${base.es.mappingFields}`, ADD);
    const lost = full.ledger.lost['mapping_field_limit'] ?? 0;
    expect(lost / full.ledger.emitted).toBeGreaterThan(0.4);
    expect(full.es.mappingFields).toBe(base.es.mappingFields);
  });

  test('an unknown service is an error at its line', () => {
    const text = lokiScenario(
      'faults: [{ at: 10m, field_added: { service: apii, name: user_id, cardinality: 40 } }]',
    );
    expect(() => loadScenarioFromText(text, 'bad.yaml')).toThrow(/apii[\s\S]*api/);
  });
});
