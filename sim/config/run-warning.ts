/**
 * A warning in report.json's `warnings[]`: something the reader should know
 * before trusting a figure, which is not an error.
 * - `no_effect`: a setting that changes nothing in this design (a disk size for
 *   a memory buffer): the user meant something the run does not do;
 * - `assumed_default`: a default without a published source for this version,
 *   which a figure of this run depends on;
 * - `estimate`: a figure computed by an estimate in place of a model;
 * - `capped`: a value the run held to a stated bound (a burst past the most
 *   lines a host can write).
 */
export interface RunWarning {
  readonly code: 'no_effect' | 'assumed_default' | 'estimate' | 'capped';
  /** The scenario key or report figure it is about (`agent.buffer.disk_max_size`, `loki.indexBytes`). */
  readonly path: string;
  readonly message: string;
}
