/**
 * Loki as a backend kind: `backend: { kind: loki }` (decisions 05, 05a, 06, 10).
 * Its schema (loki-schema.ts), the cluster faults it acts on
 * (loki-fault-types.ts), its build (loki-settings.ts), its report section
 * (`loki`), the metrics `expect:` may name on it, and its read path (the
 * query frontend and queriers of sim/query/ over its read view).
 */
import { mediumAtAge } from '../storage/object-storage-plan.ts';
import { priceTable } from '../storage/price-table.ts';
import { DEFAULT_PRICING } from '../storage/pricing-schema.ts';
import { defineBackend } from '../backend/backend-module.ts';
import type { RunWarning } from '../config/run-warning.ts';
import type { QuerySpec } from '../query/query-spec.ts';
import { DEFAULT_INGESTER_CONFIG } from './ingester.ts';
import { metric } from '../metrics/metric-registry.ts';
import { explainQuery, lokiPlan } from './explain.ts';
import { QueryWorkload } from './query-workload.ts';
import { LOKI_FAULTS } from './loki-fault-types.ts';
import { lokiSchema } from './loki-schema.ts';
import { buildLokiBackend } from './loki-settings.ts';
import { lokiMemoryBytes } from './loki-memory.ts';
import { lokiCost, type LokiReadSide } from './loki-cost.ts';

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
  memoryBytes: lokiMemoryBytes,
  build(context) {
    const backend = buildLokiBackend(context);
    const { spec } = context;
    let queries: readonly QuerySpec[] = [];
    let read: LokiReadSide | undefined;
    // The bill (decision 07) once the run is over: sections and warnings are asked for then.
    const cost = () => lokiCost(backend, spec, context.durationUs, context.pricing, read);
    // A query over old data (`age:`) reads the storage class chunks of that age are in.
    const pricing = context.pricing ?? DEFAULT_PRICING;
    const prices = priceTable(pricing);
    const storeAtAge = (ageUs: number) => {
      const m = mediumAtAge(pricing.object_storage, prices, ageUs);
      return {
        firstByteLatencyUs: m.firstByteLatencyUs,
        throughputBytesPerSec: m.throughputBytesPerSec,
        // Past retention the compactor (or a lifecycle rule) has deleted it.
        gone: ageUs >= pricing.object_storage.retention,
      };
    };
    return {
      ingest: backend,
      sections: () => {
        const loki = backend.lokiReport();
        // The backend-neutral figures `sim compare` puts beside another stack's (no ingest CPU model here).
        const labels = new Set(context.services.flatMap((s) => s.labels));
        const store = {
          indexBytes: loki['indexBytes'],
          bodyBytes: loki['chunkBytes'],
          indexedFields: labels.size,
          ingestCpuSeconds: null,
        };
        return { loki, store, cost: cost().section };
      },
      warnings(): RunWarning[] {
        const out: RunWarning[] = [
          {
            code: 'estimate',
            path: 'loki.indexBytes',
            message:
              'TSDB index size is estimated (label text + 16 B per series, 24 B per chunk reference; assumption), not built',
          },
        ];
        if (spec.ingesters.per_stream_overhead === DEFAULT_INGESTER_CONFIG.perStreamOverheadBytes)
          out.push({
            code: 'assumed_default',
            path: 'backend.ingesters.per_stream_overhead',
            message:
              '8KiB of ingester memory per active stream is an assumption (Loki publishes no figure); memory peaks and OOM kills rest on it',
          });
        const report = backend.lokiReport();
        if (
          (report['oomKills'] as number) > 0 &&
          spec.ingesters.restart_after_oom === DEFAULT_INGESTER_CONFIG.restartAfterOomUs
        )
          out.push({
            code: 'assumed_default',
            path: 'backend.ingesters.restart_after_oom',
            message:
              'ingesters were OOM-killed; their 10 s restart delay is an assumption (first kubelet back-off)',
          });
        if ((report['walReplays'] as number) > 0)
          out.push({
            code: 'assumed_default',
            path: 'loki.walReplays',
            message: 'WAL replays take 125 MB/s of replay rate, an assumption (no published figure)',
          });
        if (spec.chunks.encoding === 'zstd')
          out.push({
            code: 'assumed_default',
            path: 'backend.chunks.encoding',
            message: 'zstd is taken to compress 5×, like gzip: Loki publishes no zstd ratio',
          });
        for (const q of queries)
          if (q.filter === 'substring')
            out.push({
              code: 'estimate',
              path: `queries.${q.name}`,
              message:
                'the substring line filter scans at ≈66 MB/s per core, interpolated between two measured filter classes (assumption)',
            });
        out.push(...cost().warnings);
        return out;
      },
      reader: {
        startQueries({ sim, specs, path, needles, durationUs }) {
          queries = specs;
          let fetched: () => Record<string, { gets: number; bytesFetched: number }> = () => ({});
          read = { queriers: path.queriers, specs, fetched: () => fetched() };
          const workload = new QueryWorkload(
            sim,
            backend.readView(),
            specs,
            path,
            needles,
            durationUs,
            storeAtAge,
          );
          fetched = () => workload.report();
          workload.start();
          return workload;
        },
        explain(spec, nowUs, { title, path, needleTsUs }) {
          return lokiPlan(
            title,
            explainQuery(backend.readView(), spec, nowUs, {
              config: path,
              storeAtAge,
              ...(needleTsUs !== undefined ? { needleTsUs } : {}),
            }),
          );
        },
      },
    };
  },
});
