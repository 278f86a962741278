import { US_PER_MINUTE, US_PER_MS, US_PER_SECOND } from '../engine/time.ts';
import type { AgentConfig } from './agent-config.ts';

/** The real agents whose documented defaults logsim can start from. */
export const AGENT_PRESET_NAMES = [
  'promtail',
  'alloy',
  'vector',
  'fluent-bit',
  'filebeat',
  'otel-collector',
] as const;
export type AgentPresetName = (typeof AGENT_PRESET_NAMES)[number];

const MiB = 1024 * 1024;

/**
 * The generic defaults: what a field takes when neither the scenario nor a
 * preset sets it. Promtail-flavoured, because Promtail's client defaults are
 * the most widely documented (facts.md §1a).
 */
export const AGENT_DEFAULTS: AgentConfig = {
  batchMaxLines: 100_000, // Vector loki sink batch.max_events (facts §1c)
  batchMaxBytes: MiB, // Promtail client batchsize 1048576 (facts §1a)
  lingerUs: US_PER_SECOND, // Promtail client batchwait 1s
  bufferType: 'memory', // Vector sink buffer.type (facts §1c)
  bufferMaxBytes: 64 * MiB, // the design sketch (DESIGN.md)
  bufferMaxLines: Infinity, // no line limit unless set
  bufferHoldsBatches: true, // one queue of read, unacknowledged lines (Promtail, Filebeat's memqueue)
  diskMaxBytes: 0, // a memory buffer has no disk part
  onDiskFull: 'when_full', // Filebeat disk queue: the input pauses (facts §1b)
  whenFull: 'block', // Vector buffer.when_full default (facts §1c)
  minBackoffUs: 500 * US_PER_MS, // Promtail/Alloy min_period
  maxBackoffUs: 5 * US_PER_MINUTE, // Promtail/Alloy max_period
  maxRetries: 10, // Promtail/Alloy max_retries
  maxRetryElapsedUs: Infinity, // Promtail has no elapsed limit
  jitter: 'equal', // logsim's choice: Promtail's backoff has jitter; the exact shape is not documented in facts
  requestTimeoutUs: 10 * US_PER_SECOND, // Promtail client timeout 10s
  maxInFlight: 1, // Promtail sends batches one at a time
  checkpointEveryUs: 10 * US_PER_SECOND, // Promtail positions.sync_period 10s
  commit: 'on_ack', // at-least-once shippers (Filebeat registry, Vector end-to-end acks)
  idlePollUs: US_PER_SECOND, // logsim's choice: tailers poll about once a second
};

/**
 * Each preset is the subset of settings its agent documents; every value
 * names its source (reference/facts.md §1 has the full citations). Fields a
 * preset leaves out take the generic default; explicit scenario fields
 * override both.
 */
export const AGENT_PRESETS: Record<AgentPresetName, Partial<AgentConfig>> = {
  promtail: {
    batchMaxBytes: MiB, // client batchsize 1048576 (grafana/loki promtail configuration.md)
    lingerUs: US_PER_SECOND, // client batchwait 1s (same)
    minBackoffUs: 500 * US_PER_MS, // backoff_config.min_period 500ms (same)
    maxBackoffUs: 5 * US_PER_MINUTE, // backoff_config.max_period 5m (same)
    maxRetries: 10, // backoff_config.max_retries 10; then the batch is dropped (same)
    requestTimeoutUs: 10 * US_PER_SECOND, // client timeout 10s (same)
    checkpointEveryUs: 10 * US_PER_SECOND, // positions.sync_period 10s (same)
    whenFull: 'block', // the tailer waits on the client channel: backpressure, no drop (same)
  },
  alloy: {
    batchMaxBytes: MiB, // loki.write batch_size 1MiB (grafana/alloy loki.write.md)
    lingerUs: US_PER_SECOND, // loki.write batch_wait 1s (same)
    minBackoffUs: 500 * US_PER_MS, // min_backoff_period 500ms (same)
    maxBackoffUs: 5 * US_PER_MINUTE, // max_backoff_period 5m (same)
    maxRetries: 10, // max_backoff_retries 10 (same)
    requestTimeoutUs: 10 * US_PER_SECOND, // remote_timeout 10s (same)
    bufferMaxBytes: 10 * MiB, // queue_config.capacity 10MiB (same)
    checkpointEveryUs: 10 * US_PER_SECOND, // positions sync fixed at 10s (alloy source/file/file.go)
  },
  vector: {
    bufferType: 'memory', // buffer.type memory (vector sinks.cue)
    bufferMaxLines: 500, // buffer.max_events 500 (same)
    bufferMaxBytes: Infinity, // a memory buffer is sized in events only (same)
    bufferHoldsBatches: false, // the buffer feeds the sink, which batches outside it (buffering-model.md)
    whenFull: 'block', // buffer.when_full block (same)
    batchMaxBytes: 1_000_000, // loki sink batch.max_bytes (vector loki.cue)
    batchMaxLines: 100_000, // loki sink batch.max_events (same)
    lingerUs: US_PER_SECOND, // loki sink batch.timeout_secs 1.0 (same)
    maxRetries: Infinity, // retry_attempts 2^63−1: never gives up (same)
    minBackoffUs: US_PER_SECOND, // retry_initial_backoff_secs 1 (same)
    maxBackoffUs: 30 * US_PER_SECOND, // retry_max_duration_secs 30 (same)
    jitter: 'full', // full jitter (same)
    requestTimeoutUs: 60 * US_PER_SECOND, // request timeout_secs 60 (same)
    commit: 'on_read', // acknowledgements.enabled false: the file source checkpoints what it read (end-to-end-acknowledgements.md)
  },
  'fluent-bit': {
    batchMaxBytes: 2_000_000, // chunks of about 2 MB (fluent-bit-docs pipeline/buffering.md)
    lingerUs: US_PER_SECOND, // service flush 1s (service-section.md)
    bufferMaxBytes: Number.MAX_SAFE_INTEGER, // mem_buf_limit 0 = no limit (administration/backpressure.md)
    maxRetries: 1, // Retry_Limit 1: the chunk is discarded after one failed retry (scheduling-and-retries.md)
    minBackoffUs: 5 * US_PER_SECOND, // scheduler.base 5s (same)
    maxBackoffUs: 2000 * US_PER_SECOND, // scheduler.cap 2000s (same)
    jitter: 'full', // full jitter between base and the cap (same)
    commit: 'on_read', // tail DB offset is committed on read (fluent-bit#11265)
  },
  filebeat: {
    bufferMaxLines: 3200, // memqueue events 3200 (elastic/beats memqueue/config.go)
    batchMaxLines: 1600, // output bulk_max_size 1600 (beats commit 05b0b3e)
    lingerUs: 10 * US_PER_SECOND, // memqueue flush.timeout 10s (memqueue/config.go)
    whenFull: 'block', // a full queue blocks the inputs (same)
    minBackoffUs: US_PER_SECOND, // output backoff.init 1s (outputs/elasticsearch/config.go)
    maxBackoffUs: 60 * US_PER_SECOND, // output backoff.max 60s (same)
    maxRetries: Infinity, // at-least-once: retried until acknowledged (how-filebeat-works.asciidoc)
    requestTimeoutUs: 90 * US_PER_SECOND, // output timeout 90s (same config.go)
    checkpointEveryUs: 0, // registry.flush 0s: written after every acknowledged batch (filebeat-general-options)
    commit: 'on_ack', // the registry keeps acknowledged state (how-filebeat-works.asciidoc)
  },
  'otel-collector': {
    batchMaxLines: 8192, // batch processor send_batch_size 8192 (batchprocessor/README.md)
    lingerUs: 200 * US_PER_MS, // batch processor timeout 200ms (same)
    minBackoffUs: 5 * US_PER_SECOND, // retry_on_failure initial_interval 5s (exporterhelper/README.md)
    maxBackoffUs: 30 * US_PER_SECOND, // max_interval 30s (same); multiplier 1.5 is modelled as 2
    maxRetries: Infinity, // retries are bounded by elapsed time only (same)
    maxRetryElapsedUs: 300 * US_PER_SECOND, // max_elapsed_time 300s, then the batch is dropped (same)
    bufferMaxLines: 1000 * 8192, // sending_queue queue_size 1000 requests of up to 8192 items (same)
    whenFull: 'drop_newest', // block_on_overflow false: a full queue rejects new data (same)
    requestTimeoutUs: 5 * US_PER_SECOND, // exporter timeout 5s (same)
    maxInFlight: 10, // sending_queue num_consumers 10 (same)
  },
};

/**
 * Sink defaults that differ by backend: Vector's Elasticsearch sink batches
 * up to 10 MB with no event limit, where its Loki sink stops at 1 MB or
 * 100,000 events (vectordotdev/vector elasticsearch.cue, loki.cue; facts.md §1c).
 */
export const AGENT_SINK_PRESETS: Partial<
  Record<AgentPresetName, Partial<Record<string, Partial<AgentConfig>>>>
> = {
  vector: {
    elasticsearch: {
      batchMaxBytes: 10_000_000, // elasticsearch sink batch.max_bytes (vector elasticsearch.cue)
      batchMaxLines: Infinity, // no batch.max_events default (same)
      lingerUs: US_PER_SECOND, // batch.timeout_secs 1.0 (same)
    },
  },
};

/** Fields a scenario sets explicitly; undefined means "not set". */
export type AgentOverrides = { readonly [K in keyof AgentConfig]?: AgentConfig[K] | undefined };

/** Settings for a preset (or none): the preset's values over the generic defaults, then `explicit` over both. */
export function resolveAgentConfig(
  preset: AgentPresetName | undefined,
  explicit: AgentOverrides,
  backendKind?: string,
): AgentConfig {
  const sink =
    preset === undefined || backendKind === undefined ? undefined : AGENT_SINK_PRESETS[preset]?.[backendKind];
  const base: AgentConfig = {
    ...AGENT_DEFAULTS,
    ...(preset === undefined ? {} : AGENT_PRESETS[preset]),
    ...(sink ?? {}),
  };
  const out: Record<string, unknown> = { ...base };
  // Only defined explicit fields override: an absent YAML key must not erase a preset's value.
  for (const [k, v] of Object.entries(explicit)) if (v !== undefined) out[k] = v;
  return out as unknown as AgentConfig;
}
