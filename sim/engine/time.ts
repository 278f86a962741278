/**
 * Virtual time. An instant is an integer count of microseconds since the start
 * of the run; integers stay exact up to 2^53 µs (about 285 years), so time is
 * never accumulated as float seconds.
 */
export type SimTime = number;

export const US_PER_MS = 1_000;
export const US_PER_SECOND = 1_000_000;
export const US_PER_MINUTE = 60 * US_PER_SECOND;
export const US_PER_HOUR = 60 * US_PER_MINUTE;
export const US_PER_DAY = 24 * US_PER_HOUR;

/** Seconds (possibly fractional) to whole microseconds, rounded to nearest. */
export function secondsToUs(seconds: number): number {
  return Math.round(seconds * US_PER_SECOND);
}

/** Microseconds to seconds, for reporting only. */
export function usToSeconds(us: number): number {
  return us / US_PER_SECOND;
}
