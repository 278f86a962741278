/**
 * Elasticsearch as a backend kind: `backend: { kind: elasticsearch }`
 * (decisions 04, 05, 06, 10). Its schema (elastic-schema.ts), the cluster
 * faults it acts on (elastic-fault-types.ts), its build (elastic-settings.ts),
 * its report section (`elastic`) and the metrics `expect:` may name on it.
 */
import { defineBackend } from '../backend/backend-module.ts';
import { metric } from '../metrics/metric-registry.ts';
import { ELASTIC_FAULTS } from './elastic-fault-types.ts';
import { elasticSchema } from './elastic-schema.ts';
import { buildElasticBackend, searchConfigOf } from './elastic-settings.ts';
import { explainSearch, searchPlan } from './elastic-explain.ts';
import { resolveQuery } from './search-plan.ts';
import { SearchWorkload } from './search-workload.ts';
import type { RunWarning } from '../config/run-warning.ts';
import { elasticCost, type ElasticStored } from './elastic-cost.ts';
import { priceTable } from '../storage/price-table.ts';
import { DEFAULT_PRICING } from '../storage/pricing-schema.ts';

const ELASTIC_METRICS = [
  metric(
    'elastic.mapping_fields',
    'count',
    'elastic.mappingFields',
    'Fields in the index mapping at the end.',
  ),
  metric(
    'elastic.store_bytes',
    'bytes',
    'elastic.storeBytes',
    'Bytes on disk of every shard copy (index + _source).',
  ),
  metric(
    'elastic.index_bytes',
    'bytes',
    'elastic.indexBytes',
    'Bytes of index structures (postings, doc values), every copy.',
  ),
  metric(
    'elastic.seconds_red',
    'duration',
    'elastic.secondsRed',
    'Time the cluster was red (a shard with no live copy).',
  ),
  metric(
    'elastic.seconds_yellow',
    'duration',
    'elastic.secondsYellow',
    'Time the cluster was yellow (a replica missing).',
  ),
  metric(
    'elastic.flood_blocked',
    'duration',
    'elastic.floodBlockedSeconds',
    'Time the index was read-only at the flood-stage watermark.',
  ),
  metric(
    'elastic.flood_stage_at',
    'duration',
    'elastic.floodStageAtSeconds',
    'When a node first reached the flood-stage watermark.',
    { better: 'higher' },
  ),
  metric(
    'elastic.refresh_wait_max',
    'duration',
    'elastic.refreshWaitMaxSeconds',
    'Longest wait from durable to searchable (the refresh interval).',
  ),
  metric(
    'elastic.write_rejections',
    'count',
    'backend.bulksRefused.es_rejected_execution_exception',
    'Bulks refused with 429 by a full write queue.',
  ),
];

/** What the bill needs of the run's `elastic` figures. */
function storedOf(elastic: Record<string, unknown>): ElasticStored {
  const search = elastic['search'] as { repositoryGets: number; repositoryBytesRead: number };
  return {
    storeBytes: elastic['storeBytes'] as number,
    repositoryGets: search.repositoryGets,
    repositoryBytesRead: search.repositoryBytesRead,
  };
}

export const elasticModule = defineBackend({
  kind: 'elasticsearch',
  schema: elasticSchema,
  usesAgents: true,
  answersQueries: true,
  faults: ELASTIC_FAULTS,
  metrics: { fixed: ELASTIC_METRICS },
  build(context) {
    const backend = buildElasticBackend(context);
    const { spec, services } = context;
    const search = searchConfigOf(
      spec,
      priceTable(context.pricing),
      (context.pricing ?? DEFAULT_PRICING).object_storage.retention,
    );
    const model = { services, documents: spec.documents };
    let asked = false;
    // The bill (decision 07) once the run is over: sections and warnings are asked for then.
    const cost = () =>
      elasticCost(spec, storedOf(backend.elasticReport()), context.durationUs, context.pricing);
    return {
      ingest: backend,
      sections: () => {
        const elastic = backend.elasticReport();
        // The backend-neutral figures `sim compare` puts beside another stack's.
        const store = {
          indexBytes: elastic['indexBytes'],
          bodyBytes: elastic['sourceBytes'],
          indexedFields: elastic['mappingFields'],
          ingestCpuSeconds: (elastic['cpu'] as { ingestSeconds: number }).ingestSeconds,
        };
        const billed = cost();
        // The ILM plan's figures sit with the cluster's, when the design has a policy.
        const withIlm = spec.ilm === undefined ? elastic : { ...elastic, ilm: billed.lifecycle };
        return { elastic: withIlm, store, cost: billed.section };
      },
      warnings(): RunWarning[] {
        const billed = cost().warnings;
        const mode: RunWarning[] =
          spec.index.mode === undefined
            ? [
                {
                  code: 'assumed_default',
                  path: 'backend.index.mode',
                  message:
                    'index.mode not set: the run models a standard index; Elasticsearch 9.2+ indexes logs-* data streams in logsdb mode by default, about 0.24 of the disk (facts.md §3). Set backend.index.mode: logsdb for a current cluster',
                },
              ]
            : [];
        if (!asked) return [...mode, ...billed];
        return [
          ...mode,
          ...billed,
          {
            code: 'assumed_default',
            path: 'queries',
            message:
              'Elasticsearch search costs rest on assumptions besides the measured aggregation rate (23.2 M docs/s per thread, Aliyun ES 8.9): 1 ms per shard request, 20 µs per term lookup, 50 M postings/s, 0.5 ms per hit fetched, 1 ms per coordinator round trip',
          },
          ...(spec.documents === 'string'
            ? [
                {
                  code: 'assumed_default' as const,
                  path: 'backend.parse_cost',
                  message:
                    'runtime fields parse each document scanned at query time at parse_cost, the same per-document cost an ingest pipeline pays at write (assumption)',
                },
              ]
            : []),
        ];
      },
      reader: {
        startQueries({ sim, specs, needles, durationUs }) {
          asked = specs.length > 0;
          const workload = new SearchWorkload(sim, backend, search, model, specs, needles, durationUs, (o) =>
            backend.countParsedAtQuery(o.docsParsed, search.costs.runtimeParseUs),
          );
          workload.start();
          return workload;
        },
        explain(query, nowUs, { title, needleTsUs }) {
          const figures = explainSearch(
            backend,
            resolveQuery(query, model),
            query,
            nowUs,
            search,
            needleTsUs,
          );
          return searchPlan(title, query, figures, needleTsUs);
        },
      },
    };
  },
});
