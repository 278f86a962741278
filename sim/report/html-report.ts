/**
 * report.html of a run and of a comparison: the figures as tables, the
 * expectations (failures first), and every chart rendered to inline SVG in
 * Node (no browser, no CDN), through html-page.ts.
 *
 *   Report ──runCharts──▶ ChartDef[] ──renderSvg (vega)──▶ SVG ─┐
 *   Report ──tables──────────────────────────────────────────────┼─▶ buildHtmlPage ─▶ report.html
 *                                                                 └─▶ chartSpecFiles ─▶ charts/<name>.vl.json
 */
import type { ChartDef } from './chart.ts';
import { bestVariants, type Comparison, type VariantRun } from './comparison.ts';
import { comparisonCharts } from './comparison-charts.ts';
import { buildHtmlPage, escapeHtml, type PageChart, type PageSection } from './html-page.ts';
import { formatDelta, formatMetric, formatNumber, formatShare } from './metric-format.ts';
import type { ExpectationOutcome } from './expectation-check.ts';
import { renderSvg } from './render-svg.ts';
import type { Report } from './report.ts';
import { runCharts } from './run-charts.ts';
import { formatBytes, formatSeconds } from './format-units.ts';
import {
  backendFigures,
  billOf,
  billPhrase,
  billTableRows,
  bottleneckText,
  queriesOf,
  QUERY_TABLE_HEADERS,
  queryTableRows,
} from './report-sections.ts';

/** A rendered page and the charts it shows (for charts/<name>.vl.json). */
export interface HtmlReport {
  html: string;
  charts: ChartDef[];
}

/** A table cell; `num` right-aligns it, `strong` marks the better value. */
interface Cell {
  text: string;
  num?: boolean;
  strong?: boolean;
}

function table(headers: readonly Cell[], rows: readonly (readonly Cell[])[]): string {
  const cell = (tag: 'th' | 'td', c: Cell) => {
    const body = c.strong === true ? `<strong>${escapeHtml(c.text)}</strong>` : escapeHtml(c.text);
    return `<${tag}${c.num === true ? ' class="num"' : ''}>${body}</${tag}>`;
  };
  return [
    '<table>',
    `<thead><tr>${headers.map((h) => cell('th', h)).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map((r) => `<tr>${r.map((c) => cell('td', c)).join('')}</tr>`),
    '</tbody>',
    '</table>',
  ].join('\n');
}

const txt = (text: string): Cell => ({ text });
const num = (text: string, strong = false): Cell => ({ text, num: true, strong });

/** Renders every chart (in parallel: vega's rendering is async) and keeps their order. */
async function render(charts: readonly ChartDef[]): Promise<PageChart[]> {
  return Promise.all(charts.map(async (def) => ({ def, svg: await renderSvg(def.spec) })));
}

function expectationsSection(
  outcomes: readonly { assertion: string; passed: boolean; measuredText: string; variant?: string }[],
): PageSection {
  if (outcomes.length === 0)
    return { heading: 'Expectations', html: '<p>The scenario has no <code>expect:</code> assertions.</p>' };
  // Failures first: they are what a reviewer opens the page for.
  const sorted = [...outcomes.filter((o) => !o.passed), ...outcomes.filter((o) => o.passed)];
  const withVariant = sorted.some((o) => o.variant !== undefined);
  return {
    heading: 'Expectations',
    html: table(
      [...(withVariant ? [txt('variant')] : []), txt('assertion'), txt('result'), num('measured')],
      sorted.map((o) => [
        ...(withVariant ? [txt(o.variant ?? '')] : []),
        txt(o.assertion),
        { text: o.passed ? 'pass' : 'FAIL', strong: !o.passed },
        num(o.measuredText),
      ]),
    ),
  };
}

/** The tables of one run's page. */
function runSections(report: Report): PageSection[] {
  const l = report.ledger;
  const share = (x: number) => (l.emitted > 0 ? formatShare(x / l.emitted) : '–');
  const figures = table(
    [txt('figure'), num('value'), num('share of emitted')],
    [
      [txt('lines emitted'), num(formatNumber(l.emitted)), num('100%')],
      [txt('delivered'), num(formatNumber(l.delivered)), num(share(l.delivered))],
      [txt('duplicates'), num(formatNumber(l.duplicates)), num(share(l.duplicates))],
      [txt('lost'), num(formatNumber(l.lostTotal)), num(share(l.lostTotal))],
      [txt('in flight at the end'), num(formatNumber(l.inFlight)), num(share(l.inFlight))],
      [
        txt('ingest lag p50 / p99 / max'),
        num(
          `${formatSeconds(report.lag.p50)} / ${formatSeconds(report.lag.p99)} / ${formatSeconds(report.lag.max)}`,
        ),
        num(''),
      ],
      [txt('agent buffer peak (per host)'), num(formatBytes(report.agent.bufferPeakBytes)), num('')],
      [
        txt('agent retries / time-outs'),
        num(`${formatNumber(report.agent.retries)} / ${formatNumber(report.agent.timeouts)}`),
        num(''),
      ],
    ],
  );
  const lost = Object.entries(l.lost);
  const bill = billOf(report);
  const queries = queriesOf(report);
  const backend = backendFigures(report);
  // The first column names, the others are figures (right-aligned).
  const cells = (row: readonly string[]): Cell[] => row.map((c, k) => (k === 0 ? txt(c) : num(c)));
  return [
    expectationsSection(report.expectations),
    {
      heading: 'Key figures',
      html: `${figures}\n<p><strong>Bottleneck:</strong> ${escapeHtml(bottleneckText(report))}.</p>`,
    },
    {
      heading: 'Bill',
      html:
        `<p>${escapeHtml(billPhrase(bill))}.</p>` +
        (bill.biggest.length === 0
          ? ''
          : `\n${table(cells(['biggest lines', 'USD a month']), billTableRows(bill).map(cells))}`),
    },
    ...(queries.length === 0
      ? []
      : [
          {
            heading: 'Queries',
            html: table(cells(QUERY_TABLE_HEADERS), queryTableRows(queries).map(cells)),
          },
        ]),
    ...(backend.length === 0
      ? []
      : [
          {
            heading: 'Backend',
            html: table(
              [txt('figure'), num('value')],
              backend.map(([k, v]) => [txt(k), num(v)]),
            ),
          },
        ]),
    {
      heading: 'Lines lost by cause',
      html:
        lost.length === 0
          ? '<p>No line was lost.</p>'
          : table(
              [txt('cause'), num('lines')],
              lost.map(([c, n]) => [txt(c), num(formatNumber(n))]),
            ),
    },
  ];
}

function subtitle(report: Report): string {
  return (
    `variant ${report.scenario.variant} · seed ${report.scenario.seed} · ${formatSeconds(report.scenario.durationSeconds)} virtual · ` +
    `${formatNumber(report.run.hosts)} hosts · ${formatNumber(report.run.events)} events · scenario hash ${report.scenario.hash}`
  );
}

/** report.html of one run. */
export async function runHtmlReport(report: Report): Promise<HtmlReport> {
  const charts = runCharts(report);
  const html = buildHtmlPage({
    title: `logsim: ${report.scenario.name}`,
    subtitle: subtitle(report),
    sections: runSections(report),
    charts: await render(charts),
  });
  return { html, charts };
}

/** The variants × figures table, best value in bold, differences from the baseline with their 95 % interval. */
function comparisonTable(comparison: Comparison): string {
  const seeds = comparison.seeds.length;
  const headers = [
    txt('figure'),
    ...comparison.variants.map((v) => num(v.name === comparison.baseline ? `${v.name} (baseline)` : v.name)),
  ];
  const rows = comparison.metrics.map((m) => {
    const best = bestVariants(comparison, m);
    return [
      txt(m.name),
      ...comparison.variants.map((v) => {
        const f = v.figures[m.name];
        if (f === null || f === undefined) return num(m.unmeasured ?? 'not measured');
        let text = formatMetric(m.kind, f.mean);
        if (f.ci95 !== null) text += ` ± ${formatMetric(m.kind, f.ci95)}`;
        const d = v.differences[m.name];
        if (d !== null && d !== undefined) {
          text += ` (Δ ${formatDelta(m.kind, d.mean)}${d.ci95 !== null ? ` ± ${formatMetric(m.kind, d.ci95)}` : ''})`;
        }
        return num(text, best.has(v.name));
      }),
    ];
  });
  const note =
    seeds > 1
      ? `<p>Mean of ${seeds} seeds (${comparison.seeds.join(', ')}) ± the 95 % confidence half-width (Student t); Δ is the paired difference from the baseline on the same seeds. The better value of each row is in bold.</p>`
      : '<p>One seed; run with <code>--seeds N</code> for confidence intervals. Δ is the difference from the baseline. The better value of each row is in bold.</p>';
  return `${note}\n${table(headers, rows)}`;
}

/** Flattens the variants' expectation outcomes for the expectations table. */
export function comparisonOutcomes(comparison: Comparison): (ExpectationOutcome & { variant: string })[] {
  return comparison.variants.flatMap((v) =>
    v.expectations.map((e) => ({
      variant: v.name,
      assertion: e.assertion,
      metric: '',
      passed: e.passed,
      measured: null,
      measuredText: e.measuredText,
    })),
  );
}

/** report.html of a comparison of variants. */
export async function comparisonHtmlReport(
  comparison: Comparison,
  runs: readonly VariantRun[],
): Promise<HtmlReport> {
  const charts = comparisonCharts(comparison, runs);
  const html = buildHtmlPage({
    title: `logsim: ${comparison.scenarios.join(' vs ')}: ${comparison.variants.length} variants`,
    subtitle: `baseline ${comparison.baseline} · seeds ${comparison.seeds.join(', ')} · every variant sees the same workload and faults (common random numbers)`,
    sections: [
      expectationsSection(comparisonOutcomes(comparison)),
      { heading: 'Variants side by side', html: comparisonTable(comparison) },
      {
        heading: 'Per-variant reports',
        html: `<p>Each variant has its own report (first seed) in a folder named after it:</p>\n<ul>\n${comparison.variants
          .map(
            (v) =>
              `<li id="variant-${escapeHtml(v.name)}"><code>${escapeHtml(v.name)}/report.html</code></li>`,
          )
          .join('\n')}\n</ul>`,
      },
    ],
    charts: await render(charts),
  });
  return { html, charts };
}
