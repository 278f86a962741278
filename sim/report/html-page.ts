/**
 * The report as one self-contained HTML file: inline CSS, inline SVG charts,
 * each chart's vega-lite spec in a collapsed block, no script and no external
 * URL of any kind, so the page opens from a CI artifact, an e-mail or an
 * air-gapped laptop and looks the same everywhere.
 *
 *   sections (trusted HTML) ─┐
 *   charts (def + svg) ──────┼─▶ scope SVG ids per chart ─▶ page ─▶ refuse if any external URL
 *   title, subtitle (text) ──┘
 *
 * Also writes the specs as `charts/<name>.vl.json` next to the page.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertChartName } from './chart.ts';
import type { ChartDef } from './chart.ts';
import { renumberIds } from './render-svg.ts';

/** A chart ready for the page: its description and its rendered SVG (from `renderSvg`). */
export interface PageChart {
  def: ChartDef;
  svg: string;
}

/** A block of prose or tables. `html` is inserted as is: build it with {@link escapeHtml}. */
export interface PageSection {
  heading: string;
  html: string;
}

/** Input of {@link buildHtmlPage}. */
export interface HtmlPageInput {
  title: string;
  subtitle?: string;
  sections: readonly PageSection[];
  charts: readonly PageChart[];
}

/** Thrown when the page would reference something outside itself. */
export class ExternalUrlError extends Error {
  override readonly name = 'ExternalUrlError';
  constructor(readonly found: readonly string[]) {
    super(`the report page must be self-contained, but it references: ${found.slice(0, 5).join(', ')}`);
  }
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * The two XML namespace declarations an inline SVG carries. They are names,
 * never fetched, so they are the only `http://` strings a page may hold.
 */
const XML_NAMESPACES = ['xmlns="http://www.w3.org/2000/svg"', 'xmlns:xlink="http://www.w3.org/1999/xlink"'];

/**
 * Everything in `html` that could make a browser fetch or link outside the
 * page: any `src=`/`srcset=`/`action=`/`poster=`/`data=`, any `href=` or CSS
 * `url(` not pointing at a `#fragment`, `@import`, `<script`, `<link`, `<base`,
 * `<iframe`, `<object`, `<embed`, and any `http://`, `https://` or `//host` URL
 * besides the SVG namespace declarations. Returns the offending snippets.
 */
export function findExternalUrls(html: string): string[] {
  let text = html;
  for (const ns of XML_NAMESPACES) text = text.replaceAll(ns, '');
  const patterns: readonly RegExp[] = [
    /\s(?:src|srcset|action|formaction|poster|data|background|ping)\s*=\s*["']?[^"'\s>]*/gi,
    /\s(?:xlink:)?href\s*=\s*(?!["']?#)["']?[^"'\s>]*/gi,
    /url\(\s*(?!["']?#)[^)]*\)/gi,
    /@import\b[^;]*/gi,
    /<(?:script|link|base|iframe|object|embed|meta\s+http-equiv)\b[^>]*/gi,
    /\b(?:https?|ftp|wss?):\/\/[^\s"'<>)]*/gi,
    /(?:["'(=]|\s)\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'<>)]*/gi,
  ];
  const found: string[] = [];
  for (const re of patterns) for (const m of text.matchAll(re)) found.push(m[0].trim());
  return found;
}

/**
 * Canonical JSON for specs: keys sorted at every level (with `$schema` first),
 * 2-space indent, trailing newline, so a spec diffs cleanly between runs.
 * An object or array holding only scalars goes on one line, so each inlined
 * data row is one line: a diff shows the rows that changed, and a report's
 * specs stay a third of the size.
 */
export function stableJson(value: unknown): string {
  return `${formatJson(sortKeys(value), '')}\n`;
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function formatJson(value: unknown, indent: string): string {
  if (isScalar(value)) return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isScalar)) return `[${value.map((v) => JSON.stringify(v) ?? 'null').join(', ')}]`;
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  // Keys whose value is undefined are dropped, as JSON.stringify does.
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  if (entries.every(([, v]) => isScalar(v))) {
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
  }
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(',\n')}\n${indent}}`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a === '$schema' ? -1 : b === '$schema' ? 1 : a < b ? -1 : a > b ? 1 : 0,
    );
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/** The vega-lite schema the specs are written against; the Vega editor picks its mode from it. */
export const VEGA_LITE_SCHEMA_URL = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * Writes each chart's spec to `<dir>/charts/<name>.vl.json` (with `$schema`,
 * so the file opens as vega-lite in the Vega editor) and returns the paths
 * written, relative to `dir`. See {@link chartSpecFiles} to write them atomically.
 */
export function writeChartSpecs(dir: string, charts: readonly ChartDef[]): string[] {
  const files = chartSpecFiles(charts);
  mkdirSync(join(dir, 'charts'), { recursive: true });
  for (const [rel, text] of Object.entries(files)) writeFileSync(join(dir, rel), text);
  return Object.keys(files);
}

/**
 * The spec files of {@link writeChartSpecs} as `{ "charts/<name>.vl.json": text }`,
 * for `writeFilesAtomic` together with the rest of a report.
 */
export function chartSpecFiles(charts: readonly ChartDef[]): Record<string, string> {
  checkNames(charts.map((c) => c.name));
  const files: Record<string, string> = {};
  for (const c of charts) {
    files[`charts/${c.name}.vl.json`] = stableJson({ $schema: VEGA_LITE_SCHEMA_URL, ...c.spec });
  }
  return files;
}

function checkNames(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const n of names) {
    assertChartName(n);
    if (seen.has(n)) throw new Error(`two charts are named ${JSON.stringify(n)}; chart names must be unique`);
    seen.add(n);
  }
}

/** Strips the XML prolog and doctype, which are not allowed inside an HTML body. */
function inlineSvg(svg: string, scope: string): string {
  const body = svg.replace(/^\s*<\?xml[^>]*>\s*/, '').replace(/^\s*<!DOCTYPE[^>]*>\s*/i, '');
  if (!body.startsWith('<svg')) throw new Error('chart SVG must start with <svg (render it with renderSvg)');
  // Inline SVGs share the page's id namespace: prefix ids per chart so that
  // chart B's url(#clip1) does not clip against chart A's clip path.
  return renumberIds(body, `${scope}-`);
}

const CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --rule: #d1d9e0; --bg-soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 24px 20px 64px; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 4px; }
.subtitle { color: var(--muted); margin: 0 0 24px; }
h2 { font-size: 1.35rem; margin: 40px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.1rem; margin: 28px 0 4px; }
nav ol { columns: 2; margin: 0; padding-left: 1.4em; }
a { color: #0969da; }
table { border-collapse: collapse; margin: 12px 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--rule); padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: var(--bg-soft); }
td.num, th.num { text-align: right; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85rem; }
pre { background: var(--bg-soft); padding: 12px; overflow: auto; max-height: 420px; border-radius: 6px; }
figure { margin: 8px 0 0; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); margin: 4px 0 8px; }
details { margin: 6px 0 0; }
summary { cursor: pointer; color: var(--muted); }
@media print { details, nav { display: none; } h2 { break-after: avoid; } figure { break-inside: avoid; } }
`.trim();

/**
 * Builds the report page. Text fields are escaped; section `html` is trusted
 * and inserted as is. Charts appear after the sections, each with its title,
 * its caption and its spec (collapsed). Throws {@link ExternalUrlError} if the
 * result would reference anything outside the page, so a report can never
 * phone home or break offline.
 */
export function buildHtmlPage(input: HtmlPageInput): string {
  checkNames(input.charts.map((c) => c.def.name));
  const out: string[] = [];
  out.push(
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(input.title)}</title>`,
    `<style>\n${CSS}\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(input.title)}</h1>`,
  );
  if (input.subtitle !== undefined) out.push(`<p class="subtitle">${escapeHtml(input.subtitle)}</p>`);
  if (input.charts.length > 0) {
    out.push('<nav aria-label="Charts"><ol>');
    for (const { def } of input.charts) {
      out.push(`<li><a href="#chart-${def.name}">${escapeHtml(def.title)}</a></li>`);
    }
    out.push('</ol></nav>');
  }
  for (const s of input.sections) {
    out.push('<section>', `<h2>${escapeHtml(s.heading)}</h2>`, s.html, '</section>');
  }
  if (input.charts.length > 0) {
    out.push('<section>', '<h2>Charts</h2>');
    for (const { def, svg } of input.charts) {
      // The spec without $schema: that is a URL, and the page holds none.
      const { $schema: _schema, ...specOnPage } = def.spec;
      out.push(
        `<section id="chart-${def.name}" class="chart">`,
        `<h3>${escapeHtml(def.title)}</h3>`,
        '<figure>',
        inlineSvg(svg, def.name),
        `<figcaption>${escapeHtml(def.caption)}</figcaption>`,
        '</figure>',
        `<details><summary>vega-lite spec (also in charts/${def.name}.vl.json)</summary>`,
        `<pre>${escapeHtml(stableJson(specOnPage).trimEnd())}</pre>`,
        '</details>',
        '</section>',
      );
    }
    out.push('</section>');
  }
  out.push('</main>', '</body>', '</html>', '');
  const page = out.join('\n');
  const external = findExternalUrls(page);
  if (external.length > 0) throw new ExternalUrlError(external);
  return page;
}
