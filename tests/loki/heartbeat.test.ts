/**
 * Ring heartbeats (facts.md §2a: heartbeat_timeout 1m): an ingester that
 * stops heartbeating — crashed or cut off — stays healthy in the ring for a
 * minute. Until then distributors still pick it and the write to it fails,
 * counting against the 2-of-3 quorum; the limiter still divides the global
 * stream limit by it. After the minute the ring filters it out (still a
 * failed replica: the set is not re-chosen) and the limiter stops counting it.
 */
import { describe, expect, test } from 'vitest';
import { US_PER_SECOND } from '../../sim/engine/time.ts';
import { lokiHarness } from '../helpers/loki-backend-harness.ts';

const S = US_PER_SECOND;

describe('heartbeat timeout', () => {
  test('a partitioned ingester is healthy for 1m after its last heartbeat, then unhealthy', () => {
    const h = lokiHarness({
      seed: 3,
      ingesters: 3,
      sources: 1,
      faults: [{ kind: 'partition_ingesters', atUs: 10 * S, untilUs: 310 * S, ingesters: [0, 1] }],
    });
    h.sim.run({ untilUs: 5 * S });
    expect(h.push(0)).toEqual({ kind: 'ok' });
    const pushesBefore = h.backend.report().ingesterPushes as number;

    // 59 s into the cut: still healthy, so the distributor writes to all three; two fail.
    h.sim.run({ untilUs: 69 * S });
    expect(h.backend.ringHealthy(0)).toBe(true);
    expect(h.backend.healthyIngesters()).toBe(3);
    expect(h.push(0)).toMatchObject({ kind: 'retry', status: 503 });
    // Only the reachable replica took the write (the others did not answer).
    expect((h.backend.report().ingesterPushes as number) - pushesBefore).toBe(1);

    // 61 s: the ring skips both; the write fails before any replica is tried.
    h.sim.run({ untilUs: 71 * S });
    expect(h.backend.ringHealthy(0)).toBe(false);
    expect(h.backend.ringHealthy(2)).toBe(true);
    expect(h.backend.healthyIngesters()).toBe(1);
    const pushesAfter = h.backend.report().ingesterPushes as number;
    expect(h.push(0)).toMatchObject({ kind: 'retry', status: 503 });
    expect(h.backend.report().ingesterPushes).toBe(pushesAfter);

    // The cut heals: heartbeats resume at once.
    h.sim.run({ untilUs: 311 * S });
    expect(h.backend.healthyIngesters()).toBe(3);
    expect(h.push(0)).toEqual({ kind: 'ok' });
  });

  test('a crashed ingester counts for the local stream limit until the timeout, and again once restarted', () => {
    const h = lokiHarness({
      seed: 4,
      ingesters: 3,
      sources: 1,
      walEnabled: false,
      faults: [{ kind: 'node_crash', atUs: 10 * S, target: 'ingester', index: 2, restartAfterUs: 120 * S }],
    });
    h.sim.run({ untilUs: 11 * S });
    expect(h.backend.healthyIngesters()).toBe(3);
    // One replica down of three: the quorum still holds.
    expect(h.push(0)).toEqual({ kind: 'ok' });
    h.sim.run({ untilUs: 69 * S });
    expect(h.backend.healthyIngesters()).toBe(3);
    h.sim.run({ untilUs: 70 * S });
    expect(h.backend.healthyIngesters()).toBe(2);
    h.sim.run({ untilUs: 131 * S });
    expect(h.backend.healthyIngesters()).toBe(3);
  });
});
