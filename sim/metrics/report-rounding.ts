/**
 * How backends round the shares and seconds they report: four decimals keep
 * report.json readable and its goldens stable across harmless float noise.
 */
export function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
