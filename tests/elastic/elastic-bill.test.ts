/**
 * The Elasticsearch bill, hot tier (decision 07): data nodes × their
 * instance price × 730 h, each data disk billed by its provisioned size (the
 * configured one, or what the retained data needs under the low watermark),
 * dedicated coordinating and master nodes — computed by hand here, to the cent.
 */
import { describe, expect, test } from 'vitest';
import { loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';
import { elasticScenario } from '../helpers/elastic-scenario.ts';

const GB = 1024 ** 3;
const HOURS = 730;

interface Cost {
  monthly: number;
  byComponent: Record<string, number>;
  byTier: Record<string, number>;
  retentionDays: number;
  storedBytesByTier: Record<string, number>;
}

function run(backend: string, pricing: string) {
  const report = simulateScenario(
    loadScenarioFromText(elasticScenario(backend, pricing, '2h'), 'bill.yaml'),
  ).report;
  return {
    cost: report.cost as Cost,
    storeBytes: (report.elastic as { storeBytes: number }).storeBytes,
    durationUs: 2 * 3600e6,
    warnings: report.warnings,
  };
}

const cents = (usd: number) => Math.round(usd * 100) / 100;

describe('the Elasticsearch bill', () => {
  test('data nodes and the configured disks, to the cent, when the retained data fits', () => {
    const pricing = `pricing:
  instances: { r6i.2xlarge: { usd_per_hour: 0.5 } }
  media: { gp3: { usd_per_gb_month: 0.08 } }
  object_storage: { retention: 7d }`;
    const { cost, storeBytes, durationUs } = run(
      '  data_nodes: 3\n  node: { disk: 500GB }\n  index: { pattern: daily }',
      pricing,
    );
    const compute = cents(3 * 0.5 * HOURS);
    const disk = cents(((3 * 500e9) / GB) * 0.08);
    expect(cost.byComponent['data_node']).toBe(compute);
    expect(cost.byComponent['data_disk']).toBe(disk);
    expect(cost.monthly).toBeCloseTo(compute + disk, 2);
    expect(cost.retentionDays).toBe(7);
    // What the disks hold in the steady state: 7 daily indices and today's, filling (7 to 8 days).
    const day = (storeBytes / durationUs) * 86400e6;
    expect(cost.storedBytesByTier['gp3']).toBeGreaterThanOrEqual(7 * day * 0.999);
    expect(cost.storedBytesByTier['gp3']).toBeLessThanOrEqual(8 * day * 1.001);
  });

  test('a disk too small for the retained data is billed at the size it needs under the low watermark, and says so', () => {
    const pricing = `pricing:
  instances: { r6i.2xlarge: { usd_per_hour: 0.5 } }
  object_storage: { retention: 365d }`;
    const { cost, storeBytes, durationUs, warnings } = run(
      '  data_nodes: 3\n  node: { disk: 1GB }\n  index: { pattern: daily }',
      pricing,
    );
    // At its peak a node holds 365 daily indices' share and the day being written (up to 367 days).
    const perNodePerDay = ((storeBytes / durationUs) * 86400e6) / 3 / 0.85;
    const billed = (((cost.byComponent['data_disk'] ?? 0) / 0.08) * GB) / 3;
    expect(billed).toBeGreaterThanOrEqual(365 * perNodePerDay * 0.999);
    expect(billed).toBeLessThanOrEqual(367 * perNodePerDay * 1.001);
    expect(warnings.some((w) => w.path === 'backend.node.disk' && /billed at/.test(w.message))).toBe(true);
  });

  test('dedicated coordinating and master nodes are billed; NVMe disks are in the instance price', () => {
    const pricing = `pricing:
  instances: { i4i.2xlarge: { usd_per_hour: 0.7 }, m6i.large: { usd_per_hour: 0.1 } }
  nodes: { data_node: i4i.2xlarge, coordinating_node: i4i.2xlarge }`;
    const { cost } = run(
      '  data_nodes: 3\n  node: { disk: 1TB, disk_medium: nvme }\n  coordinating: { nodes: 2 }\n  master_nodes: 3',
      pricing,
    );
    expect(cost.byComponent['data_node']).toBe(cents(3 * 0.7 * HOURS));
    expect(cost.byComponent['coordinating_node']).toBe(cents(2 * 0.7 * HOURS));
    expect(cost.byComponent['master_node']).toBe(cents(3 * 0.1 * HOURS));
    expect(cost.byComponent['data_disk']).toBe(0);
    expect(cost.monthly).toBeCloseTo(
      cents(3 * 0.7 * HOURS) + cents(2 * 0.7 * HOURS) + cents(3 * 0.1 * HOURS),
      2,
    );
  });
});
