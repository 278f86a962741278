/**
 * Storage aging at a coarse step: bytes written at a steady rate, kept in a
 * sequence of tiers by age (S3 Standard for 30 days, then Glacier Instant…,
 * deleted at retention), integrated over time in closed form — so a horizon of
 * 30 or 400 days costs nothing to compute, and GB-months are exact for the
 * steady flows the ingest model measured over its window.
 *
 * Data written at instant w is in tier i at t when its age t − w lies in
 * [fromUs_i, toUs_i). With a constant write rate r from t = 0, tier i holds
 *
 *   H_i(t) = r · clamp(t − fromUs_i, 0, toUs_i − fromUs_i)
 *
 * bytes, a ramp that reaches r · (toUs_i − fromUs_i) once the first data is
 * older than toUs_i; its integral over a month is the month's byte-µs.
 */
import { BYTES_PER_GB, MONTH_US } from './usage.ts';

/** One tier of an aging plan: the ages it holds, [fromUs, toUs). */
export interface AgedTier {
  readonly medium: string;
  readonly fromUs: number;
  readonly toUs: number;
  /** Minimum storage duration of the medium (early deletion charged up to it), µs. */
  readonly minStorageDurationUs: number;
}

/** What a tier costs over a period, before prices. */
export interface TierPeriodUse {
  readonly medium: string;
  readonly gbMonths: number;
  /** GB-months charged for leaving the tier before its minimum duration. */
  readonly earlyDeletionGbMonths: number;
  /** Objects moved into the tier by a lifecycle transition (0 for the first tier: its writes are PUTs). */
  readonly transitionsIn: number;
}

/** A steady write flow: bytes and objects per µs. */
export interface WriteFlow {
  readonly bytesPerUs: number;
  readonly objectsPerUs: number;
}

/** ∫₀ᵗ clamp(s − a, 0, b − a) ds: the antiderivative of one tier's ramp, in µs². */
function rampIntegral(t: number, a: number, b: number): number {
  if (t <= a) return 0;
  if (t <= b) return ((t - a) * (t - a)) / 2;
  return ((b - a) * (b - a)) / 2 + (b - a) * (t - b);
}

/** Length of [lo, hi) ∩ [0, ∞). */
function nonNegative(lo: number, hi: number): number {
  return Math.max(0, hi - Math.max(0, lo));
}

/**
 * Each tier's use over [t0, t1) of a flow that started at 0: GB-months held,
 * early-deletion GB-months of the data leaving it in the period, and the
 * transitions into it.
 */
export function tierUseBetween(
  tiers: readonly AgedTier[],
  flow: WriteFlow,
  t0Us: number,
  t1Us: number,
): TierPeriodUse[] {
  return tiers.map((tier, i) => {
    const byteUs =
      flow.bytesPerUs *
      (rampIntegral(t1Us, tier.fromUs, tier.toUs) - rampIntegral(t0Us, tier.fromUs, tier.toUs));
    // Data leaving the tier in [t0, t1) was written in [t0 − to, t1 − to).
    const leavingWrittenUs = nonNegative(t0Us - tier.toUs, t1Us - tier.toUs);
    const shortfallUs = Math.max(0, tier.minStorageDurationUs - (tier.toUs - tier.fromUs));
    const enteringWrittenUs = i === 0 ? 0 : nonNegative(t0Us - tier.fromUs, t1Us - tier.fromUs);
    return {
      medium: tier.medium,
      gbMonths: byteUs / BYTES_PER_GB / MONTH_US,
      earlyDeletionGbMonths: (flow.bytesPerUs * leavingWrittenUs * shortfallUs) / BYTES_PER_GB / MONTH_US,
      transitionsIn: flow.objectsPerUs * enteringWrittenUs,
    };
  });
}

/**
 * One month of the steady state (every tier full): tier i holds r · (to − from)
 * bytes all month, and a month's worth of writes passes through it.
 */
export function steadyMonthUse(tiers: readonly AgedTier[], flow: WriteFlow): TierPeriodUse[] {
  const last = tiers[tiers.length - 1];
  const startUs = last === undefined ? 0 : last.toUs;
  return tierUseBetween(tiers, flow, startUs, startUs + MONTH_US);
}

/** Months until the last tier is full (the first steady month is this one + 1), at most `capMonths`. */
export function monthsToSteadyState(tiers: readonly AgedTier[], capMonths = 36): number {
  const last = tiers[tiers.length - 1];
  return last === undefined ? 0 : Math.min(capMonths, Math.ceil(last.toUs / MONTH_US));
}
