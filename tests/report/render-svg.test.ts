import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { ExternalResourceError, renderSvg, renumberIds } from '../../sim/report/render-svg.ts';
import { sampleCharts } from './chart-fixtures.ts';

/** A spec that makes vega emit a clip path, whose id comes from a process-wide counter. */
const clipped: TopLevelSpec = {
  width: 200,
  height: 100,
  data: {
    values: [
      { x: 1, y: 5 },
      { x: 2, y: 50 },
      { x: 3, y: 7 },
    ],
  },
  mark: { type: 'line', clip: true },
  encoding: {
    x: { field: 'x', type: 'quantitative', title: 'time (s)' },
    y: { field: 'y', type: 'quantitative', title: 'fill (MiB)', scale: { domain: [0, 10] } },
  },
};

describe('renderSvg', () => {
  for (const chart of sampleCharts()) {
    it(`${chart.name}: renders an SVG, the same string every time, without warnings`, async () => {
      const warnings: string[] = [];
      const first = await renderSvg(chart.spec, { onWarning: (m) => warnings.push(m) });
      const second = await renderSvg(chart.spec, { onWarning: (m) => warnings.push(m) });
      expect(first.startsWith('<svg')).toBe(true);
      expect(first).toBe(second);
      expect(warnings).toEqual([]);
      // Axis titles are drawn, with their units.
      expect(first).toMatch(/<text[^>]*>[^<]+ \([^)<]+\)<\/text>/);
      // No fetchable reference: only the SVG namespace names.
      const urls = [...first.matchAll(/https?:\/\/[^"]*/g)].map((m) => m[0]);
      expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
      expect(first).not.toMatch(/@font-face|@import|<image|href="(?!#)/);
    });
  }

  it('escapes data text in the SVG', async () => {
    const losses = sampleCharts().find((c) => c.name === 'losses-by-cause')!;
    const svg = await renderSvg(losses.spec);
    expect(svg).toContain('too_old &amp; &lt;out_of_order&gt;');
    expect(svg).not.toContain('<out_of_order>');
  });

  it('renumbers clip ids so output does not depend on what was rendered before', async () => {
    const a = await renderSvg(clipped);
    const b = await renderSvg(clipped);
    expect(a).toBe(b);
    expect(a).toMatch(/id="clip1"/);
    expect(a).toMatch(/url\(#clip1\)/);
  });

  it('renumberIds rewrites ids and every reference to them, with an optional scope', () => {
    const svg =
      '<svg><clipPath id="clip9"/><g clip-path="url(#clip9)"/><use xlink:href="#clip9"/><g id="gradient_3"/></svg>';
    expect(renumberIds(svg, 'c-')).toBe(
      '<svg><clipPath id="c-clip1"/><g clip-path="url(#c-clip1)"/><use xlink:href="#c-clip1"/><g id="c-gradient_1"/></svg>',
    );
  });

  it('refuses specs that load data from a URL', async () => {
    const remote = { ...clipped, data: { url: 'https://example.com/data.json' } } as TopLevelSpec;
    await expect(renderSvg(remote, { onWarning: () => undefined })).rejects.toThrow(ExternalResourceError);
  });
});
