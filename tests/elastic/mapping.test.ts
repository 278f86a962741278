/**
 * Decisions 04 and 06 on Elasticsearch: a value logged as a key grows the
 * mapping by one field per document until index.mapping.total_fields.limit;
 * from exactly then, documents with new keys are refused (400,
 * mapping_field_limit) while the others pass. dynamic: false never grows it,
 * strict refuses every such document. A field that changes type is refused
 * when lines are parsed at write (map), never as raw strings.
 */
import { describe, expect, test } from 'vitest';
import { Mapping } from '../../sim/elastic/mapping.ts';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';
import { elasticScenario } from '../helpers/elastic-scenario.ts';

interface MappingFigures {
  mappingFields: number;
  mappingLimitReachedSeconds: number | null;
  mappingFirstLimitRefusalSeconds: number | null;
  rejectedDocs: Record<string, number>;
}

function run(mapping: string, faults: string, documents = 'map') {
  const text = elasticScenario(`  documents: ${documents}\n  mapping: { ${mapping} }`, `faults: [${faults}]`);
  return simulateScenario(loadScenarioFromText(text, 'mapping.yaml')).report;
}

const GROWTH = '{ at: 5m, es_field_growth: { service: api, share: 0.01 } }';

describe('the mapping', () => {
  test('a bulk fills the room left and no more; then every new key is refused', () => {
    const m = new Mapping('true', 10, 4);
    const first = m.judge(4);
    expect(first).toEqual({ accepted: 4, overLimit: 0, strict: 0 });
    m.commit(first, 1);
    expect(m.reachedLimitAtUs).toBeUndefined();
    const second = m.judge(5);
    expect(second).toEqual({ accepted: 2, overLimit: 3, strict: 0 });
    m.commit(second, 2);
    expect(m.fields).toBe(10);
    expect(m.reachedLimitAtUs).toBe(2);
    expect(m.firstLimitRefusalAtUs).toBe(2);
    expect(m.judge(1)).toEqual({ accepted: 0, overLimit: 1, strict: 0 });
  });

  test('dynamic: true — rejection starts exactly when the mapping reaches the limit', () => {
    const report = run('dynamic: "true", total_fields_limit: 200', GROWTH);
    const es = report.elastic as MappingFigures;
    expect(es.mappingFields).toBe(200);
    expect(es.mappingLimitReachedSeconds).not.toBeNull();
    // The first refusal is in the very bulk that filled the mapping, or the next one after it.
    expect(es.mappingFirstLimitRefusalSeconds!).toBeGreaterThanOrEqual(es.mappingLimitReachedSeconds!);
    expect(es.mappingFirstLimitRefusalSeconds! - es.mappingLimitReachedSeconds!).toBeLessThan(2);
    // 500 lines/s × 1 % = 5 new keys/s: ~200 fields fill in well under a minute after 5m.
    expect(es.mappingLimitReachedSeconds!).toBeGreaterThan(300);
    expect(es.mappingLimitReachedSeconds!).toBeLessThan(360);
    const refused = report.ledger.lost.mapping_field_limit ?? 0;
    expect(refused).toBe(es.rejectedDocs.mapping_field_limit);
    // ~5 per second for the remaining ~14 minutes.
    expect(refused).toBeGreaterThan(3000);
    expect(refused).toBe(report.ledger.lostTotal);
    expect(report.ledger.delivered + report.ledger.lostTotal + report.ledger.inFlight).toBe(
      report.ledger.emitted,
    );
  });

  test('dynamic: runtime counts toward the limit too; false never grows; strict refuses every new key', () => {
    const runtime = run('dynamic: runtime, total_fields_limit: 200', GROWTH);
    expect((runtime.elastic as MappingFigures).mappingFields).toBe(200);
    expect(runtime.ledger.lost.mapping_field_limit ?? 0).toBeGreaterThan(0);
    const off = run('dynamic: "false", total_fields_limit: 200', GROWTH);
    expect((off.elastic as MappingFigures).mappingFields).toBeLessThan(10);
    expect(off.ledger.lostTotal).toBe(0);
    const strict = run('dynamic: strict', GROWTH);
    expect(strict.ledger.lost.mapping_strict ?? 0).toBeGreaterThan(3000);
    expect(strict.ledger.lost.mapping_field_limit).toBeUndefined();
  });

  test('a type conflict is refused when parsed at write (map), not as raw strings', () => {
    const conflict = '{ at: 10m, es_type_conflict: { service: api, share: 0.1, for: 5m } }';
    const map = run('', conflict, 'map');
    // 500 lines/s × 10 % × 300 s ≈ 15,000.
    const refused = map.ledger.lost.mapping_type_conflict ?? 0;
    expect(refused).toBeGreaterThan(13_000);
    expect(refused).toBeLessThan(17_000);
    const raw = run('', conflict, 'string');
    expect(raw.ledger.lostTotal).toBe(0);
  });
});
