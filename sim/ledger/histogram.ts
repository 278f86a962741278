/**
 * A weighted histogram of non-negative values with bounded relative error,
 * for latency distributions (ingest lag, query latency) where a batch adds many
 * lines at once. Buckets grow geometrically by GROWTH, so any quantile is known
 * to within ±(GROWTH−1)/2 relative error; values below 1 share bucket 0.
 */
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);

/** The bucket of `value` (≥ 0). */
function bucketOf(value: number): number {
  if (!(value >= 0)) throw new RangeError(`histogram value ${value} is negative or NaN`);
  return value < 1 ? 0 : 1 + Math.floor(Math.log(value) / LOG_GROWTH);
}

export class LogHistogram {
  private readonly counts: number[] = [];
  private weight = 0;
  private maxValue = 0;
  private minValue = Infinity;
  private weightedSum = 0;

  /** Adds `count` observations of `value` (value ≥ 0, count ≥ 0). */
  add(value: number, count = 1): void {
    if (count <= 0) return;
    this.addAt(bucketOf(value), value, count);
  }

  /** `first.add(value, count)` and `second.add(value, count)` for the price of one logarithm. */
  static addToBoth(first: LogHistogram, second: LogHistogram, value: number, count: number): void {
    if (count <= 0) return;
    const bucket = bucketOf(value);
    first.addAt(bucket, value, count);
    second.addAt(bucket, value, count);
  }

  private addAt(bucket: number, value: number, count: number): void {
    while (this.counts.length <= bucket) this.counts.push(0);
    this.counts[bucket] = (this.counts[bucket] as number) + count;
    this.weight += count;
    this.weightedSum += value * count;
    if (value > this.maxValue) this.maxValue = value;
    if (value < this.minValue) this.minValue = value;
  }

  /** Adds every observation of another histogram. */
  merge(other: LogHistogram): void {
    other.counts.forEach((c, b) => {
      if (c === 0) return;
      while (this.counts.length <= b) this.counts.push(0);
      this.counts[b] = (this.counts[b] as number) + c;
    });
    this.weight += other.weight;
    this.weightedSum += other.weightedSum;
    this.maxValue = Math.max(this.maxValue, other.maxValue);
    this.minValue = Math.min(this.minValue, other.minValue);
  }

  get count(): number {
    return this.weight;
  }

  get max(): number {
    return this.weight > 0 ? this.maxValue : 0;
  }

  get min(): number {
    return this.weight > 0 ? this.minValue : 0;
  }

  get mean(): number {
    return this.weight > 0 ? this.weightedSum / this.weight : 0;
  }

  /** The q-quantile (0 ≤ q ≤ 1): the geometric middle of its bucket, clamped to [min, max]. */
  quantile(q: number): number {
    if (this.weight === 0) return 0;
    const rank = q * this.weight;
    let seen = 0;
    for (let b = 0; b < this.counts.length; b++) {
      seen += this.counts[b] as number;
      if (seen >= rank && (this.counts[b] as number) > 0) {
        const mid = b === 0 ? 0.5 : Math.pow(GROWTH, b - 0.5);
        return Math.min(this.maxValue, Math.max(this.minValue, mid));
      }
    }
    return this.maxValue;
  }
}
