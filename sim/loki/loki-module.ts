/**
 * Loki as a backend kind: `backend: { kind: loki }` (decisions 05, 05a, 06, 10).
 * Its schema (loki-schema.ts), the cluster faults it acts on
 * (loki-fault-types.ts), its build (loki-settings.ts), its report section
 * (`loki`), the metrics `expect:` may name on it, and its read path (the
 * query frontend and queriers of sim/query/ over its read view).
 */
import { defineBackend } from '../backend/backend-module.ts';
import { metric } from '../metrics/metric-registry.ts';
import { explainQuery, formatExplanation } from './explain.ts';
import { QueryWorkload } from './query-workload.ts';
import { LOKI_FAULTS } from './loki-fault-types.ts';
import { lokiSchema } from './loki-schema.ts';
import { buildLokiBackend } from './loki-settings.ts';

const LOKI_METRICS = [
  metric(
    'loki.streams_peak',
    'count',
    'loki.activeStreamsPeak',
    'Peak of active Loki streams (tenant-wide).',
  ),
  metric('loki.index_bytes', 'bytes', 'loki.indexBytes', 'Bytes of the Loki index (labels only) at the end.'),
  metric('loki.chunk_bytes', 'bytes', 'loki.chunkBytes', 'Bytes of chunks in the object store at the end.'),
  metric('loki.memory_peak', 'bytes', 'loki.ingesterMemoryPeakBytes', 'Peak memory of the busiest ingester.'),
  metric('loki.oom_kills', 'count', 'loki.oomKills', 'Ingesters OOM-killed.'),
  metric('loki.quorum_failures', 'count', 'loki.quorumFailures', 'Pushes refused for too few live replicas.'),
];

export const lokiModule = defineBackend({
  kind: 'loki',
  schema: lokiSchema,
  usesAgents: true,
  answersQueries: true,
  faults: LOKI_FAULTS,
  metrics: { fixed: LOKI_METRICS },
  build(context) {
    const backend = buildLokiBackend(context);
    return {
      ingest: backend,
      sections: () => ({ loki: backend.lokiReport() }),
      reader: {
        startQueries({ sim, specs, path, needles, durationUs }) {
          const workload = new QueryWorkload(sim, backend.readView(), specs, path, needles, durationUs);
          workload.start();
          return workload;
        },
        explain(spec, nowUs, { path, needleTsUs }) {
          return formatExplanation(
            explainQuery(backend.readView(), spec, nowUs, {
              config: path,
              ...(needleTsUs !== undefined ? { needleTsUs } : {}),
            }),
          );
        },
      },
    };
  },
});
