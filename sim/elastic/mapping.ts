/**
 * The index mapping as a count of fields (decisions 04 and 06). Every key a
 * document brings that the mapping does not know is, by `dynamic`:
 *
 *   true     a new mapped field            (counts toward the limit)
 *   runtime  a new runtime field           (counts toward the limit, not indexed)
 *   false    kept in _source only          (no field, not searchable)
 *   strict   the document is rejected      (400 strict_dynamic_mapping_exception)
 *
 * index.mapping.total_fields.limit (facts.md §3) refuses, with a 400, a
 * document whose new fields would take the mapping past the limit; the
 * mapping then stops growing and documents without new keys still pass.
 * Keys here are always new ones (a value logged as a key is unique), so a
 * bulk's documents with new keys are accepted while fields remain.
 */
export type DynamicMapping = 'true' | 'false' | 'strict' | 'runtime';

/** What the mapping does with a bulk's documents that carry a new key. */
export interface MappingVerdict {
  /** Documents with a new key that were accepted (fields added, or kept in _source only). */
  readonly accepted: number;
  /** Documents refused because of the field limit. */
  readonly overLimit: number;
  /** Documents refused under dynamic: strict. */
  readonly strict: number;
}

export class Mapping {
  private count: number;
  /** When the mapping first reached the limit (µs), or undefined. */
  private fullAtUs: number | undefined;
  /** When a document was first refused for the limit (µs), or undefined. */
  private firstRefusalUs: number | undefined;

  constructor(
    private readonly dynamic: DynamicMapping,
    private readonly limit: number,
    /** Fields the mapping starts with (metadata and the known keys). */
    initialFields: number,
  ) {
    this.count = Math.min(initialFields, limit);
    if (this.count >= limit) this.fullAtUs = 0;
  }

  get fields(): number {
    return this.count;
  }

  get reachedLimitAtUs(): number | undefined {
    return this.fullAtUs;
  }

  get firstLimitRefusalAtUs(): number | undefined {
    return this.firstRefusalUs;
  }

  /**
   * What happens to `withNewKey` documents that each carry one key never
   * seen; the field count changes only when the verdict is applied (`commit`).
   */
  judge(withNewKey: number): MappingVerdict {
    switch (this.dynamic) {
      case 'false':
        return { accepted: withNewKey, overLimit: 0, strict: 0 };
      case 'strict':
        return { accepted: 0, overLimit: 0, strict: withNewKey };
      case 'true':
      case 'runtime': {
        const room = Math.max(0, this.limit - this.count);
        const accepted = Math.min(room, withNewKey);
        return { accepted, overLimit: withNewKey - accepted, strict: 0 };
      }
    }
  }

  /** Adds the fields of an applied verdict at `nowUs`. */
  commit(verdict: MappingVerdict, nowUs: number): void {
    if (this.dynamic !== 'true' && this.dynamic !== 'runtime') return;
    if (verdict.overLimit > 0) this.firstRefusalUs ??= nowUs;
    this.count += verdict.accepted;
    if (this.count >= this.limit && this.fullAtUs === undefined) this.fullAtUs = nowUs;
  }
}
