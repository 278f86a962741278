/**
 * From a scenario's `backend: { kind: loki }` and its Loki faults to the
 * model's configuration (sim/loki/loki-backend.ts). The models know nothing
 * of YAML; this is the one place that reads the Loki part of the scenario.
 */
import type { Simulation } from '../engine/simulation.ts';
import type { DeliverySink } from '../backend/push.ts';
import type { RandomStream } from '../engine/rng.ts';
import { poissonInstants } from '../faults/fault-schedule.ts';
import { DEFAULT_INGESTER_CONFIG } from '../loki/ingester.ts';
import { tenantLimits } from '../loki/limits.ts';
import { LokiBackend, type LokiSources } from '../loki/loki-backend.ts';
import { partitionSignature, type HostPartition, type LokiFault } from '../loki/loki-faults.ts';
import { DEFAULT_OBJECT_STORE_CONFIG } from '../loki/object-store.ts';
import type { FieldDesign, ServiceLabelDesign } from '../loki/stream-plan.ts';
import { isLokiFault, type Scenario } from '../scenario/schema.ts';

type LokiSpec = Extract<Scenario['backend'], { kind: 'loki' }>;

/** Builds the Loki backend of a scenario. Random draws (recurring node crashes) come from the `loki/faults` stream. */
export function buildLokiBackend(
  sim: Simulation,
  scenario: Scenario,
  spec: LokiSpec,
  sink: DeliverySink,
  sources: LokiSources,
): LokiBackend {
  const faults = lokiFaults(scenario, sim.random.stream('loki/faults'));
  return new LokiBackend(
    sim,
    {
      distributors: spec.distributors,
      ingesters: spec.ingesters.count,
      replicationFactor: spec.ingesters.replication_factor,
      tokensPerIngester: spec.ingesters.tokens,
      heartbeatTimeoutUs: spec.ingesters.heartbeat_timeout,
      ingester: {
        ...DEFAULT_INGESTER_CONFIG,
        chunk: {
          targetSizeBytes: spec.chunks.target_size,
          blockSizeBytes: spec.chunks.block_size,
          idlePeriodUs: spec.chunks.idle,
          maxAgeUs: spec.chunks.max_age,
          encoding: spec.chunks.encoding,
        },
        flushCheckPeriodUs: spec.chunks.flush_check_period,
        concurrentFlushes: spec.chunks.concurrent_flushes,
        perStreamOverheadBytes: spec.ingesters.per_stream_overhead,
        memoryLimitBytes: spec.ingesters.memory_limit,
        walEnabled: spec.ingesters.wal,
        restartAfterOomUs: spec.ingesters.restart_after_oom,
        replicationFactor: spec.ingesters.replication_factor,
      },
      limits: tenantLimits({
        ingestionRateStrategy: spec.limits.ingestion_rate_strategy,
        ingestionRateBytesPerSec: spec.limits.ingestion_rate,
        ingestionBurstBytes: spec.limits.ingestion_burst,
        maxGlobalStreamsPerUser: spec.limits.max_global_streams_per_user,
        maxLocalStreamsPerUser: spec.limits.max_streams_per_user,
        perStreamRateLimitBytesPerSec: spec.limits.per_stream_rate_limit,
        perStreamRateLimitBurstBytes: spec.limits.per_stream_rate_limit_burst,
        maxLineSizeBytes: spec.limits.max_line_size,
        rejectOldSamples: spec.limits.reject_old_samples,
        rejectOldSamplesMaxAgeUs: spec.limits.reject_old_samples_max_age,
        creationGracePeriodUs: spec.limits.creation_grace_period,
        maxLabelNamesPerSeries: spec.limits.max_label_names_per_series,
        shardStreamsEnabled: spec.limits.shard_streams,
        shardStreamsDesiredRateBytesPerSec: spec.limits.shard_streams_desired_rate,
      }),
      objectStore: DEFAULT_OBJECT_STORE_CONFIG,
      designs: labelDesigns(scenario, spec),
      shardStreams: spec.limits.shard_streams,
      faults,
      hostPartitions: hostPartitions(scenario),
      indexBytesPerSeriesOverhead: 16,
      indexBytesPerChunk: 24,
    },
    sink,
    sources,
  );
}

/** Each service's label design: the backend's labels (or the service's), its fields, deploys and level mix. */
export function labelDesigns(scenario: Scenario, spec: LokiSpec): ServiceLabelDesign[] {
  return scenario.fleet.services.map((service) => {
    const fields: Record<string, FieldDesign> = {};
    for (const [name, f] of Object.entries(service.fields)) {
      fields[name] = {
        space: {
          cardinality: f.cardinality === 'unique' ? Infinity : f.cardinality,
          popularity: f.popularity,
        },
        churnEveryUs: f.churn?.every ?? 0,
        churnOnDeploy: f.churn?.on_deploy ?? false,
      };
    }
    const deploys = scenario.faults
      .flatMap((f) =>
        'deploy' in f && (f.deploy.service === undefined || f.deploy.service === service.name) ? [f] : [],
      )
      .map((f) => ({ atUs: f.at, addLabels: f.deploy.add_labels, removeLabels: f.deploy.remove_labels }))
      .sort((a, b) => a.atUs - b.atUs);
    return {
      service: service.name,
      labels: spec.labels ?? service.labels,
      deploys,
      fields,
      levels: service.levels,
      env: spec.env,
    };
  });
}

/** The cluster-side Loki faults, in scenario order (recurring ones at Poisson instants from `rng`). */
export function lokiFaults(scenario: Scenario, rng: RandomStream): LokiFault[] {
  const out: LokiFault[] = [];
  for (const f of scenario.faults) {
    if (!isLokiFault(f)) continue;
    if ('node_crash' in f) {
      const instants =
        f.at !== undefined ? [f.at] : poissonInstants(rng, f.every ?? scenario.duration, scenario.duration);
      for (const atUs of instants) {
        out.push({
          kind: 'node_crash',
          atUs,
          target: f.node_crash.component,
          index: f.node_crash.index,
          restartAfterUs: f.node_crash.restart_after,
        });
      }
    } else if ('rolling_restart' in f) {
      out.push({
        kind: 'rolling_restart',
        atUs: f.at,
        spacingUs: f.rolling_restart.spacing,
        downtimeUs: f.rolling_restart.downtime,
      });
    } else if ('scale' in f) {
      out.push({ kind: 'scale', atUs: f.at, delta: f.scale.ingesters });
    } else if ('partition' in f && f.partition.ingesters !== undefined) {
      out.push({
        kind: 'partition_ingesters',
        atUs: f.at,
        untilUs: f.at + f.partition.for,
        ingesters: f.partition.ingesters,
      });
    }
  }
  return out;
}

/** Host-side partitions: hosts cut off from the backend. */
export function hostPartitions(scenario: Scenario): HostPartition[] {
  const out: HostPartition[] = [];
  for (const f of scenario.faults) {
    if (!('partition' in f) || f.partition.ingesters !== undefined) continue;
    const sel = f.partition.hosts ?? 'all';
    out.push({
      fromUs: f.at,
      toUs: f.at + f.partition.for,
      service: f.partition.service,
      hosts: sel === 'all' ? 'all' : typeof sel === 'number' ? { first: sel } : { ids: sel },
    });
  }
  return out;
}

/** Cohort-planning key: hosts cut off by different partitions never share a cohort. */
export function lokiHostSignature(scenario: Scenario, service: string, host: number): string {
  if (scenario.backend.kind !== 'loki') return '';
  return partitionSignature(hostPartitions(scenario), service, host);
}
