/**
 * A design's cost model: the steady flows its run measured (objects written,
 * requests, bytes read), the tiers objects age through and the nodes it runs,
 * turned into the usage of any period — the first months while storage fills
 * up, and the steady-state month the bill is quoted for. The run is a
 * representative window: its flows are carried forward over the horizon
 * (the report says so in `warnings[]`).
 *
 *   run ─▶ flows per µs ─┐
 *   tiers (by age) ──────┼─▶ usageBetween(t0, t1) ─▶ Usage ─▶ bill.ts
 *   nodes ───────────────┘
 */
import { US_PER_HOUR } from '../engine/time.ts';
import { monthsToSteadyState, tierUseBetween, type AgedTier, type WriteFlow } from './tier-aging.ts';
import {
  BYTES_PER_GB,
  MONTH_US,
  type RequestUse,
  type RetrievalUse,
  type StorageUse,
  type Usage,
} from './usage.ts';

/** Objects one component writes to object storage. */
export interface ObjectFlow {
  readonly component: string;
  readonly flow: WriteFlow;
  /** PUT requests per stored object (replicas that write the same chunk pay the PUT again). */
  readonly putsPerObject: number;
}

export interface CostModel {
  readonly tiers: readonly AgedTier[];
  readonly objectFlows: readonly ObjectFlow[];
  /** Reads of stored objects (queries), billed at the first tier: queries are taken to read young data. */
  readonly reads: { readonly component: string; readonly getsPerUs: number; readonly bytesPerUs: number };
  /** Reads of older data (queries with an age), billed at the class that age is in; not part of `reads`. */
  readonly agedReads?: readonly {
    readonly medium: string;
    readonly getsPerUs: number;
    readonly bytesPerUs: number;
  }[];
  /** Nodes per component, running all the time. */
  readonly nodes: readonly { readonly component: string; readonly count: number }[];
  /**
   * Provisioned disks (block storage, instance stores), billed by their
   * capacity from day one whatever they hold; `storedBytes` is what they hold
   * in the steady state.
   */
  readonly volumes?: readonly {
    readonly component: string;
    readonly medium: string;
    readonly gb: number;
    readonly storedBytes: number;
  }[];
  /** How long data is kept, when no storage tier says it (a design on provisioned disks). */
  readonly retentionUs?: number;
}

/** The usage of [t0Us, t1Us) since the design went live at 0. */
export function usageBetween(model: CostModel, t0Us: number, t1Us: number): Usage {
  const storage: StorageUse[] = [];
  const earlyDeletion: StorageUse[] = [];
  const requests: RequestUse[] = [];
  const spanUs = t1Us - t0Us;
  const first = model.tiers[0];
  for (const { component, flow, putsPerObject } of model.objectFlows) {
    if (first !== undefined)
      requests.push({
        component,
        medium: first.medium,
        kind: 'put',
        count: flow.objectsPerUs * putsPerObject * spanUs,
      });
    for (const use of tierUseBetween(model.tiers, flow, t0Us, t1Us)) {
      storage.push({ component, medium: use.medium, gbMonths: use.gbMonths });
      if (use.earlyDeletionGbMonths > 0)
        earlyDeletion.push({ component, medium: use.medium, gbMonths: use.earlyDeletionGbMonths });
      if (use.transitionsIn > 0)
        requests.push({ component, medium: use.medium, kind: 'transition', count: use.transitionsIn });
    }
  }
  const retrieval: RetrievalUse[] = [];
  if (first !== undefined) {
    requests.push({
      component: model.reads.component,
      medium: first.medium,
      kind: 'get',
      count: model.reads.getsPerUs * spanUs,
    });
    retrieval.push({
      component: model.reads.component,
      medium: first.medium,
      gb: (model.reads.bytesPerUs * spanUs) / BYTES_PER_GB,
    });
  }
  for (const r of model.agedReads ?? []) {
    requests.push({
      component: model.reads.component,
      medium: r.medium,
      kind: 'get',
      count: r.getsPerUs * spanUs,
    });
    retrieval.push({
      component: model.reads.component,
      medium: r.medium,
      gb: (r.bytesPerUs * spanUs) / BYTES_PER_GB,
    });
  }
  for (const v of model.volumes ?? [])
    storage.push({ component: v.component, medium: v.medium, gbMonths: (v.gb * spanUs) / MONTH_US });
  const compute = model.nodes.map((n) => ({
    component: n.component,
    nodeHours: (n.count * spanUs) / US_PER_HOUR,
  }));
  return { storage, earlyDeletion, requests, retrieval, compute };
}

/** The first `months` billing months, from going live. */
export function monthlyUsages(model: CostModel, months: number): Usage[] {
  const out: Usage[] = [];
  for (let m = 0; m < months; m++) out.push(usageBetween(model, m * MONTH_US, (m + 1) * MONTH_US));
  return out;
}

/** The index (0-based) of the first month in which every tier is full all month. */
export function steadyMonthIndex(model: CostModel): number {
  return monthsToSteadyState(model.tiers);
}
