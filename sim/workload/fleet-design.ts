/**
 * The fleet as a scenario describes it, in canonical units: what a backend
 * may read about the services that push to it (their labels, fields and
 * level mix shape Loki's streams and an index's terms). The scenario's
 * validated `fleet.services` is of this shape.
 */

/** A structured field of a service's lines. */
export interface FieldSpec {
  /** Distinct values: a count, or `unique` (a new value on every line). */
  readonly cardinality: 'unique' | number;
  readonly popularity: 'uniform' | 'zipf';
  readonly churn?: { readonly every?: number | undefined; readonly on_deploy: boolean } | undefined;
}

/** One service of the fleet. */
export interface ServiceDesign {
  readonly name: string;
  readonly hosts: number;
  /** Lines per second per host. */
  readonly rate: number;
  readonly line_size: { readonly mean: number; readonly sigma: number };
  readonly levels: {
    readonly debug: number;
    readonly info: number;
    readonly warn: number;
    readonly error: number;
  };
  readonly labels: readonly string[];
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** How its log files rotate (file transport), if they do: what a host still has on disk. */
  readonly rotation?:
    | {
        readonly max_file_size?: number | undefined;
        readonly every?: number | undefined;
        readonly keep: number;
      }
    | undefined;
}
