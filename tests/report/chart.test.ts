import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  CHART_HEIGHT_PX,
  CHART_WIDTH_PX,
  ChartInputError,
  binSamples,
  lineChart,
  quantileLabel,
} from '../../sim/report/chart.ts';
import { chartSpecFiles } from '../../sim/report/html-page.ts';
import { sampleCharts } from './chart-fixtures.ts';

const schemaPath = createRequire(import.meta.url).resolve('vega-lite/vega-lite-schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
// The vega-lite schema is draft-07 (Ajv's default) and uses a few keywords Ajv's strict mode
// flags; its only formats are uri/uri-reference on $schema and data URLs, which we do not use.
const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);

describe('chart builders', () => {
  for (const chart of sampleCharts()) {
    it(`${chart.name}: spec validates against the vega-lite schema`, () => {
      const ok = validate(chart.spec);
      expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3), null, 2)).toEqual([]);
      expect(ok).toBe(true);
    });

    it(`${chart.name}: inlines its data, fixed size, every quantitative axis has a unit`, () => {
      // Read the spec as the JSON it becomes; TopLevelSpec is a union too wide to index directly.
      const spec = chart.spec as unknown as {
        data: { values?: unknown; url?: unknown };
        width: unknown;
        height: unknown;
        mark: { type: string };
        encoding: Record<'x' | 'y', { type: string; title: string }>;
      };
      expect(Array.isArray(spec.data.values)).toBe(true);
      expect(spec.data.url).toBeUndefined();
      expect(spec.width).toBe(CHART_WIDTH_PX);
      if (spec.mark.type === 'bar') expect(Number.isInteger(spec.height)).toBe(true);
      else expect(spec.height).toBe(CHART_HEIGHT_PX);
      for (const channel of ['x', 'y'] as const) {
        const enc = spec.encoding[channel];
        if (enc.type === 'quantitative') expect(enc.title).toMatch(/\(.+\)$/);
      }
      expect(JSON.stringify(chart.spec)).not.toMatch(/"param_\d|"name":"(?:brush|selector)\d/);
    });
  }

  it('the validator does reject a broken spec (so the checks above mean something)', () => {
    const broken = { ...sampleCharts()[0]!.spec, mark: 'sparkline' };
    expect(validate(broken)).toBe(false);
  });

  it('the spec files (with $schema) validate too', () => {
    for (const [path, text] of Object.entries(chartSpecFiles(sampleCharts()))) {
      expect(validate(JSON.parse(text)), path).toBe(true);
    }
  });

  it('builds the same spec twice (no ids, no clock)', () => {
    expect(JSON.stringify(sampleCharts())).toBe(JSON.stringify(sampleCharts()));
  });

  it('rejects a missing unit, a bad name, a non-finite value, a multi-line caption', () => {
    const base = {
      name: 'ok',
      title: 't',
      caption: 'c',
      rows: [{ x: 1, y: 2 }],
      x: { field: 'x', title: 'time', unit: 's' },
      y: { field: 'y', title: 'fill', unit: 'MiB' },
    };
    expect(() => lineChart(base)).not.toThrow();
    expect(() => lineChart({ ...base, y: { field: 'y', title: 'fill', unit: ' ' } })).toThrow(/no unit/);
    expect(() => lineChart({ ...base, name: 'Bad Name' })).toThrow(ChartInputError);
    expect(() => lineChart({ ...base, rows: [{ x: 1, y: Number.NaN }] })).toThrow(/finite number/);
    expect(() => lineChart({ ...base, rows: [{ x: 1 }] })).toThrow(/finite number/);
    expect(() => lineChart({ ...base, caption: 'a\nb' })).toThrow(/one line/);
    expect(() => lineChart({ ...base, rows: [{ x: 1, y: 0 }], logY: true })).toThrow(/logY/);
  });

  it('labels quantiles the way latency is written', () => {
    expect([0.5, 0.9, 0.99, 0.999, 0.9999].map(quantileLabel)).toEqual([
      'p50',
      'p90',
      'p99',
      'p99.9',
      'p99.99',
    ]);
  });

  it('binSamples keeps every sample and covers the range', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => 1 + ((i * 7919) % 997));
    for (const log of [false, true]) {
      const bins = binSamples(samples, { bins: 17, log });
      expect(bins).toHaveLength(17);
      expect(bins.reduce((s, b) => s + b.count, 0)).toBe(samples.length);
      expect(bins[0]!.start).toBeCloseTo(1);
      expect(bins.at(-1)!.end).toBeCloseTo(997);
      for (let i = 1; i < bins.length; i++) expect(bins[i]!.start).toBeCloseTo(bins[i - 1]!.end);
    }
    expect(binSamples([3, 3, 3], { bins: 4 }).reduce((s, b) => s + b.count, 0)).toBe(3);
    expect(binSamples([], { bins: 4 })).toEqual([]);
    expect(() => binSamples([0, 1], { bins: 4, log: true })).toThrow(/log scale/);
  });
});
