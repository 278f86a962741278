/**
 * Compute: what a node costs per hour. reference/facts.md has no instance
 * prices (§4 says only that NVMe is in the instance price, §6b that Grafana
 * sizes Loki for "M6 or newer on AWS"), so every price here is an
 * *assumption*: the AWS us-east-1 on-demand Linux list price as recalled for
 * 2024–2026, not read from the AWS page for this table. The report says so in
 * `warnings[]` whenever a bill uses one; `pricing.instances` replaces them.
 */

/** An instance type and its hourly price. */
export interface InstanceType {
  readonly id: string;
  readonly vcpus: number;
  readonly memoryGib: number;
  /** NVMe instance store, GB (0 = EBS only). */
  readonly nvmeGb: number;
  readonly usdPerHour: number;
  readonly date: string;
  readonly source: string;
  /** True when the price is not from a cited page (every built-in one): the report warns. */
  readonly assumed: boolean;
}

const ASSUMED_SOURCE =
  'assumption: AWS us-east-1 on-demand Linux list price as recalled, not in facts.md; check https://aws.amazon.com/ec2/pricing/on-demand/';
const ASSUMED_DATE = '2026 (unverified)';

const instance = (id: string, vcpus: number, memoryGib: number, nvmeGb: number, usdPerHour: number) =>
  ({
    id,
    vcpus,
    memoryGib,
    nvmeGb,
    usdPerHour,
    date: ASSUMED_DATE,
    source: ASSUMED_SOURCE,
    assumed: true,
  }) as const;

/** The built-in instance types: general purpose (M6i), compute (C6i), memory (R6i) and NVMe storage (I4i). */
export const DEFAULT_INSTANCES: readonly InstanceType[] = Object.freeze([
  instance('m6i.large', 2, 8, 0, 0.096),
  instance('m6i.xlarge', 4, 16, 0, 0.192),
  instance('m6i.2xlarge', 8, 32, 0, 0.384),
  instance('c6i.large', 2, 4, 0, 0.085),
  instance('c6i.xlarge', 4, 8, 0, 0.17),
  instance('r6i.large', 2, 16, 0, 0.126),
  instance('r6i.xlarge', 4, 32, 0, 0.252),
  instance('r6i.2xlarge', 8, 64, 0, 0.504),
  instance('i4i.large', 2, 16, 468, 0.172),
  instance('i4i.xlarge', 4, 32, 937, 0.343),
  instance('i4i.2xlarge', 8, 64, 1875, 0.686),
]);

/**
 * The instance type each component runs on unless `pricing.nodes` says
 * otherwise. Grafana's sizing table (facts.md §6b, < 3 TB/day) asks 2 CPU /
 * 4 Gi per ingester, 2 / 0.5 per distributor, 1 / 1 per querier: an m6i.large
 * (2 vCPU, 8 GiB) holds each, one node per replica. The generic endpoint's
 * default capacity is a 4-vCPU Elasticsearch node (seq-db benchmark): m6i.xlarge.
 * An Elasticsearch data node of the default 8 allocated processors and 26 GiB
 * heap needs ~64 GiB of RAM (heap ≤ half of it, facts.md §3): an r6i.2xlarge,
 * as a coordinating node of the same heap; a dedicated master is small.
 */
export const DEFAULT_NODE_TYPES: Readonly<Record<string, string>> = Object.freeze({
  distributor: 'm6i.large',
  ingester: 'm6i.large',
  querier: 'm6i.large',
  endpoint: 'm6i.xlarge',
  data_node: 'r6i.2xlarge',
  coordinating_node: 'r6i.2xlarge',
  master_node: 'm6i.large',
  warm_node: 'r6i.2xlarge',
  cold_node: 'r6i.2xlarge',
  frozen_node: 'r6i.2xlarge',
});
