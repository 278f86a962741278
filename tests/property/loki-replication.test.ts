/**
 * Promises of RF=3 with a 2-of-3 quorum, through the whole pipeline (agents,
 * distributors, ring, ingesters, ledger): fast-check draws the fault
 * schedules; runScenario itself checks line conservation on every run and
 * throws if a line vanished without a cause.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { loadScenarioFromText, simulateScenario } from '../../sim/run/simulate.ts';
import { lokiScenario } from '../helpers/loki-scenario.ts';

function run(text: string) {
  return simulateScenario(loadScenarioFromText(text, 'property.yaml'));
}

describe('RF=3, quorum 2', () => {
  test.prop(
    [fc.integer({ min: 1, max: 19 * 60 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 600 })],
    { numRuns: 15 },
  )('any single ingester crash at any time loses no acknowledged line (no WAL)', (atS, index, downS) => {
    const { report } = run(lokiScenario(`faults: [{ at: ${atS}s, node_crash: { index: ${index}, restart_after: ${downS}s } }]`));
    expect(report.ledger.lost.lost_ingester_crash ?? 0).toBe(0);
    expect(report.ledger.lostTotal).toBe(0);
  });

  const faultArb = fc.oneof(
    fc.record({ at: fc.integer({ min: 1, max: 1190 }), i: fc.integer({ min: 0, max: 2 }), d: fc.integer({ min: 1, max: 300 }) }).map(
      ({ at, i, d }) => `{ at: ${at}s, node_crash: { index: ${i}, restart_after: ${d}s } }`,
    ),
    fc.record({ at: fc.integer({ min: 1, max: 1190 }), i: fc.integer({ min: 0, max: 2 }), d: fc.integer({ min: 1, max: 300 }) }).map(
      ({ at, i, d }) => `{ at: ${at}s, partition: { ingesters: [${i}], for: ${d}s } }`,
    ),
    fc.record({ at: fc.integer({ min: 1, max: 1190 }), d: fc.integer({ min: 1, max: 600 }) }).map(
      ({ at, d }) => `{ at: ${at}s, partition: { service: api, hosts: 5, for: ${d}s } }`,
    ),
    fc.record({ at: fc.integer({ min: 1, max: 1190 }), n: fc.constantFrom(1, 2, -1) }).map(
      ({ at, n }) => `{ at: ${at}s, scale: { ingesters: ${n} } }`,
    ),
  );

  test.prop([fc.array(faultArb, { minLength: 1, maxLength: 4 }), fc.boolean()], { numRuns: 15 })(
    'conservation holds under random node crashes, partitions and scaling',
    (faults, wal) => {
      const text = lokiScenario(`faults: [${faults.join(', ')}]`).replace('wal: false', `wal: ${wal}`);
      const { result } = run(text);
      expect(result.conservation.ok).toBe(true);
    },
  );
});
