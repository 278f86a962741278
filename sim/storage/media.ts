/**
 * Storage media and their list prices (decision 07: hot, warm, cold, frozen).
 * Every figure is an AWS us-east-1 list price from reference/facts.md §4, with
 * the date of the page it comes from and the page itself; the whole table can
 * be replaced or extended with `pricing.media` (another cloud, a discount).
 *
 * A medium is what bytes sit on: an EBS volume type, an S3 storage class.
 * NVMe instance store has no price of its own (it is in the instance-hour
 * price, facts.md §4), so it is a medium of price 0 whose cost is the node's.
 */
import { US_PER_HOUR, US_PER_MS } from '../engine/time.ts';

/** How bytes on a medium are billed and read. Prices in USD, as price pages write them. */
export interface Medium {
  readonly id: string;
  /** block (a volume attached to a node), object (S3 and its archive classes) or instance (NVMe in the node). */
  readonly kind: 'block' | 'object' | 'instance';
  readonly description: string;
  /** Storage, per GB-month (a GB is 2³⁰ bytes on AWS bills). */
  readonly usdPerGbMonth: number;
  /** PUT/COPY/POST/LIST requests (and lifecycle transitions into this class), per 1,000. */
  readonly putUsdPer1000: number;
  /** GET/HEAD requests, per 1,000 (for an archive class: a restore request). */
  readonly getUsdPer1000: number;
  /** Retrieval fee per GB read (0 for S3 Standard and block storage). */
  readonly retrievalUsdPerGb: number;
  /** Minimum storage duration billed (early deletion is charged up to it), µs; 0 = none. */
  readonly minStorageDurationUs: number;
  /** Time to the first byte of a read: ms for disks and S3, hours for a restore from an archive class, µs. */
  readonly firstByteLatencyUs: number;
  /** Sequential read throughput of one stream or volume, bytes/s (0 = not published). */
  readonly throughputBytesPerSec: number;
  /** The date of the price page, and the page (facts.md §4). */
  readonly date: string;
  readonly source: string;
}

const DAY_US = 24 * US_PER_HOUR;
const MB = 1_000_000;

// Sources as facts.md §4 gives them, with their dates.
const EBS = 'https://aws.amazon.com/ebs/pricing/ (figures "as of 2024" in public price tables; facts.md §4)';
const EBS_DATE = '2024';
const USAGE_AI =
  'https://www.usage.ai/blogs/aws/storage-cost/glacier-deep-archive-pricing/ (table "US East, May 2026"; facts.md §4)';
const USAGE_AI_DATE = '2026-06-05';
const C3X = 'request fees: https://c3x.dev/blog/s3-request-fees-explained (undated; facts.md §4)';
const LATENCY =
  'latency: https://docs.aws.amazon.com/whitepapers/latest/s3-optimizing-performance-best-practices/timeouts-and-retries-for-latency-sensitive-applications.html';

/**
 * The built-in media, in the order a bill lists them (hot to frozen).
 * Throughputs: gp3 includes 125 MB/s (facts.md §4); st1's 500 MB/s volume
 * ceiling, NVMe's ~2 GB/s and S3's 85 MB/s per connection are *assumptions*
 * (not in facts.md), as is S3's 30 ms first byte (facts.md: "tens of ms").
 */
export const DEFAULT_MEDIA: readonly Medium[] = Object.freeze([
  {
    id: 'nvme',
    kind: 'instance',
    description: 'NVMe instance store: in the instance-hour price, lost when the instance stops',
    usdPerGbMonth: 0,
    putUsdPer1000: 0,
    getUsdPer1000: 0,
    retrievalUsdPerGb: 0,
    minStorageDurationUs: 0,
    firstByteLatencyUs: 100,
    throughputBytesPerSec: 2000 * MB,
    date: 'n/a',
    source: 'https://aws.amazon.com/ec2/pricing/ (no separate price; facts.md §4)',
  },
  {
    id: 'gp3',
    kind: 'block',
    description: 'EBS gp3 SSD: 3,000 IOPS and 125 MB/s included (hot)',
    usdPerGbMonth: 0.08,
    putUsdPer1000: 0,
    getUsdPer1000: 0,
    retrievalUsdPerGb: 0,
    minStorageDurationUs: 0,
    firstByteLatencyUs: 1 * US_PER_MS,
    throughputBytesPerSec: 125 * MB,
    date: EBS_DATE,
    source: EBS,
  },
  {
    id: 'st1',
    kind: 'block',
    description: 'EBS st1 throughput HDD (warm/cold nodes)',
    usdPerGbMonth: 0.045,
    putUsdPer1000: 0,
    getUsdPer1000: 0,
    retrievalUsdPerGb: 0,
    minStorageDurationUs: 0,
    firstByteLatencyUs: 10 * US_PER_MS,
    throughputBytesPerSec: 500 * MB,
    date: EBS_DATE,
    source: EBS,
  },
  {
    id: 's3-standard',
    kind: 'object',
    description: 'S3 Standard (first 50 TB): Loki chunks, ES snapshots',
    usdPerGbMonth: 0.023,
    putUsdPer1000: 0.005,
    getUsdPer1000: 0.0004,
    retrievalUsdPerGb: 0,
    minStorageDurationUs: 0,
    firstByteLatencyUs: 30 * US_PER_MS,
    throughputBytesPerSec: 85 * MB,
    date: USAGE_AI_DATE,
    source: `${USAGE_AI}; ${C3X}; ${LATENCY}`,
  },
  {
    id: 's3-standard-ia',
    kind: 'object',
    description: 'S3 Standard-IA: 30-day minimum, 128 KB minimum billable object',
    usdPerGbMonth: 0.0125,
    putUsdPer1000: 0.01,
    getUsdPer1000: 0.001,
    retrievalUsdPerGb: 0.01,
    minStorageDurationUs: 30 * DAY_US,
    firstByteLatencyUs: 30 * US_PER_MS,
    throughputBytesPerSec: 85 * MB,
    date: USAGE_AI_DATE,
    source: `${USAGE_AI}; https://www.demo.wlid.nl/s3-storage-classes.html; ${C3X}`,
  },
  {
    id: 's3-glacier-instant',
    kind: 'object',
    description: 'S3 Glacier Instant Retrieval: 90-day minimum, millisecond access',
    usdPerGbMonth: 0.004,
    putUsdPer1000: 0.02,
    getUsdPer1000: 0.01,
    retrievalUsdPerGb: 0.03,
    minStorageDurationUs: 90 * DAY_US,
    firstByteLatencyUs: 30 * US_PER_MS,
    throughputBytesPerSec: 85 * MB,
    date: USAGE_AI_DATE,
    source: `${USAGE_AI}; ${C3X}`,
  },
  {
    id: 's3-glacier-flexible',
    kind: 'object',
    description:
      'S3 Glacier Flexible Retrieval: 90-day minimum, standard restore 3–5 h ($0.01/GB, $0.05 per 1,000 restore requests)',
    usdPerGbMonth: 0.0036,
    putUsdPer1000: 0.03,
    getUsdPer1000: 0.05,
    retrievalUsdPerGb: 0.01,
    minStorageDurationUs: 90 * DAY_US,
    // The slow end of a standard restore (3–5 h): a reader waits for the restore before the GET.
    firstByteLatencyUs: 5 * US_PER_HOUR,
    throughputBytesPerSec: 85 * MB,
    date: '2026-06-18',
    source: `${USAGE_AI}; https://cloudcostkit.com/guides/aws-s3-glacier-pricing (updated 2026-06-18); https://repost.aws/knowledge-center/s3-manage-data-retrieval`,
  },
  {
    id: 's3-glacier-deep-archive',
    kind: 'object',
    description: 'S3 Glacier Deep Archive: 180-day minimum, standard restore ≤ 12 h ($0.02/GB)',
    usdPerGbMonth: 0.00099,
    putUsdPer1000: 0.05,
    // No restore-request price in facts.md for Deep Archive: taken as Flexible's standard $0.05 per 1,000 (assumption).
    getUsdPer1000: 0.05,
    retrievalUsdPerGb: 0.02,
    minStorageDurationUs: 180 * DAY_US,
    firstByteLatencyUs: 12 * US_PER_HOUR,
    throughputBytesPerSec: 85 * MB,
    date: USAGE_AI_DATE,
    source: `${USAGE_AI}; https://awsnegotiations.com/glacier-vs-glacier-deep-archive.html ("US East, May 2026 list")`,
  },
] satisfies Medium[]);
