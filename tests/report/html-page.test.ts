import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ExternalUrlError,
  buildHtmlPage,
  escapeHtml,
  findExternalUrls,
  stableJson,
  writeChartSpecs,
} from '../../sim/report/html-page.ts';
import { renderSvg } from '../../sim/report/render-svg.ts';
import { sampleCharts } from './chart-fixtures.ts';
import { HOSTILE_TITLE, samplePage } from './page-fixture.ts';

/**
 * The test's own idea of "refers outside the page", written independently of
 * findExternalUrls: any src=, any href=/url( not to a #fragment, any http(s)://
 * except the SVG namespace attributes (names, never fetched).
 */
function externalRefs(html: string): string[] {
  const withoutNamespaces = html
    .replaceAll('xmlns="http://www.w3.org/2000/svg"', '')
    .replaceAll('xmlns:xlink="http://www.w3.org/1999/xlink"', '');
  const patterns = [
    /\bsrc\s*=/gi,
    /\bhref\s*=\s*(?!["']?#)/gi,
    /url\(\s*(?!["']?#)/gi,
    /https?:\/\//gi,
    /<script/gi,
    /<link/gi,
  ];
  return patterns.flatMap((re) => [...withoutNamespaces.matchAll(re)].map((m) => m[0]));
}

let tmp: string | undefined;
afterEach(() => {
  if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

describe('buildHtmlPage', () => {
  it('is self-contained: no src, no external href or url(, no http(s) URL, no script', async () => {
    const { html } = await samplePage();
    expect(externalRefs(html)).toEqual([]);
    expect(findExternalUrls(html)).toEqual([]);
  });

  it('escapes text and carries every chart: title, caption, inline SVG, spec', async () => {
    const { html, chartCount } = await samplePage();
    expect(html).not.toContain('<script>');
    expect(html).toContain(escapeHtml(HOSTILE_TITLE));
    expect(html).toContain('<h2>Headline &lt;numbers&gt;</h2>');
    expect(html.match(/<svg\b/g)).toHaveLength(chartCount);
    expect(html.match(/<details>/g)).toHaveLength(chartCount);
    for (const def of sampleCharts()) {
      expect(html).toContain(`id="chart-${def.name}"`);
      expect(html).toContain(`<figcaption>${escapeHtml(def.caption)}</figcaption>`);
    }
    // The embedded spec is the chart's spec, as JSON, once HTML entities are undone.
    const pre = /<pre>([\s\S]*?)<\/pre>/.exec(html)![1]!;
    const unescaped = pre
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&amp;', '&');
    expect(JSON.parse(unescaped)).toEqual(JSON.parse(JSON.stringify(sampleCharts()[0]!.spec)));
  });

  it('is deterministic', async () => {
    expect((await samplePage()).html).toBe((await samplePage()).html);
  });

  it('keeps ids of different charts apart', async () => {
    const spec = {
      width: 100,
      height: 50,
      data: { values: [{ x: 1, y: 2 }] },
      mark: { type: 'point' as const, clip: true },
      encoding: {
        x: { field: 'x', type: 'quantitative' as const },
        y: { field: 'y', type: 'quantitative' as const },
      },
    };
    const svg = await renderSvg(spec);
    const def = (name: string) => ({ name, title: name, caption: 'c', spec });
    const html = buildHtmlPage({
      title: 't',
      sections: [],
      charts: [
        { def: def('a'), svg },
        { def: def('b'), svg },
      ],
    });
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(html).toContain('url(#a-clip1)');
    expect(html).toContain('url(#b-clip1)');
  });

  it('refuses a section that links or loads anything outside the page', () => {
    for (const bad of [
      '<a href="https://example.com">x</a>',
      '<img src="x.png">',
      '<p>see http://example.com</p>',
      '<div style="background: url(x.png)"></div>',
      '<link rel="stylesheet" href="a.css">',
      '<a href="trace.json">trace</a>',
    ]) {
      expect(
        () => buildHtmlPage({ title: 't', sections: [{ heading: 'h', html: bad }], charts: [] }),
        bad,
      ).toThrow(ExternalUrlError);
    }
    expect(() =>
      buildHtmlPage({
        title: 't',
        sections: [{ heading: 'h', html: '<a href="#chart-x">ok</a>' }],
        charts: [],
      }),
    ).not.toThrow();
  });

  it('refuses duplicate chart names', async () => {
    const [a] = sampleCharts();
    const svg = await renderSvg(a!.spec);
    expect(() =>
      buildHtmlPage({
        title: 't',
        sections: [],
        charts: [
          { def: a!, svg },
          { def: a!, svg },
        ],
      }),
    ).toThrow(/unique/);
  });
});

describe('writeChartSpecs', () => {
  it('writes charts/<name>.vl.json: $schema first, sorted keys, 2-space JSON, trailing newline', () => {
    tmp = mkdtempSync(join(tmpdir(), 'logsim-specs-'));
    const charts = sampleCharts();
    const written = writeChartSpecs(tmp, charts);
    expect(written).toEqual(charts.map((c) => `charts/${c.name}.vl.json`));
    expect(readdirSync(join(tmp, 'charts')).sort()).toEqual(charts.map((c) => `${c.name}.vl.json`).sort());
    const text = readFileSync(join(tmp, 'charts', 'buffer-fill.vl.json'), 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toMatch(
      /^ {2}"\$schema": "https:\/\/vega\.github\.io\/schema\/vega-lite\/v6\.json",$/,
    );
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const keys = Object.keys(parsed).slice(1);
    expect(keys).toEqual([...keys].sort());
    expect(stableJson(parsed)).toBe(text);
  });

  it('sorts keys the same whatever order they were built in', () => {
    expect(stableJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 2 } })).toBe(
      stableJson({ a: { c: 2, d: [{ y: 2, z: 1 }] }, b: 1 }),
    );
  });
});
