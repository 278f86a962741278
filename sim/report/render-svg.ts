/**
 * Renders a vega-lite spec to an SVG string in Node, without a browser.
 *
 *   vega-lite spec ──compile──▶ vega spec ──parse──▶ dataflow ──View(renderer: none)──▶ toSVG()
 *                                                                                   │
 *                                                        renumber ids (clip1, …) ◀──┘
 *
 * Determinism: vega numbers clip paths and gradients from a process-wide
 * counter, so the same chart rendered second gets `clip7` instead of `clip1`.
 * The ids are renumbered in order of appearance, which makes the output a pure
 * function of the spec. Text is measured by vega's built-in estimate (no
 * `canvas` package is installed), which is also independent of the machine's fonts.
 *
 * No network: data must be inlined; the view gets a loader that refuses every
 * URL, so a spec that names an external data file fails instead of fetching.
 */
import type * as Vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';

/** Options of {@link renderSvg}. */
export interface RenderSvgOptions {
  /**
   * Receives every warning from vega-lite's compiler and vega's runtime
   * (e.g. "dropping field because it is not a valid type"). Default: stderr.
   */
  onWarning?: (message: string) => void;
}

/** Thrown when a spec asks vega to load something from outside the spec. */
export class ExternalResourceError extends Error {
  override readonly name = 'ExternalResourceError';
  constructor(readonly uri: string) {
    super(`chart specs must inline their data (data.values); refusing to load ${JSON.stringify(uri)}`);
  }
}

/**
 * A loader that refuses every URL and remembers what was asked: vega only
 * logs a failed load and renders the chart empty, so the caller checks after.
 */
function refusingLoader(refused: string[]): Vega.Loader {
  const refuse = (uri: string): Promise<never> => {
    refused.push(uri);
    return Promise.reject(new ExternalResourceError(uri));
  };
  return { load: refuse, sanitize: refuse, http: refuse, file: refuse };
}

function warningLogger(vega: typeof Vega, sink: (message: string) => void): ReturnType<typeof Vega.logger> {
  return vega.logger(vega.Warn, 'warn', (_method, _level, args) => {
    sink(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
  });
}

function defaultWarning(message: string): void {
  process.stderr.write(`warning: chart: ${message}\n`);
}

/**
 * Renders `spec` to a standalone SVG document string. The same spec always
 * gives the same string, whatever was rendered before in the process.
 */
export async function renderSvg(spec: TopLevelSpec, options: RenderSvgOptions = {}): Promise<string> {
  // Loaded on first use: vega and vega-lite take ~0.3 s to import, which every `sim` start
  // would otherwise pay, charts or not.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const logger = warningLogger(vega, options.onWarning ?? defaultWarning);
  const vgSpec = compile(spec, { logger }).spec;
  const refused: string[] = [];
  const view = new vega.View(vega.parse(vgSpec), {
    renderer: 'none',
    loader: refusingLoader(refused),
    logger,
  });
  try {
    const svg = await view.toSVG();
    const first = refused[0];
    if (first !== undefined) throw new ExternalResourceError(first);
    return renumberIds(svg);
  } finally {
    view.finalize();
  }
}

/**
 * Rewrites every `id="…"` in `svg`, and the references to it (`url(#…)`,
 * `href="#…"`), to `<prefix><n>` numbered from 1 in order of first appearance
 * (the prefix is the id's leading letters, so `clip12` stays recognisably a clip).
 * Exported so that the HTML page can scope ids of several inlined SVGs apart.
 */
export function renumberIds(svg: string, scope = ''): string {
  const mapping = new Map<string, string>();
  const counters = new Map<string, number>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) {
    const old = m[1];
    if (old === undefined || mapping.has(old)) continue;
    const prefix = /^[A-Za-z_-]*/.exec(old)?.[0] || 'id';
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    mapping.set(old, `${scope}${prefix}${n}`);
  }
  if (mapping.size === 0) return svg;
  const swap = (old: string, whole: string, build: (id: string) => string): string => {
    const id = mapping.get(old);
    return id === undefined ? whole : build(id);
  };
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (whole, a: string, old: string, b: string) =>
      swap(old, whole, (id) => a + id + b),
    )
    .replace(/url\(#([^)\s]+)\)/g, (whole, old: string) => swap(old, whole, (id) => `url(#${id})`))
    .replace(/(\s(?:xlink:)?href=")#([^"]+)(")/g, (whole, a: string, old: string, b: string) =>
      swap(old, whole, (id) => `${a}#${id}${b}`),
    );
}
