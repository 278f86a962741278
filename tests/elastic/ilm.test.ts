/**
 * ILM over the data tiers (decision 07): an index enters a phase only once
 * its age since rollover has reached the phase's min_age, phases run in
 * order, a migrate that finds the next tier full waits on the dearer tier
 * (reported with its bytes and days), and the bill of a policy — nodes and
 * disks per tier, the snapshot repository — computed by hand to the cent.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { planLifecycle, type DataTier, type TierPhase } from '../../sim/elastic/ilm-plan.ts';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';
import { elasticScenario } from '../helpers/elastic-scenario.ts';

const DAY = 86_400e6;
const HOUR = 3_600e6;
const GB = 1024 ** 3;
const MONTH = 730 * HOUR;
const cents = (usd: number) => Math.round(usd * 100) / 100;

describe('the ILM plan', () => {
  test('no index enters a phase before its min_age since rollover, nor before the phase ahead of it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 6, max: 72 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 1, max: 120 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 2, maxLength: 2 }),
        (periodHours, gaps, deleteGap, room) => {
          const tiers = ['warm', 'cold', 'frozen'] as const;
          let age = 0;
          const phases: TierPhase[] = tiers.map((tier, i) => {
            age += gaps[i]! * DAY;
            // Warm and cold hold a few indices at most (stuck migrates), frozen is a cache.
            return { tier, minAgeUs: age, capacityBytes: tier === 'frozen' ? Infinity : room[i]! * 2e9 };
          });
          const deleteAgeUs = age + deleteGap * DAY;
          const plan = planLifecycle({
            indexPeriodUs: periodHours * HOUR,
            stepUs: Math.min(DAY, Math.max(HOUR, periodHours * HOUR)),
            primaryBytes: 1e9,
            replicas: 1,
            phases,
            deleteAgeUs,
            hotFloodBytes: Infinity,
            horizonUs: deleteAgeUs + 60 * DAY,
          });
          for (const x of plan.indices) {
            let last = x.rolledAtUs;
            for (const p of phases) {
              const at = x.entered[p.tier];
              if (at === undefined) continue;
              expect(at - x.rolledAtUs).toBeGreaterThanOrEqual(p.minAgeUs);
              expect(at).toBeGreaterThanOrEqual(last);
              last = at;
            }
            if (x.entered.deleted !== undefined) {
              expect(x.entered.deleted - x.rolledAtUs).toBeGreaterThanOrEqual(deleteAgeUs);
              // Deleted only after every phase before it.
              for (const p of phases) expect(x.entered[p.tier]).toBeDefined();
            }
          }
          // A tier never holds more than its room.
          for (const s of plan.steps)
            for (const p of phases) expect(s.tierBytes[p.tier]).toBeLessThanOrEqual(p.capacityBytes);
        },
      ),
      { numRuns: 60 },
    );
  });

  test('a warm tier with room for 3 indices sticks the 4th on hot: reported with its bytes and days, kept past retention', () => {
    const plan = planLifecycle({
      indexPeriodUs: DAY,
      stepUs: DAY,
      primaryBytes: 1e9,
      replicas: 1,
      // Warm from day 2 to the delete at day 5: 3 indices on warm in the steady state, room for exactly 3.
      phases: [{ tier: 'warm', minAgeUs: 2 * DAY, capacityBytes: 3 * 2e9 }],
      deleteAgeUs: 5 * DAY,
      hotFloodBytes: Infinity,
      horizonUs: 30 * DAY,
    });
    expect(plan.stuck).toHaveLength(0);
    const tight = planLifecycle({
      indexPeriodUs: DAY,
      stepUs: DAY,
      primaryBytes: 1e9,
      replicas: 1,
      phases: [{ tier: 'warm', minAgeUs: 2 * DAY, capacityBytes: 2 * 2e9 }],
      deleteAgeUs: 5 * DAY,
      hotFloodBytes: Infinity,
      horizonUs: 30 * DAY,
    });
    expect(tight.stuck.length).toBeGreaterThan(0);
    const first = [...tight.stuck].sort((a, b) => a.sinceUs - b.sinceUs)[0]!;
    expect(first.tier satisfies DataTier).toBe('hot');
    expect(first.wanted).toBe('warm');
    expect(first.bytes).toBe(2e9);
    expect(first.forUs).toBeGreaterThanOrEqual(DAY);
    expect(Math.max(...tight.steps.map((s) => s.stuckBytes))).toBeGreaterThan(0);
    expect(Math.max(...tight.steps.map((s) => s.pastRetentionBytes))).toBe(0);
    // A warm tier with no room at all: every index stays on hot, and is never deleted (its phase never comes).
    const none = planLifecycle({
      indexPeriodUs: DAY,
      stepUs: DAY,
      primaryBytes: 1e9,
      replicas: 1,
      phases: [{ tier: 'warm', minAgeUs: 2 * DAY, capacityBytes: 0 }],
      deleteAgeUs: 5 * DAY,
      hotFloodBytes: 10 * 2e9,
      horizonUs: 30 * DAY,
    });
    expect(none.indices.every((x) => x.entered.deleted === undefined)).toBe(true);
    expect(none.steps.at(-1)!.pastRetentionBytes).toBe(25 * 2e9);
    // Hot fills with them past its flood stage (room for 10) at the 11th rollover.
    expect(none.hotFloodAtUs).toBe(11 * DAY);
  });
});

describe('the bill of an ILM policy', () => {
  const policy = `  data_nodes: 3
  node: { disk: 2TB }
  index: { pattern: daily, number_of_shards: 2 }
  ilm:
    warm: { min_age: 7d, nodes: 2, disk: 10TB, disk_medium: st1 }
    cold: { min_age: 30d, nodes: 1, disk: 19TB, disk_medium: st1 }
    delete: { min_age: 365d }`;
  const pricing = `pricing:
  instances: { r6i.2xlarge: { usd_per_hour: 0.5 } }
  media:
    gp3: { usd_per_gb_month: 0.08 }
    st1: { usd_per_gb_month: 0.045 }
    s3-standard: { usd_per_gb_month: 0.023, put_usd_per_1000: 0.005 }`;

  test('hot 7 d, warm 30 d, cold to 365 d, daily indices: every line by hand, to the cent', () => {
    const report = simulateScenario(
      loadScenarioFromText(elasticScenario(policy, pricing, '2h'), 'ilm.yaml'),
    ).report;
    const cost = report.cost as {
      monthly: number;
      byComponent: Record<string, number>;
      retentionDays: number;
    };
    const store = (report.elastic as { storeBytes: number }).storeBytes;
    // One daily index: its primary bytes at the run's mean rate (2 copies on disk).
    const P = (store / 2 / (2 * HOUR)) * DAY;
    expect(cost.byComponent['data_node']).toBe(cents(3 * 0.5 * 730));
    expect(cost.byComponent['warm_node']).toBe(cents(2 * 0.5 * 730));
    expect(cost.byComponent['cold_node']).toBe(cents(1 * 0.5 * 730));
    expect(cost.byComponent['data_disk']).toBe(cents(((3 * 2e12) / GB) * 0.08));
    expect(cost.byComponent['warm_disk']).toBe(cents(((2 * 10e12) / GB) * 0.045));
    expect(cost.byComponent['cold_disk']).toBe(cents((19e12 / GB) * 0.045));
    // The repository holds each index from its snapshot (day 30 after rollover) to its delete (day 365):
    // 335 indices at every instant of the steady month (month 14, the first after a whole year).
    const storage = cents(((335 * P) / GB) * 0.023);
    // One snapshot a day: index k (rolled at day k) at day k + 30, so the integer days in the month.
    const [from, to] = [(13 * MONTH) / DAY, (14 * MONTH) / DAY];
    const snapshots = Math.ceil(to) - Math.ceil(from);
    const puts = snapshots * (Math.ceil(P / (100 * 1024 ** 2)) + 2 * 12);
    const requests = cents((puts / 1000) * 0.005);
    const snapshotLine = cost.byComponent['snapshots']!;
    expect(snapshotLine).toBeCloseTo(storage + requests, 2);
    const total =
      cents(3 * 0.5 * 730) +
      cents(2 * 0.5 * 730) +
      cents(0.5 * 730) +
      cents(((3 * 2e12) / GB) * 0.08) +
      cents(((2 * 10e12) / GB) * 0.045) +
      cents((19e12 / GB) * 0.045) +
      storage +
      requests;
    expect(cost.monthly).toBeCloseTo(total, 2);
    expect(cost.retentionDays).toBe(365);
    const ilm = (report.elastic as { ilm: { stuckMigrates: number } }).ilm;
    expect(ilm.stuckMigrates).toBe(0);
  });

  test('a warm tier too small sticks the migrate: the report and a warning say from when and for how long', () => {
    const small = policy.replace('disk: 10TB', 'disk: 1MB');
    const report = simulateScenario(
      loadScenarioFromText(elasticScenario(small, pricing, '2h'), 'ilm.yaml'),
    ).report;
    const ilm = (
      report.elastic as {
        ilm: {
          stuckMigrates: number;
          stuckBytesPeak: number;
          stuckDaysMax: number;
          firstStuck: { tier: string; wanted: string; atDays: number };
        };
      }
    ).ilm;
    expect(ilm.stuckMigrates).toBeGreaterThan(0);
    expect(ilm.stuckBytesPeak).toBeGreaterThan(0);
    expect(ilm.stuckDaysMax).toBeGreaterThan(30);
    expect(ilm.firstStuck).toMatchObject({ tier: 'hot', wanted: 'warm', atDays: 8 });
    expect(report.warnings.some((w) => w.path === 'backend.ilm.warm' && /stuck ILM/.test(w.message))).toBe(
      true,
    );
  });

  test('searches of the frozen tier read the snapshot repository: their GETs are billed at the run’s rate', () => {
    const frozen = `  ilm:
    frozen: { min_age: 30d, nodes: 1, disk: 1TB }
    delete: { min_age: 365d }`;
    const queries =
      'queries:\n  - { name: old, every: 1m, range: 5m, age: 60d, match: { service: api }, contains: needle, needle_min_age: 30s }';
    const report = simulateScenario(
      loadScenarioFromText(elasticScenario(frozen, `${queries}\n${pricing}`, '20m'), 'frozen.yaml'),
    ).report;
    const gets = (report.elastic as { search: { repositoryGets: number } }).search.repositoryGets;
    expect(gets).toBeGreaterThan(0);
    const cost = report.cost as {
      lines: { component: string; requestKind?: string; quantity: number; usdPerUnit: number }[];
    };
    const line = cost.lines.find((l) => l.component === 'snapshots' && l.requestKind === 'get')!;
    // The run's GETs per µs carried over a 730-hour month, in thousands, at S3 Standard's price.
    expect(line.quantity).toBeCloseTo(((gets / (20 * 60e6)) * MONTH) / 1000, 3);
    expect(line.usdPerUnit).toBe(0.0004);
  });
});
