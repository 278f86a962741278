import { describe, expect, test as plainTest } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  DEFAULT_TENANT_LIMITS,
  REJECTIONS,
  isRetryable,
  localStreamLimit,
  tenantLimits,
} from '../../sim/loki/limits.ts';

describe('per-ingester stream limit = (global ÷ healthy ingesters) × RF', () => {
  plainTest('Loki defaults: 5000 streams, 6 ingesters, RF 3 → 2500 per ingester', () => {
    expect(localStreamLimit(DEFAULT_TENANT_LIMITS, 6, 3)).toBe(2500);
    expect(localStreamLimit(DEFAULT_TENANT_LIMITS, 7, 3)).toBe(2142); // truncated like Go's int()
  });

  plainTest('no healthy ingester or no global limit: no limit; a smaller local limit wins', () => {
    expect(localStreamLimit(DEFAULT_TENANT_LIMITS, 0, 3)).toBe(Infinity);
    expect(localStreamLimit(tenantLimits({ maxGlobalStreamsPerUser: 0 }), 6, 3)).toBe(Infinity);
    expect(localStreamLimit(tenantLimits({ maxLocalStreamsPerUser: 1000 }), 6, 3)).toBe(1000);
    expect(localStreamLimit(tenantLimits({ maxLocalStreamsPerUser: 9000 }), 6, 3)).toBe(2500);
    expect(
      localStreamLimit(tenantLimits({ maxGlobalStreamsPerUser: 0, maxLocalStreamsPerUser: 700 }), 6, 3),
    ).toBe(700);
  });

  test.prop([
    fc.integer({ min: 1, max: 1_000_000 }),
    fc.integer({ min: 1, max: 500 }),
    fc.integer({ min: 1, max: 5 }),
  ])(
    'the cluster-wide capacity covers the global limit RF times, within truncation',
    (global, healthy, rf) => {
      const local = localStreamLimit(tenantLimits({ maxGlobalStreamsPerUser: global }), healthy, rf);
      if (global * rf < healthy) {
        // Loki's quirk, kept: the share truncates to 0, which Loki reads as "no limit".
        expect(local).toBe(Infinity);
        return;
      }
      expect(local * healthy).toBeLessThanOrEqual(global * rf);
      expect(local * healthy).toBeGreaterThan(global * rf - healthy);
    },
  );

  plainTest('a scale-down raises the per-ingester limit; losing ingesters does the same', () => {
    expect(localStreamLimit(DEFAULT_TENANT_LIMITS, 5, 3)).toBeGreaterThan(
      localStreamLimit(DEFAULT_TENANT_LIMITS, 6, 3),
    );
  });
});

describe('rejection reasons', () => {
  plainTest('rate and stream limits are retryable 429s; validation and ordering are final 400s', () => {
    for (const r of ['rate_limited', 'per_stream_rate_limit', 'stream_limit'] as const) {
      expect(REJECTIONS[r].httpStatus).toBe(429);
      expect(isRetryable(r)).toBe(true);
    }
    for (const r of [
      'line_too_long',
      'rejected_out_of_order',
      'rejected_too_old',
      'too_far_in_future',
      'max_label_names_per_series',
    ] as const) {
      expect(REJECTIONS[r].httpStatus).toBe(400);
      expect(isRetryable(r)).toBe(false);
    }
    expect(REJECTIONS.rejected_out_of_order.lokiReason).toBe('too_far_behind');
    expect(REJECTIONS.rejected_too_old.lokiReason).toBe('greater_than_max_sample_age');
  });

  plainTest('defaults are Loki’s, in bytes and µs', () => {
    expect(DEFAULT_TENANT_LIMITS.ingestionRateBytesPerSec).toBe(4 * 1048576);
    expect(DEFAULT_TENANT_LIMITS.ingestionBurstBytes).toBe(6 * 1048576);
    expect(DEFAULT_TENANT_LIMITS.perStreamRateLimitBurstBytes).toBe(15 * 1048576);
    expect(DEFAULT_TENANT_LIMITS.maxLineSizeBytes).toBe(262144);
    expect(DEFAULT_TENANT_LIMITS.rejectOldSamplesMaxAgeUs).toBe(7 * 24 * 3600 * 1e6);
    expect(DEFAULT_TENANT_LIMITS.shardStreamsDesiredRateBytesPerSec).toBe(1536 * 1024);
  });
});
