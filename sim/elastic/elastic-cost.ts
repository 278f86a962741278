/**
 * Elasticsearch's bill (decisions 07, 10): the nodes of every data tier and
 * their disks, dedicated coordinating and master nodes, and the snapshot
 * repository that searchable snapshots live in.
 *
 *   run: store bytes (every copy) ─▶ primary bytes per index ─▶ ILM plan (ilm-plan.ts), index by index over the horizon
 *        │                                                        │ bytes per tier, repository bytes, snapshots written
 *        ▼                                                        ▼
 *   nodes per tier × instance price     disks: provisioned size     repository: GB-months, PUTs
 *
 * Without an `ilm:` policy every index stays on the data nodes until it is
 * `pricing.object_storage.retention` old (the same knob as Loki's, so a pair
 * of designs compares equal retention). A disk is billed by its provisioned
 * size; the data nodes' disks are grown to what the plan's peak needs under
 * the low watermark when `node.disk` is too small (a warning says so), while
 * a warm or cold tier too small for its phase sticks the migrate instead
 * (ILM waits, the index stays on the dearer tier: reported, not hidden).
 */
import type { RunWarning } from '../config/run-warning.ts';
import { US_PER_DAY, US_PER_HOUR } from '../engine/time.ts';
import { costSectionOf } from '../storage/cost-section.ts';
import { assumedInstancePrices, priceTable } from '../storage/price-table.ts';
import { DEFAULT_PRICING, type PricingSpec } from '../storage/pricing-schema.ts';
import {
  BYTES_PER_GB,
  MONTH_US,
  type RequestUse,
  type RetrievalUse,
  type StorageUse,
  type Usage,
} from '../storage/usage.ts';
import type { ElasticSpec } from './elastic-schema.ts';
import {
  DATA_TIERS,
  planLifecycle,
  type DataTier,
  type IlmPlan,
  type IlmStep,
  type StuckMigrate,
  type TierPhase,
} from './ilm-plan.ts';

/** What the run stored: bytes of every shard copy on disk at the end. */
export interface ElasticStored {
  readonly storeBytes: number;
  /** Reads the run's searches made of the snapshot repository (frozen-tier queries), and their bytes. */
  readonly repositoryGets?: number;
  readonly repositoryBytesRead?: number;
}

/**
 * The S3 repository uploads a snapshot's files in parts of `buffer_size`,
 * 100 MB by default (repository-s3 settings), each part a PUT.
 */
const SNAPSHOT_PART_BYTES = 100 * 1024 ** 2;
/** Files per shard of a force-merged index (one segment's files plus metadata) *(assumption)*. */
const SNAPSHOT_FILES_PER_SHARD = 12;

/** A tier's nodes as billed: how many, each disk's size and medium. */
interface TierNodes {
  readonly tier: DataTier;
  readonly nodes: number;
  readonly diskBytes: number;
  readonly medium: string;
}

/** Component names of a tier's nodes and disks (the data nodes keep their names: they are the hot tier). */
function componentsOf(tier: DataTier): { node: string; disk: string } {
  return tier === 'hot'
    ? { node: 'data_node', disk: 'data_disk' }
    : { node: `${tier}_node`, disk: `${tier}_disk` };
}

/** How often an index rolls over at the run's rate: daily, or the first rollover condition the rate meets. */
function indexPeriodUs(spec: ElasticSpec, primaryBytesPerUs: number): number {
  if (spec.index.pattern === 'daily') return US_PER_DAY;
  const r = spec.index.rollover;
  const bySize =
    primaryBytesPerUs > 0
      ? (r.max_primary_shard_size * spec.index.number_of_shards) / primaryBytesPerUs
      : Infinity;
  // ILM checks every poll interval: a rollover happens at the first poll past the condition.
  const poll = spec.ilm_poll_interval;
  return Math.max(poll, Math.ceil(Math.min(r.max_age, bySize) / poll) * poll);
}

/** A run's lifecycle: its plan, index period and bytes, when indices are deleted, the steady month, every tier's nodes. */
export interface Lifecycle {
  readonly plan: IlmPlan;
  readonly periodUs: number;
  readonly primaryBytes: number;
  /** The delete phase's min_age, or the bill's retention without one. */
  readonly deleteAgeUs: number;
  /** Index (0-based) of the steady month: the one the bill quotes. */
  readonly steadyMonth: number;
  readonly tiers: readonly TierNodes[];
}

/** The plan of a run: its index period and bytes, every phase, the horizon to the steady month. */
export function elasticLifecycle(
  spec: ElasticSpec,
  stored: ElasticStored,
  durationUs: number,
  retentionUs: number,
): Lifecycle {
  const copies = 1 + spec.index.number_of_replicas;
  const primaryBytesPerUs = durationUs > 0 ? stored.storeBytes / copies / durationUs : 0;
  const periodUs = indexPeriodUs(spec, primaryBytesPerUs);
  const primaryBytes = primaryBytesPerUs * periodUs;
  const ilm = spec.ilm;
  const low = spec.disk_watermarks.low;
  const tiers: TierNodes[] = [];
  const phases: TierPhase[] = [];
  for (const tier of ['warm', 'cold', 'frozen'] as const) {
    const p = ilm?.[tier];
    if (p === undefined) continue;
    tiers.push({ tier, nodes: p.nodes, diskBytes: p.disk, medium: p.disk_medium });
    phases.push({
      tier,
      minAgeUs: p.min_age,
      capacityBytes: tier === 'frozen' ? Infinity : p.nodes * p.disk * low,
    });
  }
  const deleteAgeUs = ilm === undefined ? retentionUs : (ilm.delete?.min_age ?? retentionUs);
  // To the first month in which every index alive was born after going live and the oldest are being deleted.
  const steadyMonth = Math.min(36, Math.ceil((deleteAgeUs + periodUs) / MONTH_US));
  const plan = planLifecycle({
    indexPeriodUs: periodUs,
    primaryBytes,
    replicas: spec.index.number_of_replicas,
    phases,
    deleteAgeUs,
    hotFloodBytes: spec.data_nodes * spec.node.disk * spec.disk_watermarks.flood_stage,
    // ILM polls every 10 minutes; an hour to a day is as fine as a bill over months can tell.
    stepUs: Math.min(US_PER_DAY, Math.max(US_PER_HOUR, periodUs)),
    horizonUs: (steadyMonth + 1) * MONTH_US,
  });
  // The data nodes' disks: configured, or grown to the plan's peak under the low watermark.
  let hotPeak = 0;
  for (const s of plan.steps) hotPeak = Math.max(hotPeak, s.tierBytes.hot);
  const hotDisk = Math.max(spec.node.disk, hotPeak / spec.data_nodes / low);
  tiers.unshift({ tier: 'hot', nodes: spec.data_nodes, diskBytes: hotDisk, medium: spec.node.disk_medium });
  return { plan, periodUs, primaryBytes, deleteAgeUs, steadyMonth, tiers };
}

/** One month of usage: every node and disk all month, the repository as the plan fills it, snapshot PUTs. */
function monthUsage(
  spec: ElasticSpec,
  life: Lifecycle,
  snapshotMedium: string,
  t0: number,
  t1: number,
  /** Repository GETs and bytes of frozen-tier searches per µs (the run's rate, carried forward). */
  reads: { readonly getsPerUs: number; readonly bytesPerUs: number },
): Usage {
  const { compute, storage } = provisioned(spec, life, t1 - t0);
  const requests: RequestUse[] = [];
  const retrieval: RetrievalUse[] = [];
  if (reads.getsPerUs > 0) {
    // A partially mounted shard whose cache misses reads the repository: every read a GET.
    requests.push({
      component: 'snapshots',
      medium: snapshotMedium,
      kind: 'get',
      count: reads.getsPerUs * (t1 - t0),
    });
    retrieval.push({
      component: 'snapshots',
      medium: snapshotMedium,
      gb: (reads.bytesPerUs * (t1 - t0)) / BYTES_PER_GB,
    });
  }
  if (spec.ilm !== undefined) {
    // Each index is in the repository from its first searchable snapshot until it is deleted.
    let byteUs = 0;
    let snapshots = 0;
    for (const x of life.plan.indices) {
      const from = x.entered.snapshot;
      if (from === undefined) continue;
      const to = x.entered.deleted ?? Infinity;
      byteUs += life.primaryBytes * Math.max(0, Math.min(t1, to) - Math.max(t0, from));
      if (from >= t0 && from < t1) snapshots++;
    }
    if (byteUs > 0)
      storage.push({
        component: 'snapshots',
        medium: snapshotMedium,
        gbMonths: byteUs / BYTES_PER_GB / MONTH_US,
      });
    const puts =
      snapshots *
      (Math.ceil(life.primaryBytes / SNAPSHOT_PART_BYTES) +
        spec.index.number_of_shards * SNAPSHOT_FILES_PER_SHARD);
    if (puts > 0) requests.push({ component: 'snapshots', medium: snapshotMedium, kind: 'put', count: puts });
  }
  return { storage, earlyDeletion: [], requests, retrieval, compute };
}

/** The plan's state at `tUs`: its last step at or before then. */
function stepAt(plan: IlmPlan, tUs: number): IlmStep | undefined {
  let at: IlmStep | undefined;
  for (const s of plan.steps) {
    if (s.atUs > tUs) break;
    at = s;
  }
  return at;
}

/** The stuck migrate that began first, and how long the longest one waited. */
function stuckSummary(plan: IlmPlan): { first: StuckMigrate | undefined; longestUs: number } {
  let first: StuckMigrate | undefined;
  let longestUs = 0;
  for (const s of plan.stuck) {
    if (first === undefined || s.sinceUs < first.sinceUs) first = s;
    longestUs = Math.max(longestUs, s.forUs);
  }
  return { first, longestUs };
}

/** Days, to two decimals. */
function days(us: number): number {
  return Math.round((us / US_PER_DAY) * 100) / 100;
}

/** The `elastic.ilm` figures: the plan's steady state, its stuck migrates, bytes by tier month by month. */
function lifecycleReport(life: Lifecycle): Record<string, unknown> {
  const { plan } = life;
  const steady = stepAt(plan, (life.steadyMonth + 1) * MONTH_US);
  const stuck = stuckSummary(plan);
  let stuckPeak = 0;
  let pastRetentionPeak = 0;
  for (const s of plan.steps) {
    stuckPeak = Math.max(stuckPeak, s.stuckBytes);
    pastRetentionPeak = Math.max(pastRetentionPeak, s.pastRetentionBytes);
  }
  const bytesByTier = (s: IlmStep | undefined): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const t of DATA_TIERS) out[t] = Math.round(s?.tierBytes[t] ?? 0);
    out['repository'] = Math.round(s?.repositoryBytes ?? 0);
    return out;
  };
  const months: Record<string, unknown>[] = [];
  for (let m = 1; m * MONTH_US <= plan.steps.at(-1)!.atUs; m++) {
    months.push({ month: m, bytesByTier: bytesByTier(stepAt(plan, m * MONTH_US)) });
  }
  return {
    indexPeriodDays: days(life.periodUs),
    primaryBytesPerIndex: Math.round(life.primaryBytes),
    tiers: life.tiers.map((t) => ({
      tier: t.tier,
      nodes: t.nodes,
      diskBytes: Math.round(t.diskBytes),
      medium: t.medium,
    })),
    steadyBytesByTier: bytesByTier(steady),
    stuckMigrates: plan.stuck.length,
    stuckBytesPeak: Math.round(stuckPeak),
    stuckDaysMax: days(stuck.longestUs),
    firstStuck:
      stuck.first === undefined
        ? null
        : {
            tier: stuck.first.tier,
            wanted: stuck.first.wanted,
            atDays: days(stuck.first.sinceUs),
            forDays: days(stuck.first.forUs),
          },
    pastRetentionBytesPeak: Math.round(pastRetentionPeak),
    hotFloodAtDays: plan.hotFloodAtUs === undefined ? null : days(plan.hotFloodAtUs),
    months,
  };
}

/** The `cost` section of an Elasticsearch run, its `elastic.ilm` figures, and the warnings they rest on. */
export function elasticCost(
  spec: ElasticSpec,
  stored: ElasticStored,
  durationUs: number,
  pricing: PricingSpec | undefined,
): { section: Record<string, unknown>; lifecycle: Record<string, unknown>; warnings: RunWarning[] } {
  const p = pricing ?? DEFAULT_PRICING;
  const prices = priceTable(p);
  const retentionUs = p.object_storage.retention;
  const life = elasticLifecycle(spec, stored, durationUs, retentionUs);
  const snapshotMedium = spec.ilm?.snapshot_medium ?? 's3-standard';
  const reads = {
    getsPerUs: durationUs > 0 ? (stored.repositoryGets ?? 0) / durationUs : 0,
    bytesPerUs: durationUs > 0 ? (stored.repositoryBytesRead ?? 0) / durationUs : 0,
  };
  const months: Usage[] = [];
  for (let m = 0; m <= life.steadyMonth; m++)
    months.push(monthUsage(spec, life, snapshotMedium, m * MONTH_US, (m + 1) * MONTH_US, reads));
  const steadyStep = stepAt(life.plan, (life.steadyMonth + 1) * MONTH_US);
  const storedBytes: Record<string, number> = {};
  for (const t of life.tiers)
    storedBytes[t.medium] = (storedBytes[t.medium] ?? 0) + Math.round(steadyStep?.tierBytes[t.tier] ?? 0);
  if (spec.ilm !== undefined)
    storedBytes[snapshotMedium] =
      (storedBytes[snapshotMedium] ?? 0) + Math.round(steadyStep?.repositoryBytes ?? 0);
  const tierOrder = [
    ...new Set([...life.tiers.map((t) => t.medium), ...(spec.ilm !== undefined ? [snapshotMedium] : [])]),
  ];
  const section = costSectionOf(
    {
      months,
      steady: life.steadyMonth,
      tierOrder,
      storedBytes,
      retentionUs: life.deleteAgeUs,
      run: runUsage(spec, life, durationUs),
    },
    prices,
  );
  const warnings: RunWarning[] = [
    {
      code: 'estimate',
      path: 'cost.monthly',
      message:
        spec.ilm === undefined
          ? `the monthly bill is one hot tier: ${spec.data_nodes} data nodes and their ${spec.node.disk_medium} disks billed by provisioned size, each index kept ${fmt(days(retentionUs))} days at the run's mean store rate (730-hour month)`
          : `the monthly bill is month ${life.steadyMonth + 1} of the ILM plan: indices of the run's mean store rate, one per ${fmt(days(life.periodUs))} d, moved through the tiers by min_age (730-hour month)`,
    },
  ];
  const hot = life.tiers[0]!;
  if (hot.diskBytes > spec.node.disk)
    warnings.push({
      code: 'estimate',
      path: 'backend.node.disk',
      message: `the data nodes hold up to ${fmt((hot.diskBytes * spec.disk_watermarks.low) / 1e9)} GB each in the plan, more than node.disk allows under the ${Math.round(100 * spec.disk_watermarks.low)} % low watermark: each disk is billed at ${fmt(hot.diskBytes / 1e9)} GB, the size it would need`,
    });
  const { first, longestUs } = stuckSummary(life.plan);
  if (first !== undefined) {
    warnings.push({
      code: 'estimate',
      path: `backend.ilm.${first.wanted}`,
      message: `stuck ILM: from day ${fmt(days(first.sinceUs))} the ${first.wanted} tier has no room under the low watermark, so indices wait on ${first.tier} (${life.plan.stuck.length} migrates stuck, up to ${fmt(days(longestUs))} days)`,
    });
  }
  if (spec.ilm !== undefined)
    warnings.push({
      code: 'assumed_default',
      path: 'backend.ilm',
      message: `snapshot PUTs: one per 100 MiB part (repository-s3 buffer_size) plus ${SNAPSHOT_FILES_PER_SHARD} files per shard (assumption); force-merge and shrink are not modelled`,
    });
  if (pricing === undefined && spec.ilm?.delete === undefined)
    warnings.push({
      code: 'assumed_default',
      path: 'pricing.object_storage.retention',
      message:
        'no pricing: section and no ILM delete phase: the bill keeps 30 days of indices (assumption; without a delete phase Elasticsearch keeps them forever)',
    });
  warnings.push(
    ...assumedInstancePrices(
      prices,
      months[0]!.compute.map((c) => c.component),
    ),
  );
  return { section, lifecycle: lifecycleReport(life), warnings };
}

/** Every node and provisioned disk over `us`: what a design pays whatever it stores. */
function provisioned(
  spec: ElasticSpec,
  life: Lifecycle,
  us: number,
): { compute: { component: string; nodeHours: number }[]; storage: StorageUse[] } {
  const hours = us / US_PER_HOUR;
  const compute = life.tiers.map((t) => ({
    component: componentsOf(t.tier).node,
    nodeHours: t.nodes * hours,
  }));
  if (spec.coordinating.nodes > 0)
    compute.push({ component: 'coordinating_node', nodeHours: spec.coordinating.nodes * hours });
  if (spec.master_nodes > 0) compute.push({ component: 'master_node', nodeHours: spec.master_nodes * hours });
  const storage = life.tiers.map((t) => ({
    component: componentsOf(t.tier).disk,
    medium: t.medium,
    gbMonths: ((t.nodes * t.diskBytes) / BYTES_PER_GB) * (us / MONTH_US),
  }));
  return { compute, storage };
}

/** What the run itself used: every node and disk for its duration. */
function runUsage(spec: ElasticSpec, life: Lifecycle, durationUs: number): Usage {
  return { ...provisioned(spec, life, durationUs), earlyDeletion: [], requests: [], retrieval: [] };
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(4)));
}
