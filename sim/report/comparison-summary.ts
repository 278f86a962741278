/**
 * The terminal summary of a comparison: variants × key figures as an aligned
 * text table, the better value marked with `*`, then failed expectations.
 */
import { figureRows, type Comparison } from './comparison.ts';
import { formatMetric } from './metric-format.ts';

/** The comparison as plain text for a terminal (no colour, no trailing newline). */
export function comparisonSummary(comparison: Comparison): string {
  const seeds = comparison.seeds.length;
  const header = ['', ...comparison.variants.map((v) => v.name)];
  const rows = figureRows(comparison, (m, _v, f, best) => {
    const ci = f.ci95 !== null ? ` ±${formatMetric(m.kind, f.ci95)}` : '';
    return `${formatMetric(m.kind, f.mean)}${ci}${best ? ' *' : ''}`;
  });
  const table = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...table.map((r) => (r[c] ?? '').length)));
  const lines = table.map((r) =>
    r
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
  const failed = comparison.variants.flatMap((v) =>
    v.expectations.filter((e) => !e.passed).map((e) => ({ variant: v.name, ...e })),
  );
  const total = comparison.variants.reduce((n, v) => n + v.expectations.length, 0);
  const out = [
    `${comparison.scenarios.join(' vs ')}: ${comparison.variants.length} variant(s) × ${seeds} seed(s) ` +
      `(${comparison.seeds.join(', ')}), baseline ${comparison.baseline}${seeds > 1 ? ', mean ±95% CI' : ''}; * = better`,
    ...lines.map((l) => `  ${l}`),
  ];
  if (total > 0) {
    out.push(
      failed.length === 0
        ? `  expectations: all ${total} passed`
        : `  expectations: ${failed.length} of ${total} FAILED`,
    );
    for (const f of failed) out.push(`    FAIL ${f.variant}: ${f.assertion} (measured ${f.measuredText})`);
  }
  return out.join('\n');
}
