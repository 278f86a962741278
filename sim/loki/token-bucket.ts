/**
 * A token bucket in integer virtual time (decision 06, user-needs §1 item 2):
 * the distributor's per-tenant ingestion limit and the ingester's per-stream
 * limit are both one of these (golang.org/x/time/rate in Loki).
 *
 * Exactness: tokens are held in byte·µs/s units ("micro-bytes": bytes × 10^6)
 * so refilling `rate` bytes/s over `elapsedUs` adds exactly
 * `rate × elapsedUs` units, an integer when the rate is. Rates are floored to
 * whole bytes per second, so the bucket can only under-admit by < 1 B/s.
 */
import type { IngestionRateStrategy } from './limits.ts';
import { US_PER_SECOND } from '../engine/time.ts';

/**
 * A bucket holding at most `burstBytes`, refilled at `rateBytesPerSec`.
 * Like `rate.Limiter.AllowN`, a refused take consumes nothing, and a request
 * larger than the burst can never succeed.
 */
export class TokenBucket {
  private rate: number;
  private capacityMicro: number;
  private tokensMicro: number;
  private lastUs: number;

  /** A full bucket at `nowUs`. */
  constructor(rateBytesPerSec: number, burstBytes: number, nowUs = 0) {
    this.rate = floorRate(rateBytesPerSec);
    this.capacityMicro = toMicro(burstBytes);
    this.tokensMicro = this.capacityMicro;
    this.lastUs = nowUs;
  }

  get rateBytesPerSec(): number {
    return this.rate;
  }

  get burstBytes(): number {
    return this.capacityMicro / US_PER_SECOND;
  }

  /** Whole bytes available at `nowUs`. */
  availableBytes(nowUs: number): number {
    this.refill(nowUs);
    return Math.floor(this.tokensMicro / US_PER_SECOND);
  }

  /** Takes `bytes` if all are available at `nowUs`; otherwise takes nothing. */
  tryTake(nowUs: number, bytes: number): boolean {
    this.refill(nowUs);
    const need = toMicro(bytes);
    if (need > this.tokensMicro) return false;
    this.tokensMicro -= need;
    return true;
  }

  /** Takes as many of `bytes` as are available (whole bytes) and returns how many. */
  takeUpTo(nowUs: number, bytes: number): number {
    const taken = Math.min(bytes, this.availableBytes(nowUs));
    this.tokensMicro -= toMicro(taken);
    return taken;
  }

  /** µs until `bytes` could be taken (0 if now; Infinity if above the burst or the rate is 0). */
  waitUs(nowUs: number, bytes: number): number {
    this.refill(nowUs);
    const need = toMicro(bytes);
    if (need <= this.tokensMicro) return 0;
    if (need > this.capacityMicro || this.rate === 0) return Infinity;
    return Math.ceil((need - this.tokensMicro) / this.rate);
  }

  /** Changes the rate (e.g. a distributor joined) after settling the tokens earned so far. */
  setRate(nowUs: number, rateBytesPerSec: number): void {
    this.refill(nowUs);
    this.rate = floorRate(rateBytesPerSec);
  }

  /** Changes the burst; tokens above the new burst are dropped. */
  setBurst(nowUs: number, burstBytes: number): void {
    this.refill(nowUs);
    this.capacityMicro = toMicro(burstBytes);
    this.tokensMicro = Math.min(this.tokensMicro, this.capacityMicro);
  }

  private refill(nowUs: number): void {
    const elapsedUs = nowUs - this.lastUs;
    if (elapsedUs <= 0) return; // time never goes back; a stale call earns nothing
    this.lastUs = nowUs;
    const missing = this.capacityMicro - this.tokensMicro;
    // Compare before multiplying: rate × days of µs would leave the exact range.
    if (this.rate === 0 || missing === 0) return;
    if (elapsedUs >= Math.ceil(missing / this.rate)) this.tokensMicro = this.capacityMicro;
    else this.tokensMicro += this.rate * elapsedUs;
  }
}

/**
 * The rate one distributor enforces for a tenant. With the `global` strategy
 * the tenant rate is divided across healthy distributors ("a 10 MB limit over
 * 10 distributors gives 1 MB/s each" — grafana/loki docs components.md); the
 * burst stays per distributor. With `local` each distributor enforces the
 * whole rate.
 */
export function distributorRateBytesPerSec(
  strategy: IngestionRateStrategy,
  tenantRateBytesPerSec: number,
  healthyDistributors: number,
): number {
  switch (strategy) {
    case 'local':
      return tenantRateBytesPerSec;
    case 'global':
      return tenantRateBytesPerSec / Math.max(1, healthyDistributors);
  }
}

function floorRate(rateBytesPerSec: number): number {
  if (!(rateBytesPerSec >= 0)) throw new RangeError(`rate must be ≥ 0, got ${rateBytesPerSec}`);
  return Math.floor(rateBytesPerSec);
}

function toMicro(bytes: number): number {
  if (!(bytes >= 0) || !Number.isInteger(bytes))
    throw new RangeError(`bytes must be a non-negative integer, got ${bytes}`);
  const micro = bytes * US_PER_SECOND;
  if (micro > Number.MAX_SAFE_INTEGER)
    throw new RangeError(`${bytes} bytes is above the exact range of a bucket (~9 GB)`);
  return micro;
}
