/** One benchmark result is one JSON line on stdout: `{"name": ..., ...fields}`. */

export type BenchFields = Record<string, number | string | boolean>;

/** The JSON line for a result, numbers rounded so the line stays readable. */
export function formatResult(name: string, fields: object): string {
  const out: Record<string, unknown> = { name };
  for (const [key, value] of Object.entries(fields))
    out[key] = typeof value === 'number' ? round(value) : value;
  return JSON.stringify(out);
}

/** Rates and counts to whole numbers; small quantities to 4 significant digits. */
function round(x: number): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return x;
  if (Math.abs(x) >= 1000) return Math.round(x);
  return Number(x.toPrecision(4));
}
