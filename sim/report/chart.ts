/**
 * Chart descriptions for the report, and builders for the few chart shapes a
 * logging-stack report needs (series over time, composition over time,
 * per-variant comparison, latency distributions).
 *
 * A builder takes plain data rows and returns a {@link ChartDef}: a name that is
 * safe as a file name and an HTML anchor, a title, a one-line caption telling
 * the reader what to look for, and a vega-lite spec with its data inlined
 * (`data.values`) so that the spec opens on its own in the Vega editor.
 *
 * Every quantitative axis names its unit: the builders take `unit` separately
 * and write the axis title as `title (unit)`, so a chart cannot ship without one.
 *
 * Output is deterministic: no generated ids, no unnamed selection parameters
 * (vega-lite numbers those from a process-wide counter), fixed width and height,
 * rows copied in the order given.
 */
import type { TopLevelSpec } from 'vega-lite';

/** One chart of a report: what to call it, what to look for, and how to draw it. */
export interface ChartDef {
  /** Kebab-case id, unique within a report: file name (`charts/<name>.vl.json`) and HTML anchor. */
  name: string;
  /** Short title shown above the chart. */
  title: string;
  /** One line: what the reader should look for in the chart. */
  caption: string;
  /** Vega-lite spec with the data inlined. */
  spec: TopLevelSpec;
}

/** A cell of a data row: what vega-lite can read from inlined JSON. */
export type Cell = string | number | boolean | null;

/** One data row, keyed by field name. */
export type Row = Readonly<Record<string, Cell>>;

/** A quantitative field on an axis; the axis title reads `title (unit)`. */
export interface MeasureField {
  field: string;
  /** Axis title without the unit, e.g. "simulated time". */
  title: string;
  /** Unit shown in parentheses, e.g. "s", "MiB", "lines/s", "%". */
  unit: string;
}

/** A categorical field (series, variant, cause). */
export interface CategoryField {
  field: string;
  title: string;
}

/** Options every builder shares. */
export interface ChartBase {
  name: string;
  title: string;
  caption: string;
  rows: readonly Row[];
  /** Plot-area width in pixels; default {@link CHART_WIDTH_PX}. */
  widthPx?: number;
  /** Plot-area height in pixels; default {@link CHART_HEIGHT_PX} (bar charts: from the number of bars). */
  heightPx?: number;
}

/** Default plot-area width (the legend and axes add to it). */
export const CHART_WIDTH_PX = 640;
/** Default plot-area height. */
export const CHART_HEIGHT_PX = 240;

/** Chart names become file names and anchors, so keep them to a safe alphabet. */
const NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Thrown when a builder is given something it cannot turn into a sound chart. */
export class ChartInputError extends Error {
  override readonly name = 'ChartInputError';
  constructor(
    readonly chart: string,
    detail: string,
  ) {
    super(`chart ${JSON.stringify(chart)}: ${detail}`);
  }
}

/** Throws unless `name` is kebab-case (lower-case letters, digits, single hyphens). */
export function assertChartName(name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new ChartInputError(
      name,
      'name must be kebab-case ([a-z0-9] words joined by "-"), it becomes a file name and an anchor',
    );
  }
}

/** Axis title with its unit, e.g. `buffer fill (MiB)`. */
export function titleWithUnit(m: MeasureField): string {
  return `${m.title} (${m.unit})`;
}

/**
 * Shared look: generic sans-serif (no web fonts, so nothing is fetched and the
 * SVG text metrics do not depend on what is installed), white background,
 * a colour scheme that stays readable in greyscale print.
 */
function baseConfig(): NonNullable<TopLevelSpec['config']> {
  return {
    font: 'sans-serif',
    axis: { labelFontSize: 11, titleFontSize: 12, titlePadding: 8 },
    legend: { labelFontSize: 11, titleFontSize: 12 },
    range: { category: { scheme: 'tableau10' } },
    view: { stroke: '#ddd' },
  };
}

function checkCommon(b: ChartBase): void {
  assertChartName(b.name);
  if (b.title.trim() === '') throw new ChartInputError(b.name, 'title is empty');
  if (b.caption.includes('\n')) throw new ChartInputError(b.name, 'caption must be one line');
  for (const px of [b.widthPx, b.heightPx]) {
    if (px !== undefined && !(Number.isInteger(px) && px > 0)) {
      throw new ChartInputError(b.name, `width and height must be positive integers, got ${px}`);
    }
  }
}

function checkUnit(chart: string, m: MeasureField): void {
  if (m.unit.trim() === '') {
    throw new ChartInputError(chart, `axis "${m.title}" has no unit; name one (e.g. "s", "lines", "%")`);
  }
}

/**
 * Copies the rows and checks that numeric fields hold finite numbers: JSON
 * turns NaN and Infinity into null, which vega-lite would then silently drop.
 */
function copyRows(
  chart: string,
  rows: readonly Row[],
  numeric: readonly string[],
  present: readonly string[],
): Row[] {
  return rows.map((row, i) => {
    for (const f of numeric) {
      const v = row[f];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new ChartInputError(chart, `row ${i}: field "${f}" must be a finite number, got ${String(v)}`);
      }
    }
    for (const f of present) {
      if (!(f in row)) throw new ChartInputError(chart, `row ${i}: field "${f}" is missing`);
    }
    return { ...row };
  });
}

/**
 * Size, look, and the words. Title and caption go into `description` (vega
 * makes it the SVG's aria-label), not into a drawn title: the report page
 * prints them as real text above and below the chart, and drawing them again
 * inside the SVG would show each twice.
 */
function frame(
  b: ChartBase,
  heightPx: number = CHART_HEIGHT_PX,
): {
  description: string;
  width: number;
  height: number;
  background: string;
  padding: number;
  config: NonNullable<TopLevelSpec['config']>;
} {
  return {
    description: b.caption === '' ? b.title : `${b.title}: ${b.caption}`,
    width: b.widthPx ?? CHART_WIDTH_PX,
    height: b.heightPx ?? heightPx,
    background: 'white',
    padding: 8,
    config: baseConfig(),
  };
}

function def(b: ChartBase, spec: TopLevelSpec): ChartDef {
  return { name: b.name, title: b.title, caption: b.caption, spec };
}

/** Options of {@link lineChart}. */
export interface LineChartOptions extends ChartBase {
  x: MeasureField;
  y: MeasureField;
  /** One line per distinct value, coloured, with a legend. */
  series?: CategoryField;
  /** Draw as steps (value holds until the next sample), right for gauges sampled on change. */
  step?: boolean;
  /** Log scale on y; every y value must then be > 0. */
  logY?: boolean;
}

/** A line per series over a quantitative x (usually simulated time). */
export function lineChart(o: LineChartOptions): ChartDef {
  checkCommon(o);
  checkUnit(o.name, o.x);
  checkUnit(o.name, o.y);
  const rows = copyRows(o.name, o.rows, [o.x.field, o.y.field], o.series ? [o.series.field] : []);
  if (o.logY === true && rows.some((r) => (r[o.y.field] as number) <= 0)) {
    throw new ChartInputError(o.name, `logY needs every "${o.y.field}" > 0`);
  }
  const spec: TopLevelSpec = {
    ...frame(o),
    data: { values: rows },
    mark: { type: 'line', interpolate: o.step === true ? 'step-after' : 'linear', strokeWidth: 1.5 },
    encoding: {
      x: { field: o.x.field, type: 'quantitative', title: titleWithUnit(o.x) },
      y: {
        field: o.y.field,
        type: 'quantitative',
        title: titleWithUnit(o.y),
        ...(o.logY === true ? { scale: { type: 'log' } } : {}),
      },
      ...(o.series
        ? { color: { field: o.series.field, type: 'nominal', title: o.series.title, sort: null } }
        : {}),
    },
  };
  return def(o, spec);
}

/** Options of {@link stackedAreaChart}. */
export interface StackedAreaChartOptions extends ChartBase {
  x: MeasureField;
  y: MeasureField;
  /** The parts that stack up to the total (tiers, causes, tenants). */
  series: CategoryField;
  /** Stack to 100% instead of absolute values; the y title should then say "%". */
  normalize?: boolean;
}

/**
 * Parts stacked over a quantitative x: bytes by tier, losses by cause.
 * Rows must give every series at every x, or the stack has holes.
 */
export function stackedAreaChart(o: StackedAreaChartOptions): ChartDef {
  checkCommon(o);
  checkUnit(o.name, o.x);
  checkUnit(o.name, o.y);
  const rows = copyRows(o.name, o.rows, [o.x.field, o.y.field], [o.series.field]);
  const spec: TopLevelSpec = {
    ...frame(o),
    data: { values: rows },
    mark: { type: 'area', line: { strokeWidth: 0.5 }, opacity: 0.85 },
    encoding: {
      x: { field: o.x.field, type: 'quantitative', title: titleWithUnit(o.x) },
      y: {
        field: o.y.field,
        type: 'quantitative',
        title: titleWithUnit(o.y),
        stack: o.normalize === true ? 'normalize' : 'zero',
        ...(o.normalize === true ? { axis: { format: '%' } } : {}),
      },
      color: { field: o.series.field, type: 'nominal', title: o.series.title, sort: null },
      // Keep the stacking order equal to the legend order (first series at the bottom).
      order: { field: o.series.field, sort: 'ascending' },
    },
  };
  return def(o, spec);
}

/** Options of {@link barChart}. */
export interface BarChartOptions extends ChartBase {
  /** One group of bars per category (metric, cause, tier). */
  category: CategoryField;
  value: MeasureField;
  /** One bar per group value inside each category (variant: base vs candidate). */
  group?: CategoryField;
}

/** Bar thickness budget per bar, and the bounds of a bar chart's computed height. */
const BAR_STEP_PX = 16;
const BAR_GAP_PX = 10;
const BAR_MIN_HEIGHT_PX = 120;
const BAR_MAX_HEIGHT_PX = 640;

/**
 * Grouped horizontal bars: one row per category (top to bottom in row order),
 * one bar per variant inside it, so a base/candidate difference reads at a
 * glance and long category names (loss causes) stay readable. Unless
 * `heightPx` is given, the height follows the number of bars, within bounds.
 */
export function barChart(o: BarChartOptions): ChartDef {
  checkCommon(o);
  checkUnit(o.name, o.value);
  const rows = copyRows(
    o.name,
    o.rows,
    [o.value.field],
    [o.category.field, ...(o.group ? [o.group.field] : [])],
  );
  const categories = new Set(rows.map((r) => r[o.category.field])).size;
  const group = o.group;
  const groups = group ? new Set(rows.map((r) => r[group.field])).size : 1;
  const heightPx = Math.min(
    BAR_MAX_HEIGHT_PX,
    Math.max(BAR_MIN_HEIGHT_PX, categories * (groups * BAR_STEP_PX + BAR_GAP_PX)),
  );
  const spec: TopLevelSpec = {
    ...frame(o, heightPx),
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      y: {
        field: o.category.field,
        type: 'nominal',
        title: o.category.title,
        sort: null,
        axis: { labelLimit: 220 },
      },
      x: { field: o.value.field, type: 'quantitative', title: titleWithUnit(o.value) },
      ...(o.group
        ? {
            yOffset: { field: o.group.field, type: 'nominal', sort: null },
            color: { field: o.group.field, type: 'nominal', title: o.group.title, sort: null },
          }
        : {}),
    },
  };
  return def(o, spec);
}

/** Options of {@link histogramChart}. */
export interface HistogramChartOptions extends ChartBase {
  /** Pre-binned data: where each bin starts and ends, and how many samples fell in it. */
  binStart: MeasureField;
  binEnd: string;
  count: MeasureField;
  /** Overlaid, semi-transparent histograms, one per series (e.g. per query plan). */
  series?: CategoryField;
  /** Log scale on x, for bins from `binSamples(..., { log: true })`. */
  logX?: boolean;
}

/**
 * Histogram of a distribution from pre-binned rows. The simulator bins its own
 * samples (exact, deterministic, and the spec stays small however many samples
 * there were), so this chart takes bins, not raw values.
 */
export function histogramChart(o: HistogramChartOptions): ChartDef {
  checkCommon(o);
  checkUnit(o.name, o.binStart);
  checkUnit(o.name, o.count);
  const rows = copyRows(
    o.name,
    o.rows,
    [o.binStart.field, o.binEnd, o.count.field],
    o.series ? [o.series.field] : [],
  );
  if (o.logX === true && rows.some((r) => (r[o.binStart.field] as number) <= 0)) {
    throw new ChartInputError(o.name, `logX needs every "${o.binStart.field}" > 0`);
  }
  const spec: TopLevelSpec = {
    ...frame(o),
    data: { values: rows },
    mark: { type: 'rect', opacity: o.series ? 0.55 : 0.9, stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: {
        field: o.binStart.field,
        type: 'quantitative',
        title: titleWithUnit(o.binStart),
        ...(o.logX === true ? { scale: { type: 'log' } } : {}),
      },
      x2: { field: o.binEnd },
      y: { field: o.count.field, type: 'quantitative', title: titleWithUnit(o.count), stack: null },
      y2: { datum: 0 },
      ...(o.series
        ? { color: { field: o.series.field, type: 'nominal', title: o.series.title, sort: null } }
        : {}),
    },
  };
  return def(o, spec);
}

/** Options of {@link quantileChart}. */
export interface QuantileChartOptions extends ChartBase {
  /** Field holding the quantile as a fraction in (0, 1), e.g. 0.99. */
  quantileField: string;
  value: MeasureField;
  series?: CategoryField;
  /** Log scale on the value axis (latency tails span decades); default true. */
  logY?: boolean;
}

/** `0.999` → `p99.9`: how latency quantiles are usually written. */
export function quantileLabel(q: number): string {
  // Round away binary noise (0.999 * 100 = 99.89999…) before printing.
  const pct = Math.round(q * 100 * 1e6) / 1e6;
  return `p${pct}`;
}

/** Field added to each row by {@link quantileChart} for the axis label. */
export const QUANTILE_LABEL_FIELD = 'quantileLabel';

/**
 * Latency at each quantile (p50, p90, p99, p99.9…), one line per series. The
 * quantiles are evenly spaced on the axis in increasing order, so the tail gets
 * as much room as the median.
 */
export function quantileChart(o: QuantileChartOptions): ChartDef {
  checkCommon(o);
  checkUnit(o.name, o.value);
  const rows = copyRows(o.name, o.rows, [o.quantileField, o.value.field], o.series ? [o.series.field] : []);
  const quantiles = [...new Set(rows.map((r) => r[o.quantileField] as number))].sort((a, b) => a - b);
  for (const q of quantiles) {
    if (!(q > 0 && q < 1)) throw new ChartInputError(o.name, `quantile ${q} is not in (0, 1)`);
  }
  const logY = o.logY ?? true;
  if (logY && rows.some((r) => (r[o.value.field] as number) <= 0)) {
    throw new ChartInputError(o.name, `log scale needs every "${o.value.field}" > 0; pass logY: false`);
  }
  const labelled = rows.map((r) => ({
    ...r,
    [QUANTILE_LABEL_FIELD]: quantileLabel(r[o.quantileField] as number),
  }));
  const spec: TopLevelSpec = {
    ...frame(o),
    data: { values: labelled },
    mark: { type: 'line', point: true, strokeWidth: 1.5 },
    encoding: {
      x: {
        field: QUANTILE_LABEL_FIELD,
        type: 'ordinal',
        title: 'quantile',
        sort: quantiles.map(quantileLabel),
        axis: { labelAngle: 0 },
      },
      y: {
        field: o.value.field,
        type: 'quantitative',
        title: titleWithUnit(o.value),
        ...(logY ? { scale: { type: 'log' } } : {}),
      },
      ...(o.series
        ? { color: { field: o.series.field, type: 'nominal', title: o.series.title, sort: null } }
        : {}),
    },
  };
  return def(o, spec);
}

/** One histogram bin as {@link binSamples} returns it: `[start, end)`, the last bin closed. */
export interface Bin {
  start: number;
  end: number;
  count: number;
}

/**
 * Bins samples into `bins` equal-width bins between their min and max (or, with
 * `log`, equal width in log10, for latencies spanning decades; samples must then
 * be > 0). Exact and deterministic; feed the result to {@link histogramChart}.
 */
export function binSamples(samples: readonly number[], opts: { bins: number; log?: boolean }): Bin[] {
  if (!(Number.isInteger(opts.bins) && opts.bins > 0))
    throw new RangeError(`bins must be a positive integer, got ${opts.bins}`);
  if (samples.length === 0) return [];
  const log = opts.log === true;
  const t = (v: number): number => (log ? Math.log10(v) : v);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of samples) {
    if (!Number.isFinite(v) || (log && v <= 0))
      throw new RangeError(`sample ${v} cannot be binned${log ? ' on a log scale' : ''}`);
    lo = Math.min(lo, t(v));
    hi = Math.max(hi, t(v));
  }
  // All samples equal: one bin of width 1 (in transformed units) around them.
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / opts.bins;
  const counts = new Array<number>(opts.bins).fill(0);
  for (const v of samples) {
    const i = Math.min(opts.bins - 1, Math.floor((t(v) - lo) / width));
    counts[i] = (counts[i] ?? 0) + 1;
  }
  const back = (u: number): number => (log ? 10 ** u : u);
  return counts.map((count, i) => ({
    start: back(lo + i * width),
    end: back(i === opts.bins - 1 ? hi : lo + (i + 1) * width),
    count,
  }));
}
