/**
 * From a scenario's `backend: { kind: loki }` and its Loki faults to the
 * model's configuration (sim/loki/loki-backend.ts). The models know nothing
 * of YAML; this is the one place that reads the Loki part of the scenario.
 */
import type { z } from 'zod';
import type { BackendContext } from '../backend/backend-module.ts';
import { isFault, type FaultSchedule } from '../faults/fault-schedule.ts';
import { nodeLossFault } from '../faults/node-loss.ts';
import { fieldAddedFault } from '../faults/field-added.ts';
import type { ServiceDesign } from '../workload/fleet-design.ts';
import { DEFAULT_INGESTER_CONFIG } from './ingester.ts';
import { tenantLimits } from './limits.ts';
import { LokiBackend } from './loki-backend.ts';
import type { LokiFault } from './loki-faults.ts';
import {
  deployFault,
  ingesterPartitionFault,
  nodeCrashFault,
  rollingRestartFault,
  scaleFault,
} from './loki-fault-types.ts';
import type { lokiSchema } from './loki-schema.ts';
import { DEFAULT_OBJECT_STORE_CONFIG } from './object-store.ts';
import type { FieldDesign, ServiceLabelDesign } from './stream-plan.ts';

export type LokiSpec = z.output<typeof lokiSchema>;

/** Builds the Loki backend of a run (recurring node crashes were drawn from the `loki/faults` stream). */
export function buildLokiBackend({
  sim,
  spec,
  services,
  faults: schedule,
  sink,
  sources,
}: BackendContext<LokiSpec>): LokiBackend {
  const faults = lokiFaults(schedule);
  return new LokiBackend(
    sim,
    {
      distributors: spec.distributors,
      ingesters: spec.ingesters.count,
      replicationFactor: spec.ingesters.replication_factor,
      tokensPerIngester: spec.ingesters.tokens,
      heartbeatTimeoutUs: spec.ingesters.heartbeat_timeout,
      capacity: {
        distributor: {
          cores: spec.capacity.distributor_cores,
          usPerByte: spec.capacity.distributor_cpu_per_mb / 1e6,
        },
        ingester: { cores: spec.capacity.ingester_cores, usPerByte: spec.capacity.ingester_cpu_per_mb / 1e6 },
        remoteTimeoutUs: spec.capacity.remote_timeout,
      },
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
        walReplayMemoryCeilingBytes: spec.ingesters.wal_replay_memory_ceiling,
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
      designs: labelDesigns(services, schedule, spec),
      shardStreams: spec.limits.shard_streams,
      faults,
      indexBytesPerSeriesOverhead: 16,
      indexBytesPerChunk: 24,
    },
    sink,
    sources,
  );
}

/**
 * Each service's label design: the backend's labels (or the service's), its
 * fields, deploys and level mix. A `field_added` whose name the design's
 * labels hold becomes a label at its instant (a deploy adding it, with the
 * field's value space); before then the service has no such field.
 */
export function labelDesigns(
  services: readonly ServiceDesign[],
  schedule: FaultSchedule,
  spec: LokiSpec,
): ServiceLabelDesign[] {
  const deploys = schedule.of(deployFault);
  const added = schedule.of(fieldAddedFault);
  return services.map((service) => {
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
    const designLabels = spec.labels ?? service.labels;
    const mine = added.filter(
      (f) =>
        (f.spec.service === undefined || f.spec.service === service.name) &&
        designLabels.includes(f.spec.name) &&
        service.fields[f.spec.name] === undefined,
    );
    for (const f of mine)
      fields[f.spec.name] = {
        space: {
          cardinality: f.spec.cardinality === 'unique' ? Infinity : f.spec.cardinality,
          popularity: f.spec.popularity,
        },
        churnEveryUs: 0,
        churnOnDeploy: false,
      };
    const later = new Set(mine.map((f) => f.spec.name));
    return {
      service: service.name,
      labels: designLabels.filter((l) => !later.has(l)),
      deploys: [
        ...deploys
          .filter((f) => f.spec.service === undefined || f.spec.service === service.name)
          .map((f) => ({ atUs: f.atUs, addLabels: f.spec.add_labels, removeLabels: f.spec.remove_labels })),
        ...mine.map((f) => ({ atUs: f.atUs, addLabels: [f.spec.name], removeLabels: [] })),
      ].sort((a, b) => a.atUs - b.atUs),
      fields,
      levels: service.levels,
      env: spec.env,
    };
  });
}

/** The cluster-side Loki faults, in schedule order (the scenario's, each recurring one's instants in place). */
export function lokiFaults(schedule: FaultSchedule): LokiFault[] {
  const out: LokiFault[] = [];
  for (const f of schedule.faults) {
    if (isFault(f, nodeLossFault)) {
      // The backend-neutral node loss is an ingester crash here: Loki's storage nodes are its ingesters.
      out.push({
        kind: 'node_crash',
        atUs: f.atUs,
        target: 'ingester',
        index: f.spec.node,
        restartAfterUs: f.spec.restart_after,
      });
    } else if (isFault(f, nodeCrashFault)) {
      out.push({
        kind: 'node_crash',
        atUs: f.atUs,
        target: f.spec.component,
        index: f.spec.index,
        restartAfterUs: f.spec.restart_after,
      });
    } else if (isFault(f, rollingRestartFault)) {
      out.push({
        kind: 'rolling_restart',
        atUs: f.atUs,
        spacingUs: f.spec.spacing,
        downtimeUs: f.spec.downtime,
      });
    } else if (isFault(f, scaleFault)) {
      out.push({ kind: 'scale', atUs: f.atUs, delta: f.spec.ingesters });
    } else if (isFault(f, ingesterPartitionFault)) {
      out.push({
        kind: 'partition_ingesters',
        atUs: f.atUs,
        untilUs: f.atUs + f.spec.for,
        ingesters: f.spec.ingesters,
      });
    }
  }
  return out;
}
