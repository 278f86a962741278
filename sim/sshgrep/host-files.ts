/**
 * What one host still has on disk for `grep` to read: its active log file
 * and the `keep` rotated ones. Rotation by size keeps (keep + 1) files of at
 * most max_file_size; rotation by time keeps (keep + 1) periods; a file that
 * never rotates keeps everything. Lines older than that were deleted by the
 * rotation and no query on the host can find them.
 */
export interface HostLogRetention {
  /** Bytes per second one host writes (its line rate × mean line size). */
  readonly bytesPerSec: number;
  readonly maxFileBytes?: number | undefined;
  readonly rotateEveryUs?: number | undefined;
  readonly keep: number;
}

/** How far back (µs) a host's files reach at `nowUs`; Infinity-free: at most `nowUs`. */
export function retainedSpanUs(r: HostLogRetention, nowUs: number): number {
  let span = nowUs;
  if (r.maxFileBytes !== undefined && r.bytesPerSec > 0)
    span = Math.min(span, ((r.keep + 1) * r.maxFileBytes * 1e6) / r.bytesPerSec);
  if (r.rotateEveryUs !== undefined) {
    // The active file holds what was written since the last rotation, each kept file one period.
    const sinceRotation = nowUs % r.rotateEveryUs;
    span = Math.min(span, sinceRotation + r.keep * r.rotateEveryUs);
  }
  return Math.max(0, span);
}

/** Bytes a `grep` over every file of the host reads at `nowUs` (it has no index: it reads them whole). */
export function retainedBytes(r: HostLogRetention, nowUs: number): number {
  return (r.bytesPerSec * retainedSpanUs(r, nowUs)) / 1e6;
}
