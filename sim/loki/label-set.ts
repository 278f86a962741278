/**
 * A stream's identity: its label set, in canonical form (pairs sorted by
 * name, then value), and the validation Loki's distributor applies to it.
 *
 * Two pushes with the same labels in any order name the same stream: the
 * canonical key is what the stream id hashes.
 */
import type { RejectionReason, TenantLimits } from './limits.ts';

/** One `name="value"` pair. */
export type LabelPair = readonly [name: string, value: string];

/** A label set in canonical order, with its canonical text. */
export interface LabelSet {
  /** Pairs sorted by name, then value (duplicates kept so validation can see them). */
  readonly pairs: readonly LabelPair[];
  /** Loki-style text `{a="1", b="2"}`; values quoted like Go's %q. */
  readonly key: string;
}

/** Builds the canonical label set from a record or from pairs in any order. */
export function labelSet(labels: Readonly<Record<string, string>> | Iterable<LabelPair>): LabelSet {
  const pairs: LabelPair[] = isPairIterable(labels) ? [...labels] : Object.entries(labels);
  pairs.sort(comparePairs);
  const key = `{${pairs.map(([n, v]) => `${n}=${JSON.stringify(v)}`).join(', ')}}`;
  return Object.freeze({ pairs: Object.freeze(pairs), key });
}

/** The label limits validation reads. */
export type LabelLimits = Pick<
  TenantLimits,
  'maxLabelNamesPerSeries' | 'maxLabelNameLength' | 'maxLabelValueLength'
>;

/** The subset of rejection reasons label validation can return. */
export type LabelRejection = Extract<
  RejectionReason,
  | 'missing_labels'
  | 'max_label_names_per_series'
  | 'label_name_too_long'
  | 'label_value_too_long'
  | 'duplicate_label_names'
>;

/**
 * Loki's distributor label checks, in its order (pkg/distributor/validator.go):
 * empty set, too many names (`max_label_names_per_series` 15), a name longer
 * than 1024, a value longer than 2048, a duplicate name. Lengths are counted
 * in UTF-16 code units, a close stand-in for Go's byte length on ASCII labels.
 * Returns undefined when the set is valid.
 */
export function validateLabelSet(set: LabelSet, limits: LabelLimits): LabelRejection | undefined {
  const pairs = set.pairs;
  if (pairs.length === 0) return 'missing_labels';
  if (pairs.length > limits.maxLabelNamesPerSeries) return 'max_label_names_per_series';
  let previous: string | undefined;
  for (const [name, value] of pairs) {
    if (name.length > limits.maxLabelNameLength) return 'label_name_too_long';
    if (value.length > limits.maxLabelValueLength) return 'label_value_too_long';
    if (name === previous) return 'duplicate_label_names';
    previous = name;
  }
  return undefined;
}

function comparePairs(a: LabelPair, b: LabelPair): number {
  // Code-unit order, not locale order: the key must not depend on the machine.
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

function isPairIterable(
  labels: Readonly<Record<string, string>> | Iterable<LabelPair>,
): labels is Iterable<LabelPair> {
  return typeof (labels as Partial<Iterable<LabelPair>>)[Symbol.iterator] === 'function';
}
