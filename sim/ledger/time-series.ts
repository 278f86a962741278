/**
 * Columnar time series sampled at a fixed virtual interval: one array per
 * named column, all the same length as `t`. Columnar keeps report.json small
 * and diff-friendly.
 */
export class TimeSeries {
  readonly t: number[] = [];
  private readonly columns = new Map<string, number[]>();

  /** Appends one sample row; a column missing from earlier rows is back-filled with 0. */
  push(tSeconds: number, values: Readonly<Record<string, number>>): void {
    const row = this.t.length;
    this.t.push(tSeconds);
    for (const [name, value] of Object.entries(values)) {
      let col = this.columns.get(name);
      if (col === undefined) {
        col = new Array<number>(row).fill(0);
        this.columns.set(name, col);
      }
      col.push(value);
    }
    for (const col of this.columns.values()) if (col.length < row + 1) col.push(0);
  }

  /** Columns in insertion order (stable for a given model). */
  toJSON(): Record<string, number[]> {
    const out: Record<string, number[]> = { t: this.t };
    for (const [name, col] of this.columns) out[name] = col;
    return out;
  }
}
