/**
 * Label matchers: the only thing Loki's index can answer (decision 05). A
 * selector `{service="api", level="error"}` picks every stream whose label set
 * holds each pair; line content is never in the index.
 */
import type { LabelSet } from './label-set.ts';

/** Whether a label set satisfies every equality matcher (an empty selector matches all). */
export function matchesLabels(labels: LabelSet, match: Readonly<Record<string, string>>): boolean {
  for (const [name, value] of Object.entries(match)) {
    let ok = false;
    for (const [n, v] of labels.pairs) {
      if (n === name && v === value) {
        ok = true;
        break;
      }
    }
    if (!ok) return false;
  }
  return true;
}
