/**
 * From a scenario's `backend: { kind: elasticsearch }` and its Elasticsearch
 * faults to the model's configuration (elastic-backend.ts), and the faults
 * onto the run's timeline. The one place that reads this part of the scenario.
 */
import type { BackendContext } from '../backend/backend-module.ts';
import { US_PER_MINUTE, US_PER_MS } from '../engine/time.ts';
import { isFault } from '../faults/fault-schedule.ts';
import { nodeLossFault } from '../faults/node-loss.ts';
import { fieldAddedFault } from '../faults/field-added.ts';
import type { ServiceDesign } from '../workload/fleet-design.ts';
import type { SearchConfig, TierStore } from './search-coordinator.ts';
import { mediumOf, priceTable, type PriceTable } from '../storage/price-table.ts';
import { DEFAULT_SEARCH_COSTS } from './search-costs.ts';
import { searchThreads } from './search-pool.ts';
import { ElasticBackend, type DocumentFault } from './elastic-backend.ts';
import {
  esDiskGrowFault,
  esFieldGrowthFault,
  esNodeCrashFault,
  esTypeConflictFault,
} from './elastic-fault-types.ts';
import type { ElasticSpec } from './elastic-schema.ts';
import type { DocumentShape } from './index-size.ts';

/** Labels every document carries as keyword fields besides the service's own: host and @timestamp live in metadata. */
const FIELDS_ALWAYS = ['@timestamp', 'message', 'host.name'];

export function buildElasticBackend({
  sim,
  spec,
  services,
  durationUs,
  faults,
  sink,
  sources,
}: BackendContext<ElasticSpec>): ElasticBackend {
  const window = (atUs: number, forUs: number | undefined) => ({
    fromUs: atUs,
    toUs: forUs === undefined ? durationUs + 1 : atUs + forUs,
  });
  const documentFaults = (
    list: { atUs: number; spec: { service?: string | undefined; share: number; for?: number | undefined } }[],
  ): DocumentFault[] =>
    list.map((f) => ({ ...window(f.atUs, f.spec.for), service: f.spec.service, share: f.spec.share }));

  const backend = new ElasticBackend(
    sim,
    {
      nodes: spec.data_nodes,
      costs: {
        cores: spec.node.cores,
        bytesPerCorePerSec: spec.node.index_bytes_per_core,
        docsPerCorePerSec: spec.node.index_docs_per_core,
        overheadUs: spec.node.bulk_overhead,
        parseUsPerDoc: spec.documents === 'map' ? spec.parse_cost : 0,
      },
      diskBytes: spec.node.disk,
      heapBytes: spec.node.heap,
      indexingPressureShare: spec.indexing_pressure.memory_limit,
      coordinatingNodes: spec.coordinating.nodes,
      coordinatingHeapBytes: spec.coordinating.heap,
      shards: spec.index.number_of_shards,
      replicas: spec.index.number_of_replicas,
      routing: spec.index.routing,
      waitForActiveShards: spec.index.wait_for_active_shards,
      refreshIntervalUs: spec.index.refresh_interval,
      durability: spec.index.translog_durability,
      syncIntervalUs: spec.index.translog_sync_interval,
      codec: spec.index.codec,
      mode: spec.index.mode ?? 'standard',
      documents: spec.documents,
      dynamic: spec.mapping.dynamic,
      totalFieldsLimit: spec.mapping.total_fields_limit,
      initialFields: initialFields(services, spec.documents),
      writeQueueSize: spec.write_queue_size,
      pattern:
        spec.index.pattern === 'daily'
          ? { kind: 'daily' }
          : {
              kind: 'rollover',
              maxAgeUs: spec.index.rollover.max_age,
              maxPrimaryShardBytes: spec.index.rollover.max_primary_shard_size,
              maxDocs: spec.index.rollover.max_docs,
            },
      existingShardCopies: spec.existing_shard_copies,
      maxShardsPerNode: spec.max_shards_per_node,
      searchBucketUs: searchBucketUs(durationUs),
      searchThreads: spec.search.threads ?? searchThreads(spec.node.cores),
      searchQueueSize: spec.search.queue_size,
      services,
      watermarks: {
        low: spec.disk_watermarks.low,
        high: spec.disk_watermarks.high,
        flood: spec.disk_watermarks.flood_stage,
      },
      delayedTimeoutUs: spec.recovery.delayed_timeout,
      recoveryBytesPerSec: spec.recovery.max_bytes_per_sec,
      shapes: new Map(services.map((s) => [s.name, documentShape(s, spec.documents)])),
      fieldGrowth: documentFaults(faults.of(esFieldGrowthFault)),
      addedFields: faults
        .of(fieldAddedFault)
        .map((f) => ({ atUs: f.atUs, service: f.spec.service, unique: f.spec.cardinality === 'unique' })),
      typeConflicts: documentFaults(faults.of(esTypeConflictFault)),
    },
    sink,
    sources,
  );
  // The backend-neutral node loss is a data node crash here, in schedule order with es_node_crash.
  for (const f of faults.faults) {
    if (!isFault(f, esNodeCrashFault) && !isFault(f, nodeLossFault)) continue;
    const node = f.spec.node;
    sim.scheduleAt(f.atUs, () => backend.crash(node), undefined);
    const after = f.spec.restart_after;
    if (after !== undefined) sim.scheduleAt(f.atUs + after, () => backend.restart(node), undefined);
  }
  for (const f of faults.of(esDiskGrowFault))
    sim.scheduleAt(f.atUs, () => backend.growDisk(f.spec.by), undefined);
  if (spec.index.pattern === 'rollover') {
    const every = spec.ilm_poll_interval;
    const poll = (): void => {
      backend.pollLifecycle();
      if (sim.now + every < durationUs) sim.schedule(every, poll, undefined);
    };
    if (every < durationUs) sim.schedule(every, poll, undefined);
  }
  return backend;
}

/** @timestamp buckets of the search path: 1 minute, or wider so a long run keeps at most 4096 per index. */
function searchBucketUs(durationUs: number): number {
  return Math.max(US_PER_MINUTE, Math.ceil(durationUs / 4096));
}

/** The search path's settings (search-coordinator.ts); `prices` give the media a tier at an age is read from. */
export function searchConfigOf(
  spec: ElasticSpec,
  prices: PriceTable = priceTable(),
  /** How long indices are kept without an ILM delete phase (the bill's retention). */
  retentionUs = Infinity,
): SearchConfig {
  return {
    preFilterShardSize: spec.search.pre_filter_shard_size,
    replicaSelection: spec.search.replica_selection,
    fetchSize: spec.search.size,
    roundTripUs: US_PER_MS,
    needleToleranceUs: US_PER_MS,
    costs: { ...DEFAULT_SEARCH_COSTS, runtimeParseUs: spec.parse_cost },
    storeAtAge: (ageUs) => tierStoreAtAge(spec, prices, ageUs, retentionUs),
  };
}

/**
 * The storage data of age `ageUs` is read from under the ILM policy: hot is
 * the page cache (undefined), warm and cold their nodes' disks, frozen the
 * snapshot repository (a cold shared cache: every read a miss).
 */
export function tierStoreAtAge(
  spec: ElasticSpec,
  prices: PriceTable,
  ageUs: number,
  retentionUs: number,
): TierStore | 'deleted' | undefined {
  const ilm = spec.ilm;
  if (ageUs >= (ilm?.delete?.min_age ?? retentionUs)) return 'deleted';
  if (ilm === undefined) return undefined;
  let at: { tier: string; medium: string } | undefined;
  if (ilm.warm !== undefined && ageUs >= ilm.warm.min_age)
    at = { tier: 'warm', medium: ilm.warm.disk_medium };
  if (ilm.cold !== undefined && ageUs >= ilm.cold.min_age)
    at = { tier: 'cold', medium: ilm.cold.disk_medium };
  if (ilm.frozen !== undefined && ageUs >= ilm.frozen.min_age)
    at = { tier: 'frozen', medium: ilm.snapshot_medium };
  if (at === undefined) return undefined;
  const m = mediumOf(prices, at.medium);
  return {
    tier: at.tier,
    repository: at.tier === 'frozen',
    firstByteLatencyUs: m.firstByteLatencyUs,
    throughputBytesPerSec: m.throughputBytesPerSec,
  };
}

/**
 * The keyword fields of a service's documents. Raw strings index the labels
 * the agent attaches (service, env, level) and the text of the line; parsed
 * maps also index every key of the service's `fields:`.
 */
export function documentShape(service: ServiceDesign, documents: 'string' | 'map'): DocumentShape {
  let low = service.labels.length;
  let unique = 0;
  if (documents === 'map')
    for (const f of Object.values(service.fields)) {
      if (f.cardinality === 'unique') unique++;
      else low++;
    }
  return { lowCardinalityFields: low, uniqueFields: unique };
}

/** Fields the mapping starts with: the always-present ones, every label and (parsed at write) every key. */
function initialFields(services: readonly ServiceDesign[], documents: 'string' | 'map'): number {
  const names = new Set(FIELDS_ALWAYS);
  for (const s of services) {
    for (const l of s.labels) names.add(l);
    if (documents === 'map') for (const k of Object.keys(s.fields)) names.add(k);
  }
  return names.size;
}
