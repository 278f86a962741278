// A full sample page (every sample chart, a table section, hostile text),
// shared by the page test and the browser test.
import { buildHtmlPage, escapeHtml } from '../../sim/report/html-page.ts';
import { renderSvg } from '../../sim/report/render-svg.ts';
import { sampleCharts } from './chart-fixtures.ts';

/** Title with every character HTML escaping must handle. */
export const HOSTILE_TITLE = `logsim <script>alert("x")</script> & 'friends'`;

/** Builds the sample page; also returns how many charts it holds. */
export async function samplePage(): Promise<{ html: string; chartCount: number }> {
  const charts = sampleCharts();
  const rendered = await Promise.all(charts.map(async (def) => ({ def, svg: await renderSvg(def.spec) })));
  const html = buildHtmlPage({
    title: HOSTILE_TITLE,
    subtitle: 'scenario: loki-stream-limit.yaml · seed 42 · base vs candidate',
    sections: [
      {
        heading: 'Headline <numbers>',
        html: `<table><tr><th>metric</th><th class="num">base</th></tr><tr><td>${escapeHtml('lost <lines>')}</td><td class="num">1200</td></tr></table>`,
      },
    ],
    charts: rendered,
  });
  return { html, chartCount: charts.length };
}
