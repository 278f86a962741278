/**
 * Loki's bill (decision 07: object storage from day one): chunk and index
 * objects in the object store, aged through `pricing.object_storage`'s
 * classes; PUTs from chunk flushes and index uploads, GETs from the queries'
 * chunk fetches; compute for distributors, ingesters and queriers. The run is
 * a representative window of the steady state: its flows, measured here, are
 * carried forward month by month (sim/storage/cost-model.ts).
 *
 *   object store (chunks, their log-time bounds) ─▶ bytes and objects per µs over the flushed window ─┐
 *   store counters (PUTs per object, GETs, bytes got) ──────────────────────────────────────────────────┼─▶ CostModel ─▶ cost
 *   spec (distributors, ingesters) + read path (queriers) ──────────────────────────────────────────────┘
 */
import type { RunWarning } from '../config/run-warning.ts';
import { US_PER_HOUR, US_PER_MINUTE } from '../engine/time.ts';
import type { QuerySpec } from '../query/query-spec.ts';
import type { CostModel } from '../storage/cost-model.ts';
import { costSection, gbMonthsOf } from '../storage/cost-section.ts';
import { mediumAtAge, objectStorageTiers } from '../storage/object-storage-plan.ts';
import { assumedInstancePrices, priceTable } from '../storage/price-table.ts';
import { DEFAULT_PRICING, type PricingSpec } from '../storage/pricing-schema.ts';
import type { Usage } from '../storage/usage.ts';
import type { LokiBackend } from './loki-backend.ts';
import type { LokiSpec } from './loki-settings.ts';

/**
 * An index object per ingester every 15 minutes *(assumption)*: a TSDB
 * ingester cuts its head into an index file per period and ships it; the
 * index here is an estimate (loki-backend.ts indexBytes), not built.
 */
const INDEX_UPLOAD_PERIOD_US = 15 * US_PER_MINUTE;

/** What the bill needs of the read path (absent without `queries:`). */
export interface LokiReadSide {
  readonly queriers: number;
  readonly specs: readonly QuerySpec[];
  /** GETs and bytes each query class fetched over the run (by class name), once it is over. */
  readonly fetched?: () => Readonly<Record<string, { readonly gets: number; readonly bytesFetched: number }>>;
}

/** The window of log time whose chunks have all been flushed, and what the run stored in it. */
interface FlushedWindow {
  readonly fromUs: number;
  readonly toUs: number;
  /** False when the run is too short for a window: the whole run's stored bytes stand in. */
  readonly steady: boolean;
  readonly bytes: number;
  readonly objects: number;
}

/**
 * Chunks holding a line written at ts are flushed by ts + max_chunk_age + one
 * flush check (and sooner when cut by size or idleness), so log time up to
 * that far before the end is fully in the store. The first quarter of the run
 * is left out as warm-up. Each chunk counts by the share of its log-time span
 * inside the window.
 */
function flushedWindow(backend: LokiBackend, spec: LokiSpec, durationUs: number): FlushedWindow {
  const fromUs = Math.floor(durationUs / 4);
  const toUs = durationUs - spec.chunks.max_age - 2 * spec.chunks.flush_check_period;
  if (toUs - fromUs < US_PER_HOUR) {
    return {
      fromUs: 0,
      toUs: durationUs,
      steady: false,
      bytes: backend.store.bytesStored,
      objects: backend.store.storedObjects,
    };
  }
  let bytes = 0;
  let objects = 0;
  for (const [, c] of backend.store.entries()) {
    const span = c.maxTsUs - c.minTsUs;
    const overlap = Math.min(c.maxTsUs, toUs) - Math.max(c.minTsUs, fromUs);
    const share = span <= 0 ? (c.minTsUs >= fromUs && c.minTsUs < toUs ? 1 : 0) : Math.max(0, overlap) / span;
    if (share === 0) continue;
    bytes += c.bytes * share;
    objects += (c.objects ?? 1) * share;
  }
  return { fromUs, toUs, steady: true, bytes, objects };
}

/** The cost model of a finished Loki run. */
export function lokiCostModel(
  backend: LokiBackend,
  spec: LokiSpec,
  durationUs: number,
  pricing: PricingSpec,
  read: LokiReadSide | undefined,
): { model: CostModel; window: FlushedWindow } {
  const prices = priceTable(pricing);
  const window = flushedWindow(backend, spec, durationUs);
  const aged = agedFetches(read, pricing, prices);
  const spanUs = window.toUs - window.fromUs;
  const store = backend.store;
  // Replicas that cut the same chunk write the same key again: the PUT is paid, the bytes are stored once.
  const putsPerObject = store.storedObjects > 0 ? store.counters.puts / store.storedObjects : 1;
  return {
    window,
    model: {
      tiers: objectStorageTiers(pricing.object_storage, prices),
      objectFlows: [
        {
          component: 'chunks',
          flow: { bytesPerUs: window.bytes / spanUs, objectsPerUs: window.objects / spanUs },
          putsPerObject,
        },
        {
          component: 'index',
          flow: {
            bytesPerUs: backend.indexBytes() / durationUs,
            objectsPerUs: spec.ingesters.count / INDEX_UPLOAD_PERIOD_US,
          },
          putsPerObject: 1,
        },
      ],
      reads: {
        component: 'chunks',
        getsPerUs: (store.counters.gets - aged.gets) / durationUs,
        bytesPerUs: (store.counters.bytesGot - aged.bytes) / durationUs,
      },
      agedReads: aged.byMedium.map((r) => ({
        medium: r.medium,
        getsPerUs: r.gets / durationUs,
        bytesPerUs: r.bytes / durationUs,
      })),
      nodes: [
        { component: 'distributor', count: spec.distributors },
        { component: 'ingester', count: spec.ingesters.count },
        ...(read !== undefined ? [{ component: 'querier', count: read.queriers }] : []),
      ],
    },
  };
}

/** The GETs and bytes of query classes with an age, by the storage class that age is in. */
function agedFetches(
  read: LokiReadSide | undefined,
  pricing: PricingSpec,
  prices: ReturnType<typeof priceTable>,
): { gets: number; bytes: number; byMedium: { medium: string; gets: number; bytes: number }[] } {
  const fetched = read?.fetched?.() ?? {};
  const byMedium = new Map<string, { medium: string; gets: number; bytes: number }>();
  let gets = 0;
  let bytes = 0;
  for (const q of read?.specs ?? []) {
    const f = fetched[q.name];
    if (q.ageUs === undefined || q.ageUs <= 0 || f === undefined) continue;
    const medium = mediumAtAge(pricing.object_storage, prices, q.ageUs).id;
    const entry = byMedium.get(medium) ?? { medium, gets: 0, bytes: 0 };
    entry.gets += f.gets;
    entry.bytes += f.bytesFetched;
    byMedium.set(medium, entry);
    gets += f.gets;
    bytes += f.bytesFetched;
  }
  return { gets, bytes, byMedium: [...byMedium.values()] };
}

/** What the run itself used over its duration: chunks stored from their last line on, its requests, its node-hours. */
function runUsage(backend: LokiBackend, model: CostModel, durationUs: number): Usage {
  const store = backend.store;
  const medium = model.tiers[0]?.medium ?? 's3-standard';
  let byteUs = 0;
  for (const [, c] of store.entries()) byteUs += c.bytes * Math.max(0, durationUs - c.maxTsUs);
  const indexUploads = (model.objectFlows[1]?.flow.objectsPerUs ?? 0) * durationUs;
  return {
    storage: [
      { component: 'chunks', medium, gbMonths: gbMonthsOf(byteUs) },
      // The index grows over the run: on average half of it was stored the whole time.
      { component: 'index', medium, gbMonths: gbMonthsOf((backend.indexBytes() * durationUs) / 2) },
    ],
    earlyDeletion: [],
    requests: [
      { component: 'chunks', medium, kind: 'put', count: store.counters.puts },
      { component: 'index', medium, kind: 'put', count: indexUploads },
      { component: 'chunks', medium, kind: 'get', count: store.counters.gets },
    ],
    retrieval: [{ component: 'chunks', medium, gb: store.counters.bytesGot / 1024 ** 3 }],
    compute: model.nodes.map((n) => ({
      component: n.component,
      nodeHours: (n.count * durationUs) / US_PER_HOUR,
    })),
  };
}

/** The `cost` section of a Loki run, and the warnings its figures rest on. */
export function lokiCost(
  backend: LokiBackend,
  spec: LokiSpec,
  durationUs: number,
  pricing: PricingSpec | undefined,
  read: LokiReadSide | undefined,
): { section: Record<string, unknown>; warnings: RunWarning[] } {
  const p = pricing ?? DEFAULT_PRICING;
  const prices = priceTable(p);
  const { model, window } = lokiCostModel(backend, spec, durationUs, p, read);
  const section = costSection(model, prices, runUsage(backend, model, durationUs));
  const warnings: RunWarning[] = [
    {
      code: 'estimate',
      path: 'cost.monthly',
      message: window.steady
        ? `the monthly bill carries the run's flows forward: chunk bytes and objects per second over the flushed window ${hours(window.fromUs)}–${hours(window.toUs)} h of log time, requests and queries at the run's rates, storage in steady state with every tier full (730-hour month)`
        : `the run is shorter than max_chunk_age plus an hour of steady state: the monthly bill extrapolates the chunks flushed so far, which undercounts what the ingesters still hold`,
    },
    {
      code: 'assumed_default',
      path: 'cost.byComponent.index',
      message:
        'index objects: one upload per ingester every 15 minutes (assumption), of the estimated TSDB index size',
    },
  ];
  if (pricing === undefined)
    warnings.push({
      code: 'assumed_default',
      path: 'pricing.object_storage.retention',
      message:
        'no pricing: section: the bill keeps 30 days in S3 Standard (assumption; Loki deletes nothing by default)',
    });
  warnings.push(
    ...assumedInstancePrices(
      prices,
      model.nodes.map((n) => n.component),
    ),
  );
  if (read === undefined)
    warnings.push({
      code: 'estimate',
      path: 'cost.byComponent',
      message: 'no queries: the read path is not modelled, so queriers and GETs are not billed',
    });
  const firstTierEndUs = model.tiers[0]?.toUs ?? Infinity;
  for (const q of read?.specs ?? [])
    if ((q.ageUs ?? 0) >= p.object_storage.retention)
      warnings.push({
        code: 'estimate',
        path: `queries.${q.name}`,
        message: `the query asks for data ${Math.round((q.ageUs ?? 0) / 86_400e6)} days old, past the ${Math.round(p.object_storage.retention / 86_400e6)}-day retention: it is deleted, so the query finds nothing`,
      });
    else if ((q.ageUs ?? 0) === 0 && q.rangeUs > firstTierEndUs)
      warnings.push({
        code: 'estimate',
        path: `queries.${q.name}`,
        message: `the query reaches data older than the first storage class keeps it; its GETs are billed at ${model.tiers[0]?.medium ?? ''} prices`,
      });
  return { section, warnings };
}

function hours(us: number): string {
  return String(Math.round((us / US_PER_HOUR) * 10) / 10);
}
