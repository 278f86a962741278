/**
 * Splitting a range query by time, as Loki's query frontend does
 * (`split_queries_by_interval`, 1h): split boundaries fall on multiples of the
 * interval, so a range of `n` whole intervals that starts on a boundary gives
 * exactly n sub-queries, and an unaligned one gives one more.
 */

/** One sub-query's time range, [fromUs, toUs). */
export interface TimeSplit {
  readonly fromUs: number;
  readonly toUs: number;
}

/** The sub-queries of [fromUs, toUs), oldest first; one split when the interval is 0. */
export function splitByInterval(fromUs: number, toUs: number, intervalUs: number): TimeSplit[] {
  if (toUs <= fromUs) return [{ fromUs, toUs: fromUs }];
  if (intervalUs <= 0) return [{ fromUs, toUs }];
  const splits: TimeSplit[] = [];
  let start = fromUs;
  while (start < toUs) {
    const boundary = (Math.floor(start / intervalUs) + 1) * intervalUs;
    const end = Math.min(boundary, toUs);
    splits.push({ fromUs: start, toUs: end });
    start = end;
  }
  return splits;
}
