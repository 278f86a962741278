/**
 * The price table a bill is computed with: the built-in media and instance
 * types (media.ts, instance-prices.ts) with the scenario's `pricing:`
 * replacements applied, the discount, and which instance each component runs
 * on. Prices stay in dollars here, as their sources write them; bill.ts turns
 * them into micro-dollars.
 */
import type { RunWarning } from '../config/run-warning.ts';
import { DEFAULT_INSTANCES, DEFAULT_NODE_TYPES, type InstanceType } from './instance-prices.ts';
import { DEFAULT_MEDIA, type Medium } from './media.ts';
import type { PricingSpec } from './pricing-schema.ts';

export interface PriceTable {
  readonly media: ReadonlyMap<string, Medium>;
  readonly instances: ReadonlyMap<string, InstanceType>;
  /** Share taken off every price, in [0, 1]. */
  readonly discount: number;
  /** Instance type by component (distributor, ingester, querier, endpoint). */
  readonly nodeTypes: Readonly<Record<string, string>>;
}

/** The price table of a `pricing:` section (undefined: the built-in prices, no discount). */
export function priceTable(spec?: PricingSpec): PriceTable {
  const media = new Map(DEFAULT_MEDIA.map((m) => [m.id, m]));
  for (const [id, p] of Object.entries(spec?.media ?? {})) {
    const base: Medium = media.get(id) ?? {
      id,
      kind: 'object',
      description: 'a medium of the scenario (pricing.media)',
      usdPerGbMonth: 0,
      putUsdPer1000: 0,
      getUsdPer1000: 0,
      retrievalUsdPerGb: 0,
      minStorageDurationUs: 0,
      firstByteLatencyUs: 0,
      throughputBytesPerSec: 0,
      date: 'not given',
      source: 'the scenario (pricing.media)',
    };
    const changed = Object.values(p).some((v) => v !== undefined);
    media.set(id, {
      ...base,
      usdPerGbMonth: p.usd_per_gb_month ?? base.usdPerGbMonth,
      putUsdPer1000: p.put_usd_per_1000 ?? base.putUsdPer1000,
      getUsdPer1000: p.get_usd_per_1000 ?? base.getUsdPer1000,
      retrievalUsdPerGb: p.retrieval_usd_per_gb ?? base.retrievalUsdPerGb,
      minStorageDurationUs: p.min_storage_duration ?? base.minStorageDurationUs,
      firstByteLatencyUs: p.first_byte_latency ?? base.firstByteLatencyUs,
      // A replaced price is the scenario's: its date and source are the ones it gives, or say so.
      date: p.date ?? (changed ? 'not given' : base.date),
      source: p.source ?? (changed ? 'the scenario (pricing.media)' : base.source),
    });
  }
  const instances = new Map(DEFAULT_INSTANCES.map((i) => [i.id, i]));
  for (const [id, p] of Object.entries(spec?.instances ?? {})) {
    const base: InstanceType = instances.get(id) ?? {
      id,
      vcpus: 0,
      memoryGib: 0,
      nvmeGb: 0,
      usdPerHour: 0,
      date: 'not given',
      source: 'the scenario (pricing.instances)',
      assumed: false,
    };
    const repriced = p.usd_per_hour !== undefined;
    instances.set(id, {
      ...base,
      usdPerHour: p.usd_per_hour ?? base.usdPerHour,
      date: p.date ?? (repriced ? 'not given' : base.date),
      source: p.source ?? (repriced ? 'the scenario (pricing.instances)' : base.source),
      // A price the scenario gives is the scenario's to vouch for.
      assumed: repriced ? false : base.assumed,
    });
  }
  const nodeTypes: Record<string, string> = { ...DEFAULT_NODE_TYPES };
  for (const [component, id] of Object.entries(spec?.nodes ?? {}))
    if (id !== undefined) nodeTypes[component] = id;
  return { media, instances, discount: spec?.discount ?? 0, nodeTypes };
}

/** The medium `id`; throws for one the `pricing:` schema would not have let through. */
export function mediumOf(prices: PriceTable, id: string): Medium {
  const m = prices.media.get(id);
  if (m === undefined) throw new Error(`no medium ${id} in the price table`);
  return m;
}

/** The instance type a component runs on. */
export function instanceOf(prices: PriceTable, component: string): InstanceType {
  const id = prices.nodeTypes[component];
  const i = id === undefined ? undefined : prices.instances.get(id);
  if (i === undefined) throw new Error(`no instance type for component ${component} in the price table`);
  return i;
}

/** One warning naming every component billed at a built-in (assumed) instance price; none when all are the scenario's. */
export function assumedInstancePrices(prices: PriceTable, components: readonly string[]): RunWarning[] {
  const assumed = components.flatMap((c) => {
    const id = prices.nodeTypes[c];
    const i = id === undefined ? undefined : prices.instances.get(id);
    return i?.assumed === true ? [`${c} ${i.id} $${i.usdPerHour}/h`] : [];
  });
  if (assumed.length === 0) return [];
  return [
    {
      code: 'assumed_default',
      path: 'pricing.instances',
      message: `instance prices are recalled AWS us-east-1 list prices, not from facts.md (${assumed.join(', ')}); set pricing.instances to your own`,
    },
  ];
}
