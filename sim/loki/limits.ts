/**
 * Tenant limits (Loki `limits_config`) and the reasons a push is rejected.
 *
 * Every default carries its source. Loki parses its "MB" limits as binary
 * megabytes: `bytesInMB = 1048576` and `defaultPerStreamRateLimit = 3 << 20`
 * in grafana/loki pkg/validation/limits.go, so 4 MB here is 4 × 2^20 bytes.
 */
import { US_PER_HOUR, US_PER_MINUTE } from '../engine/time.ts';

const MIB = 1 << 20;
const KIB = 1 << 10;

/** How the tenant ingestion rate is enforced: `global` splits it across healthy distributors. */
export type IngestionRateStrategy = 'global' | 'local';

/** The per-tenant limits the write path enforces. Byte sizes in bytes, durations in µs. */
export interface TenantLimits {
  /** `ingestion_rate_strategy` global — grafana/loki docs/sources/shared/configuration.md */
  readonly ingestionRateStrategy: IngestionRateStrategy;
  /** `ingestion_rate_mb` 4 MB/s per tenant (line + structured metadata) — configuration.md */
  readonly ingestionRateBytesPerSec: number;
  /** `ingestion_burst_size_mb` 6 MB, per distributor — configuration.md */
  readonly ingestionBurstBytes: number;
  /** `max_global_streams_per_user` 5000 active streams; 0 disables — configuration.md */
  readonly maxGlobalStreamsPerUser: number;
  /** `max_streams_per_user` per ingester, 0 (disabled) — configuration.md */
  readonly maxLocalStreamsPerUser: number;
  /** `per_stream_rate_limit` 3 MB/s — configuration.md */
  readonly perStreamRateLimitBytesPerSec: number;
  /** `per_stream_rate_limit_burst` 15 MB — configuration.md */
  readonly perStreamRateLimitBurstBytes: number;
  /** `max_line_size` 256 KB; longer lines are discarded — configuration.md */
  readonly maxLineSizeBytes: number;
  /** `reject_old_samples` true — configuration.md */
  readonly rejectOldSamples: boolean;
  /** `reject_old_samples_max_age` 1w — configuration.md */
  readonly rejectOldSamplesMaxAgeUs: number;
  /** `creation_grace_period` 10m: entries further in the future are rejected — configuration.md */
  readonly creationGracePeriodUs: number;
  /** `max_label_names_per_series` 15 — configuration.md */
  readonly maxLabelNamesPerSeries: number;
  /** `max_label_name_length` 1024 — configuration.md */
  readonly maxLabelNameLength: number;
  /** `max_label_value_length` 2048 — configuration.md */
  readonly maxLabelValueLength: number;
  /** `shard_streams.enabled` true — configuration.md */
  readonly shardStreamsEnabled: boolean;
  /** `shard_streams.desired_rate` 1536 KB/s — configuration.md */
  readonly shardStreamsDesiredRateBytesPerSec: number;
}

/** Loki's defaults, as read at grafana/loki 65e30f8 (see reference/facts.md §2c). */
export const DEFAULT_TENANT_LIMITS: TenantLimits = Object.freeze({
  ingestionRateStrategy: 'global',
  ingestionRateBytesPerSec: 4 * MIB,
  ingestionBurstBytes: 6 * MIB,
  maxGlobalStreamsPerUser: 5000,
  maxLocalStreamsPerUser: 0,
  perStreamRateLimitBytesPerSec: 3 * MIB,
  perStreamRateLimitBurstBytes: 15 * MIB,
  maxLineSizeBytes: 256 * KIB,
  rejectOldSamples: true,
  rejectOldSamplesMaxAgeUs: 168 * US_PER_HOUR,
  creationGracePeriodUs: 10 * US_PER_MINUTE,
  maxLabelNamesPerSeries: 15,
  maxLabelNameLength: 1024,
  maxLabelValueLength: 2048,
  shardStreamsEnabled: true,
  shardStreamsDesiredRateBytesPerSec: 1536 * KIB,
});

/** The defaults with some fields overridden. */
export function tenantLimits(overrides: Partial<TenantLimits> = {}): TenantLimits {
  return Object.freeze({ ...DEFAULT_TENANT_LIMITS, ...overrides });
}

/**
 * The per-ingester active-stream limit Loki derives from the global one:
 * `(global ÷ healthy ingesters) × replication factor`, truncated, and the
 * smaller non-zero of that and `max_streams_per_user`
 * (grafana/loki pkg/ingester/limiter.go, convertGlobalToLocalLimit; quoted in
 * reference/user-needs.md §1 item 1). With no healthy ingester Loki ignores
 * the global limit. Returns Infinity when no limit applies — including Loki's
 * quirk that a share truncated to 0 (global × RF < healthy ingesters) reads
 * as "disabled".
 */
export function localStreamLimit(
  limits: TenantLimits,
  healthyIngesters: number,
  replicationFactor: number,
): number {
  const global = limits.maxGlobalStreamsPerUser;
  const fromGlobal =
    global > 0 && healthyIngesters > 0 ? Math.floor((global / healthyIngesters) * replicationFactor) : 0;
  const local = limits.maxLocalStreamsPerUser;
  const limit = local === 0 || (fromGlobal !== 0 && fromGlobal < local) ? fromGlobal : local;
  return limit === 0 ? Infinity : limit;
}

/**
 * Why lines were refused. Names follow Loki's `reason` label on
 * `loki_discarded_samples_total` (grafana/loki pkg/validation/validate.go),
 * except two that logsim renames for readers: `too_far_behind` is
 * `rejected_out_of_order` and `greater_than_max_sample_age` is
 * `rejected_too_old`. `ingester_unavailable` is logsim's own: a replica that
 * is down, replaying its WAL or was OOM-killed during the push.
 */
export type RejectionReason =
  | 'rate_limited'
  | 'per_stream_rate_limit'
  | 'stream_limit'
  | 'line_too_long'
  | 'rejected_out_of_order'
  | 'rejected_too_old'
  | 'too_far_in_future'
  | 'max_label_names_per_series'
  | 'label_name_too_long'
  | 'label_value_too_long'
  | 'duplicate_label_names'
  | 'missing_labels'
  | 'ingester_unavailable';

/** How a reason reaches the client. */
export interface RejectionInfo {
  /** HTTP status the client sees. */
  readonly httpStatus: 400 | 429 | 503;
  /** Whether a well-behaved client (Promtail/Alloy) retries it. 4xx other than 429 are dropped. */
  readonly retryable: boolean;
  /** Loki's own reason label, for readers who grep Loki metrics. */
  readonly lokiReason: string;
}

/**
 * Retryability: 429 for rate and stream limits, 400 (never retried, the
 * data is lost) for validation and ordering — reference/user-needs.md §1
 * items 1, 2 and 5; grafana/loki docs troubleshoot-ingest.
 */
export const REJECTIONS: Readonly<Record<RejectionReason, RejectionInfo>> = Object.freeze({
  rate_limited: { httpStatus: 429, retryable: true, lokiReason: 'rate_limited' },
  per_stream_rate_limit: { httpStatus: 429, retryable: true, lokiReason: 'per_stream_rate_limit' },
  stream_limit: { httpStatus: 429, retryable: true, lokiReason: 'stream_limit' },
  line_too_long: { httpStatus: 400, retryable: false, lokiReason: 'line_too_long' },
  rejected_out_of_order: { httpStatus: 400, retryable: false, lokiReason: 'too_far_behind' },
  rejected_too_old: { httpStatus: 400, retryable: false, lokiReason: 'greater_than_max_sample_age' },
  too_far_in_future: { httpStatus: 400, retryable: false, lokiReason: 'too_far_in_future' },
  max_label_names_per_series: { httpStatus: 400, retryable: false, lokiReason: 'max_label_names_per_series' },
  label_name_too_long: { httpStatus: 400, retryable: false, lokiReason: 'label_name_too_long' },
  label_value_too_long: { httpStatus: 400, retryable: false, lokiReason: 'label_value_too_long' },
  duplicate_label_names: { httpStatus: 400, retryable: false, lokiReason: 'duplicate_label_names' },
  missing_labels: { httpStatus: 400, retryable: false, lokiReason: 'missing_labels' },
  ingester_unavailable: { httpStatus: 503, retryable: true, lokiReason: 'ingester_unavailable' },
});

/** True when a client should retry lines refused for this reason. */
export function isRetryable(reason: RejectionReason): boolean {
  return REJECTIONS[reason].retryable;
}
