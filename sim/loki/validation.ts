/**
 * The distributor's entry checks (grafana/loki pkg/distributor/validator.go):
 * line size and timestamp window. Label checks live with the label set.
 * Rejections here are 400s: never retried, the lines are lost.
 */
import { addToTally, type EntryBatch, type LineTally, emptyTally, splitBatchAtTs } from './entry-batch.ts';
import type { RejectionReason, TenantLimits } from './limits.ts';

/** No rejection: shared, never written. */
const NONE: Partial<Record<RejectionReason, LineTally>> = Object.freeze({});

/** What survives validation, and what was refused, by reason. */
export interface ValidationResult {
  readonly accepted: EntryBatch | undefined;
  readonly rejected: Partial<Record<RejectionReason, LineTally>>;
}

/**
 * Splits a batch received at `nowUs` into valid entries and rejections:
 * - `line_too_long` when the batch's mean line size exceeds `max_line_size`
 *   (a batch is homogeneous by contract, see entry-batch.ts), the whole batch;
 * - `rejected_too_old` for entries older than now − `reject_old_samples_max_age`;
 * - `too_far_in_future` for entries newer than now + `creation_grace_period`.
 */
export function validateEntries(batch: EntryBatch, nowUs: number, limits: TenantLimits): ValidationResult {
  if (batch.lines === 0) return { accepted: undefined, rejected: NONE };
  if (batch.bytes / batch.lines > limits.maxLineSizeBytes) {
    const rejected: Partial<Record<RejectionReason, LineTally>> = {};
    reject(rejected, 'line_too_long', batch);
    return { accepted: undefined, rejected };
  }
  const oldCut = nowUs - limits.rejectOldSamplesMaxAgeUs;
  const futureCut = nowUs + limits.creationGracePeriodUs + 1;
  // The common case, every entry inside the window, allocates nothing but the answer.
  if ((!limits.rejectOldSamples || oldCut <= batch.minTsUs) && futureCut > batch.maxTsUs)
    return { accepted: batch, rejected: NONE };
  const rejected: Partial<Record<RejectionReason, LineTally>> = {};
  let rest: EntryBatch | undefined = batch;
  if (limits.rejectOldSamples) {
    const [old, recent] = splitBatchAtTs(rest, oldCut);
    reject(rejected, 'rejected_too_old', old);
    rest = recent;
  }
  if (rest !== undefined) {
    const [ok, future] = splitBatchAtTs(rest, futureCut);
    reject(rejected, 'too_far_in_future', future);
    rest = ok;
  }
  return { accepted: rest, rejected };
}

function reject(
  rejected: Partial<Record<RejectionReason, LineTally>>,
  reason: RejectionReason,
  part: EntryBatch | undefined,
): void {
  if (part !== undefined) addToTally((rejected[reason] ??= emptyTally()), part);
}
