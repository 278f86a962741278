/**
 * Promises of RF=3 with a 2-of-3 quorum, through the whole pipeline (agents,
 * distributors, ring, ingesters, ledger): fast-check draws the fault
 * schedules; runScenario itself checks line conservation on every run and
 * throws if a line vanished without a cause.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';
import { lokiScenario } from '../helpers/loki-scenario.ts';

function run(text: string) {
  return simulateScenario(loadScenarioFromText(text, 'property.yaml'));
}

describe('RF=3, quorum 2', () => {
  test.prop(
    [fc.integer({ min: 1, max: 19 * 60 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 600 })],
    { numRuns: 15 },
  )('any single ingester crash at any time loses no acknowledged line (no WAL)', (atS, index, downS) => {
    const { report } = run(
      lokiScenario(`faults: [{ at: ${atS}s, node_crash: { index: ${index}, restart_after: ${downS}s } }]`),
    );
    expect(report.ledger.lost.lost_ingester_crash ?? 0).toBe(0);
    expect(report.ledger.lostTotal).toBe(0);
  });

  const faultArb = fc.oneof(
    fc
      .record({
        at: fc.integer({ min: 1, max: 1190 }),
        i: fc.integer({ min: 0, max: 2 }),
        d: fc.integer({ min: 1, max: 300 }),
      })
      .map(({ at, i, d }) => `{ at: ${at}s, node_crash: { index: ${i}, restart_after: ${d}s } }`),
    fc
      .record({
        at: fc.integer({ min: 1, max: 1190 }),
        i: fc.integer({ min: 0, max: 2 }),
        d: fc.integer({ min: 1, max: 300 }),
      })
      .map(({ at, i, d }) => `{ at: ${at}s, ingester_partition: { ingesters: [${i}], for: ${d}s } }`),
    fc
      .record({ at: fc.integer({ min: 1, max: 1190 }), d: fc.integer({ min: 1, max: 600 }) })
      .map(({ at, d }) => `{ at: ${at}s, partition: { service: api, hosts: 5, for: ${d}s } }`),
    fc
      .record({ at: fc.integer({ min: 1, max: 1190 }), n: fc.constantFrom(1, 2, -1) })
      .map(({ at, n }) => `{ at: ${at}s, scale: { ingesters: ${n} } }`),

    fc
      .record({
        at: fc.integer({ min: 1, max: 1190 }),
        sp: fc.integer({ min: 10, max: 300 }),
        d: fc.integer({ min: 1, max: 300 }),
      })
      .map(({ at, sp, d }) => `{ at: ${at}s, rolling_restart: { spacing: ${sp}s, downtime: ${d}s } }`),
  );

  test.prop(
    [
      fc.integer({ min: 1, max: 15 * 60 }),
      fc.integer({ min: 10, max: 300 }),
      fc.integer({ min: 1, max: 600 }),
    ],
    { numRuns: 15 },
  )(
    'a rolling restart with WAL loses no acknowledged line and conserves lines, whatever its spacing and downtime',
    (atS, spacingS, downS) => {
      const text = lokiScenario(
        `faults: [{ at: ${atS}s, rolling_restart: { spacing: ${spacingS}s, downtime: ${downS}s } }]`,
      ).replace('wal: false', 'wal: true');
      const { result, report } = run(text);
      expect(result.conservation.ok).toBe(true);
      // With the WAL every restarted ingester replays what it held: nothing acknowledged is retracted.
      expect((report.loki as Record<string, number>).acknowledgedLinesLost).toBe(0);
      expect(report.ledger.lost.lost_ingester_crash ?? 0).toBe(0);
      // Retries are unlimited, so nothing else is lost — except when the downtimes overlap so much that
      // every replica is down: the agents' replay after that outage can fall behind the out-of-order window.
      expect(report.ledger.lostTotal).toBe(report.ledger.lost.rejected_out_of_order ?? 0);
    },
  );

  test.prop(
    [
      fc.integer({ min: 1, max: 15 * 60 }),
      fc.integer({ min: 10, max: 300 }),
      fc.integer({ min: 1, max: 600 }),
    ],
    { numRuns: 10 },
  )(
    'a rolling restart without WAL conserves lines; what it loses is named (crash, or the replay after a full outage)',
    (atS, spacingS, downS) => {
      const { result, report } = run(
        lokiScenario(
          `faults: [{ at: ${atS}s, rolling_restart: { spacing: ${spacingS}s, downtime: ${downS}s } }]`,
        ),
      );
      expect(result.conservation.ok).toBe(true);
      const lost = report.ledger.lost;
      expect(report.ledger.lostTotal).toBe(
        (lost.lost_ingester_crash ?? 0) + (lost.rejected_out_of_order ?? 0),
      );
      // Retracted acknowledged lines are exactly the crash losses among delivered lines.
      expect((report.loki as Record<string, number>).acknowledgedLinesLost).toBeLessThanOrEqual(
        lost.lost_ingester_crash ?? 0,
      );
    },
  );

  test.prop([fc.array(faultArb, { minLength: 1, maxLength: 4 }), fc.boolean()], { numRuns: 15 })(
    'conservation holds under random node crashes, partitions, scaling and rolling restarts',
    (faults, wal) => {
      const text = lokiScenario(`faults: [${faults.join(', ')}]`).replace('wal: false', `wal: ${wal}`);
      const { result } = run(text);
      expect(result.conservation.ok).toBe(true);
    },
  );
});
