import { describe, expect, test } from 'vitest';
import { US_PER_HOUR, US_PER_MINUTE } from '../../sim/engine/time.ts';
import { tenantLimits } from '../../sim/loki/limits.ts';
import { validateEntries } from '../../sim/loki/validation.ts';

const now = 1000 * US_PER_HOUR;
const limits = tenantLimits();

describe('distributor entry validation (400s, never retried)', () => {
  test('older than reject_old_samples_max_age (1w) is rejected_too_old, at the edge accepted', () => {
    const edge = now - 168 * US_PER_HOUR;
    const r = validateEntries(
      { lines: 2, bytes: 200, minTsUs: edge - 1, maxTsUs: edge, needles: [edge - 1] },
      now,
      limits,
    );
    expect(r.rejected.rejected_too_old).toEqual({ lines: 1, bytes: 100, needles: [edge - 1] });
    expect(r.accepted?.lines).toBe(1);
  });

  test('more than creation_grace_period (10m) in the future is too_far_in_future', () => {
    const edge = now + 10 * US_PER_MINUTE;
    const r = validateEntries({ lines: 2, bytes: 200, minTsUs: edge, maxTsUs: edge + 1 }, now, limits);
    expect(r.rejected.too_far_in_future?.lines).toBe(1);
    expect(r.accepted?.lines).toBe(1);
  });

  test('lines above max_line_size (256 KB) are line_too_long', () => {
    const r = validateEntries({ lines: 2, bytes: 2 * 262_145, minTsUs: now, maxTsUs: now }, now, limits);
    expect(r.rejected.line_too_long?.lines).toBe(2);
    expect(r.accepted).toBeUndefined();
  });
});
