/**
 * Elasticsearch's bill (decisions 07, 10), one hot tier: the data nodes and
 * their disks, dedicated coordinating and master nodes. Data is kept for
 * `pricing.object_storage.retention` (the same knob as Loki's, so a pair of
 * designs compares equal retention); a disk is billed by its provisioned
 * size, which is the configured `node.disk`, or more when the steady state
 * would not fit under the low watermark (the size an operator would have to
 * buy). ILM tiers and snapshots are not billed yet (issue 30).
 *
 *   run: store bytes (every copy) per µs ─▶ × retention ─▶ bytes held per node ─▶ ÷ low watermark ─┐
 *   node.disk ────────────────────────────────────────────────────────────────────────────────────┴─▶ max ─▶ disk GB per node
 *   data_nodes, coordinating.nodes, master_nodes ─▶ node-hours
 */
import type { RunWarning } from '../config/run-warning.ts';
import { US_PER_DAY, US_PER_HOUR } from '../engine/time.ts';
import type { CostModel } from '../storage/cost-model.ts';
import { costSection, gbMonthsOf } from '../storage/cost-section.ts';
import { assumedInstancePrices, priceTable } from '../storage/price-table.ts';
import { DEFAULT_PRICING, type PricingSpec } from '../storage/pricing-schema.ts';
import { BYTES_PER_GB, type Usage } from '../storage/usage.ts';
import type { ElasticSpec } from './elastic-schema.ts';

/** What the run stored: bytes of every shard copy on disk at the end. */
export interface ElasticStored {
  readonly storeBytes: number;
}

/** The disk each data node is billed for, and what the steady state holds on it. */
export function dataDiskSizing(
  spec: ElasticSpec,
  stored: ElasticStored,
  durationUs: number,
  retentionUs: number,
): { readonly perNodeBytes: number; readonly heldPerNodeBytes: number; readonly grown: boolean } {
  const heldPerNodeBytes =
    durationUs > 0 ? ((stored.storeBytes / durationUs) * retentionUs) / spec.data_nodes : 0;
  const needed = heldPerNodeBytes / spec.disk_watermarks.low;
  return {
    perNodeBytes: Math.max(spec.node.disk, needed),
    heldPerNodeBytes,
    grown: needed > spec.node.disk,
  };
}

/** The cost model of a finished Elasticsearch run. */
export function elasticCostModel(
  spec: ElasticSpec,
  stored: ElasticStored,
  durationUs: number,
  pricing: PricingSpec,
): CostModel {
  const retentionUs = pricing.object_storage.retention;
  const disk = dataDiskSizing(spec, stored, durationUs, retentionUs);
  const nodes = [{ component: 'data_node', count: spec.data_nodes }];
  if (spec.coordinating.nodes > 0)
    nodes.push({ component: 'coordinating_node', count: spec.coordinating.nodes });
  if (spec.master_nodes > 0) nodes.push({ component: 'master_node', count: spec.master_nodes });
  return {
    tiers: [],
    objectFlows: [],
    reads: { component: 'data_disk', getsPerUs: 0, bytesPerUs: 0 },
    nodes,
    volumes: [
      {
        component: 'data_disk',
        medium: spec.node.disk_medium,
        gb: (disk.perNodeBytes * spec.data_nodes) / BYTES_PER_GB,
        storedBytes: disk.heldPerNodeBytes * spec.data_nodes,
      },
    ],
    retentionUs,
  };
}

/** What the run itself used: its node-hours and its disks for its duration. */
function runUsage(model: CostModel, durationUs: number): Usage {
  return {
    storage: (model.volumes ?? []).map((v) => ({
      component: v.component,
      medium: v.medium,
      gbMonths: gbMonthsOf(v.gb * BYTES_PER_GB * durationUs),
    })),
    earlyDeletion: [],
    requests: [],
    retrieval: [],
    compute: model.nodes.map((n) => ({
      component: n.component,
      nodeHours: (n.count * durationUs) / US_PER_HOUR,
    })),
  };
}

/** The `cost` section of an Elasticsearch run, and the warnings its figures rest on. */
export function elasticCost(
  spec: ElasticSpec,
  stored: ElasticStored,
  durationUs: number,
  pricing: PricingSpec | undefined,
): { section: Record<string, unknown>; warnings: RunWarning[] } {
  const p = pricing ?? DEFAULT_PRICING;
  const prices = priceTable(p);
  const model = elasticCostModel(spec, stored, durationUs, p);
  const section = costSection(model, prices, runUsage(model, durationUs));
  const retentionDays = p.object_storage.retention / US_PER_DAY;
  const disk = dataDiskSizing(spec, stored, durationUs, p.object_storage.retention);
  const warnings: RunWarning[] = [
    {
      code: 'estimate',
      path: 'cost.monthly',
      message: `the monthly bill is one hot tier: ${spec.data_nodes} data nodes and their ${spec.node.disk_medium} disks billed by provisioned size, the data kept ${fmt(retentionDays)} days at the run's mean store rate (730-hour month); ILM tiers and snapshots are not billed yet`,
    },
  ];
  if (disk.grown)
    warnings.push({
      code: 'estimate',
      path: 'backend.node.disk',
      message: `${fmt(retentionDays)} days at the run's store rate hold ${fmt(disk.heldPerNodeBytes / 1e9)} GB per data node, more than node.disk allows under the ${Math.round(100 * spec.disk_watermarks.low)} % low watermark: each disk is billed at ${fmt(disk.perNodeBytes / 1e9)} GB, the size it would need`,
    });
  if (pricing === undefined)
    warnings.push({
      code: 'assumed_default',
      path: 'pricing.object_storage.retention',
      message:
        'no pricing: section: the bill keeps 30 days of indices (assumption; without an ILM delete phase Elasticsearch keeps them forever)',
    });
  warnings.push(
    ...assumedInstancePrices(
      prices,
      model.nodes.map((n) => n.component),
    ),
  );
  return { section, warnings };
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(4)));
}
