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
import { buildElasticBackend } from './elastic-settings.ts';

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

export const elasticModule = defineBackend({
  kind: 'elasticsearch',
  schema: elasticSchema,
  usesAgents: true,
  answersQueries: false,
  faults: ELASTIC_FAULTS,
  metrics: { fixed: ELASTIC_METRICS },
  build(context) {
    const backend = buildElasticBackend(context);
    return { ingest: backend, sections: () => ({ elastic: backend.elasticReport() }) };
  },
});
