/**
 * report.md of a comparison, for a pull request or a CI job summary: failed
 * expectations first, then one table of variants × key figures with the
 * better value in bold, then details folded. Always under GitHub's 1 MiB
 * job-summary limit (fitMarkdown drops the least important parts first).
 */
import { figureRows, type Comparison } from './comparison.ts';
import { fitMarkdown, mdDetails, mdTable, type MdPart } from './markdown.ts';
import { formatDelta, formatMetric } from './metric-format.ts';

/** The headline: how many assertions failed, or that all passed. */
export function expectationHeadline(failed: number, total: number): string {
  if (total === 0) return 'No `expect:` assertions.';
  return failed === 0
    ? `✅ All ${total} expectation${total === 1 ? '' : 's'} passed.`
    : `❌ **${failed} of ${total} expectation${total === 1 ? '' : 's'} failed.**`;
}

/** The variants × figures table (Markdown), better value in bold. */
export function comparisonMdTable(comparison: Comparison): string {
  const headers = [
    'figure',
    ...comparison.variants.map((v) => (v.name === comparison.baseline ? `${v.name} (baseline)` : v.name)),
  ];
  const rows = figureRows(comparison, (m, v, f, best) => {
    let text = formatMetric(m.kind, f.mean);
    if (f.ci95 !== null) text += ` ±${formatMetric(m.kind, f.ci95)}`;
    const d = v.differences[m.name];
    if (d !== null && d !== undefined && d.mean !== 0) {
      text += ` (Δ ${formatDelta(m.kind, d.mean)}${d.ci95 !== null ? ` ±${formatMetric(m.kind, d.ci95)}` : ''})`;
    }
    return best ? `**${text}**` : text;
  });
  return mdTable(headers, rows, ['left', ...comparison.variants.map(() => 'right' as const)]);
}

/** report.md of a comparison. */
export function comparisonMarkdown(comparison: Comparison): string {
  const all = comparison.variants.flatMap((v) => v.expectations.map((e) => ({ variant: v.name, ...e })));
  const failed = all.filter((e) => !e.passed);
  const seeds = comparison.seeds.length;
  const head = [
    `## logsim: ${comparison.scenarios.join(' vs ')}, ${comparison.variants.length} variant${comparison.variants.length === 1 ? '' : 's'}`,
    '',
    `${expectationHeadline(failed.length, all.length)} Baseline \`${comparison.baseline}\`; ` +
      (seeds > 1
        ? `mean of ${seeds} seeds ±95 % CI (Student t), Δ = paired difference from the baseline.`
        : `seed ${comparison.seeds.join(', ')}, Δ = difference from the baseline.`) +
      ' Better value in bold.',
  ].join('\n');
  const parts: MdPart[] = [{ text: head, priority: 100 }];
  if (failed.length > 0) {
    parts.push({
      text: mdTable(
        ['variant', 'failed assertion', 'measured'],
        failed.map((e) => [e.variant, e.assertion, e.measuredText]),
      ),
      priority: 95,
    });
  }
  parts.push({ text: comparisonMdTable(comparison), priority: 90 });
  // What gave way first in each design: the figure that explains its row above.
  parts.push({
    text: `**Bottleneck** (first seed):\n\n${comparison.variants
      .map((v) => `- ${v.name}: ${v.bottleneck ?? 'none: no component saturated and nothing was refused'}`)
      .join('\n')}`,
    priority: 88,
  });
  if (all.length > 0) {
    const sorted = [...failed, ...all.filter((e) => e.passed)];
    parts.push({
      text: mdDetails(
        `All expectations (${all.length - failed.length} passed, ${failed.length} failed)`,
        mdTable(
          ['variant', 'assertion', 'result', 'measured'],
          sorted.map((e) => [e.variant, e.assertion, e.passed ? 'pass' : '**FAIL**', e.measuredText]),
        ),
      ),
      priority: 60,
    });
  }
  parts.push({
    text: mdDetails(
      'What the figures mean',
      mdTable(
        ['figure', 'better', 'meaning'],
        comparison.metrics.map((m) => [m.name, m.better, m.description]),
      ),
    ),
    priority: 20,
  });
  parts.push({
    text: mdDetails(
      'Per-variant reports',
      comparison.variants.map((v) => `- \`${v.name}/report.md\`, \`${v.name}/report.html\``).join('\n'),
    ),
    priority: 10,
  });
  return fitMarkdown(parts);
}
