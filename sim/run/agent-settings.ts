import type { AgentConfig, AppConfig, RotationConfig } from '../agent/agent-config.ts';
import { resolveAgentConfig, type AgentOverrides } from '../agent/presets.ts';
import type { Scenario, ServiceSpec } from '../scenario/schema.ts';

/**
 * The agent settings of one host: the scenario's explicit fields over the
 * preset's, over the generic defaults (sim/agent/presets.ts).
 */
export function agentSettingsPerHost(scenario: Scenario): AgentConfig {
  const a = scenario.agent;
  const explicit: AgentOverrides = {
    batchMaxLines: a.batch.max_lines,
    batchMaxBytes: a.batch.max_bytes,
    lingerUs: a.batch.linger,
    bufferType: a.buffer.type,
    bufferMaxBytes: a.buffer.max_size,
    bufferMaxLines: a.buffer.max_events,
    diskMaxBytes: a.buffer.disk_max_size,
    onDiskFull: a.buffer.on_disk_full,
    whenFull: a.buffer.when_full,
    minBackoffUs: a.retry.min_backoff,
    maxBackoffUs: a.retry.max_backoff,
    maxRetries: a.retry.max_retries === 'unlimited' ? Infinity : a.retry.max_retries,
    maxRetryElapsedUs: a.retry.max_elapsed,
    jitter: a.retry.jitter,
    requestTimeoutUs: a.timeout,
    maxInFlight: a.max_in_flight,
    checkpointEveryUs: a.checkpoint_every,
    commit: a.commit,
    idlePollUs: a.idle_poll,
  };
  return resolveAgentConfig(a.preset, explicit, scenario.backend.kind);
}

/** A cohort of `hosts` ships in lockstep: every size and count limit is multiplied by its hosts. */
export function scaleAgentConfig(perHost: AgentConfig, hosts: number): AgentConfig {
  if (hosts === 1) return perHost; // shared: a fleet of single-host cohorts holds one settings object
  return {
    ...perHost,
    batchMaxLines: perHost.batchMaxLines * hosts,
    batchMaxBytes: perHost.batchMaxBytes * hosts,
    bufferMaxBytes: perHost.bufferMaxBytes * hosts,
    bufferMaxLines: perHost.bufferMaxLines * hosts,
    diskMaxBytes: perHost.diskMaxBytes * hosts,
  };
}

/** How a service's app writes, for a cohort of `hosts`. */
export function appConfig(service: ServiceSpec, hosts: number): AppConfig {
  return {
    transport: service.transport === 'file' ? 'file' : 'socket',
    logger: service.logger.mode,
    queueLines: service.logger.queue_size * hosts,
  };
}

/** The service's file rotation for a cohort of `hosts` (copies run in parallel on each host). */
export function rotationConfig(service: ServiceSpec, hosts: number): RotationConfig | undefined {
  const r = service.rotation;
  if (r === undefined || service.transport !== 'file') return undefined;
  if (r.max_file_size === undefined && r.every === undefined) return undefined;
  return {
    maxFileBytes: (r.max_file_size ?? Infinity) * hosts,
    everyUs: r.every ?? Infinity,
    strategy: r.strategy,
    keep: r.keep,
    copyBytesPerSec: r.copy_rate * hosts,
    diskBytes: (r.disk_size ?? Infinity) * hosts,
  };
}
