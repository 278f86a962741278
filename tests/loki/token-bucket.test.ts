import { describe, expect, test as plainTest } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { TokenBucket, distributorRateBytesPerSec } from '../../sim/loki/token-bucket.ts';

const MIB = 1 << 20;

describe('token bucket', () => {
  test.prop([
    fc.integer({ min: 0, max: 5 * MIB }),
    fc.integer({ min: 1, max: 10 * MIB }),
    fc.array(fc.tuple(fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 0, max: 12 * MIB })), {
      minLength: 1,
      maxLength: 60,
    }),
  ])('never admits more than burst + rate × window over any window', (rate, burst, requests) => {
    const bucket = new TokenBucket(rate, burst, 0);
    let now = 0;
    const admitted: [number, number][] = [];
    for (const [gapUs, bytes] of requests) {
      now += gapUs;
      if (bucket.tryTake(now, bytes)) admitted.push([now, bytes]);
    }
    for (let i = 0; i < admitted.length; i++) {
      let sum = 0;
      for (let j = i; j < admitted.length; j++) {
        sum += admitted[j]![1];
        const windowUs = admitted[j]![0] - admitted[i]![0];
        // Exact in micro-bytes: sum·10^6 ≤ burst·10^6 + rate·window.
        expect(sum * 1e6).toBeLessThanOrEqual(burst * 1e6 + rate * windowUs);
      }
    }
  });

  plainTest('refused takes consume nothing; a request above the burst never succeeds', () => {
    const b = new TokenBucket(MIB, 2 * MIB, 0);
    expect(b.tryTake(0, 3 * MIB)).toBe(false);
    expect(b.waitUs(0, 3 * MIB)).toBe(Infinity);
    expect(b.tryTake(0, 2 * MIB)).toBe(true);
    expect(b.tryTake(0, 1)).toBe(false);
    expect(b.waitUs(0, MIB)).toBe(1_000_000);
    expect(b.tryTake(999_999, MIB)).toBe(false);
    expect(b.tryTake(1_000_000, MIB)).toBe(true);
  });

  plainTest('refill saturates without overflow after a long idle period', () => {
    const b = new TokenBucket(4 * MIB, 6 * MIB, 0);
    expect(b.tryTake(0, 6 * MIB)).toBe(true);
    expect(b.availableBytes(30 * 24 * 3600 * 1_000_000)).toBe(6 * MIB);
  });

  plainTest('takeUpTo takes what is there', () => {
    const b = new TokenBucket(0, 100, 0);
    expect(b.takeUpTo(0, 60)).toBe(60);
    expect(b.takeUpTo(0, 60)).toBe(40);
    expect(b.takeUpTo(0, 60)).toBe(0);
  });

  plainTest(
    'global strategy divides the tenant rate across healthy distributors (10 MB over 10 → 1 MB/s)',
    () => {
      expect(distributorRateBytesPerSec('global', 10 * MIB, 10)).toBe(MIB);
      expect(distributorRateBytesPerSec('local', 10 * MIB, 10)).toBe(10 * MIB);
      expect(distributorRateBytesPerSec('global', 10 * MIB, 0)).toBe(10 * MIB);
    },
  );
});
