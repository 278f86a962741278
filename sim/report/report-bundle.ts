/**
 * Every file of a report, as relative path → content, for one atomic write:
 *
 *   one run:      report.md, report.html, charts/<name>.vl.json, report.json
 *   comparison:   report.md, report.html, charts/…, comparison.json, and for
 *                 each variant <variant>/report.{md,html,json} + <variant>/charts/…
 *                 (its first seed's run)
 *
 * report.json (comparison.json) comes last: writeFilesAtomic commits in key
 * order, and readers look at the JSON first.
 */
import { comparisonJson, type Comparison, type VariantRun } from './comparison.ts';
import { comparisonMarkdown } from './comparison-markdown.ts';
import { chartSpecFiles } from './html-page.ts';
import { comparisonHtmlReport, runHtmlReport } from './html-report.ts';
import { markdownReport } from './markdown-report.ts';
import { reportJson, type Report } from './report.ts';
import { safeDirName } from './report-paths.ts';

/** The files of one run's report. */
export async function runReportFiles(report: Report): Promise<Record<string, string>> {
  const { html, charts } = await runHtmlReport(report);
  return {
    'report.md': markdownReport(report),
    'report.html': html,
    ...chartSpecFiles(charts),
    'report.json': reportJson(report),
  };
}

/** The files of a comparison and of each variant's first run. */
export async function comparisonReportFiles(
  comparison: Comparison,
  runs: readonly VariantRun[],
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const v of comparison.variants) {
    const first = runs.find((r) => r.variant === v.name);
    if (first === undefined) continue;
    const dir = safeDirName(v.name);
    for (const [rel, text] of Object.entries(await runReportFiles(first.report)))
      files[`${dir}/${rel}`] = text;
  }
  const { html, charts } = await comparisonHtmlReport(comparison, runs);
  Object.assign(files, {
    'report.md': comparisonMarkdown(comparison),
    'report.html': html,
    ...chartSpecFiles(charts),
  });
  files['comparison.json'] = comparisonJson(comparison);
  return files;
}
