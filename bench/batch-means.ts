/**
 * Confidence intervals by the method of batch means: a long correlated run
 * (successive waits in a queue are strongly correlated) is cut into a few
 * large batches whose means are close to independent and normal, so a
 * Student-t interval over the batch means is honest where the naive
 * per-customer interval is far too narrow.
 */

export interface BatchMeansEstimate {
  /** Grand mean of the batch means. */
  mean: number;
  /** Half-width of the 95% confidence interval for the mean. */
  halfWidth95: number;
  batches: number;
}

/** 95% interval from batch means (at least two batches). */
export function batchMeans(batchValues: ArrayLike<number>): BatchMeansEstimate {
  const b = batchValues.length;
  if (b < 2) throw new RangeError(`batch means needs at least 2 batches, got ${b}`);
  let sum = 0;
  for (let i = 0; i < b; i++) sum += batchValues[i] as number;
  const mean = sum / b;
  let ss = 0;
  for (let i = 0; i < b; i++) {
    const d = (batchValues[i] as number) - mean;
    ss += d * d;
  }
  const sd = Math.sqrt(ss / (b - 1));
  return { mean, halfWidth95: studentT975(b - 1) * (sd / Math.sqrt(b)), batches: b };
}

/**
 * The 0.975 quantile of Student's t with `df` degrees of freedom, by the
 * Cornish–Fisher expansion around the normal quantile; within 1e-3 of the
 * exact value from df = 5 on, which is all batch means needs.
 */
export function studentT975(df: number): number {
  const z = 1.959963984540054;
  const z3 = z * z * z;
  const z5 = z3 * z * z;
  const z7 = z5 * z * z;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df * df * df)
  );
}
