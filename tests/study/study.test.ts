// The variants of one scenario, side by side: common random numbers, paired
// differences, every chart spec valid vega-lite, a self-contained page, and
// the same bytes on 1 and on 2 worker threads.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildComparison } from '../../sim/report/comparison.ts';
import { findExternalUrls } from '../../sim/report/html-page.ts';
import { compareScenarioFiles, studyScenario, type Study } from '../../sim/study/study.ts';
import { DEFAULT_MAX_EVENTS } from '../../sim/run/run-scenario.ts';

const SMALL = fileURLToPath(new URL('../report/fixtures/small-variants.yaml', import.meta.url));
const schemaPath = createRequire(import.meta.url).resolve('vega-lite/vega-lite-schema.json');
const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(
  JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>,
);

let serial: Study;
beforeAll(async () => {
  serial = await studyScenario(SMALL, { seeds: 2, maxEvents: DEFAULT_MAX_EVENTS, workers: 1 });
});

describe('variants of one scenario', () => {
  it('runs the baseline and every variant for every seed, in variant-major order', () => {
    expect(serial.runs.map((r) => `${r.variant}/${r.seed}`)).toEqual([
      'baseline/11',
      'baseline/12',
      'same_workload/11',
      'same_workload/12',
      'drop/11',
      'drop/12',
    ]);
    expect(serial.single).toBe(false);
  });

  it('common random numbers: a parameter the workload never reads gives the identical ledger', () => {
    for (const seed of [11, 12]) {
      const base = serial.runs.find((r) => r.variant === 'baseline' && r.seed === seed)!.report;
      const same = serial.runs.find((r) => r.variant === 'same_workload' && r.seed === seed)!.report;
      expect(same.scenario.hash).not.toBe(base.scenario.hash);
      expect(same.ledger).toEqual(base.ledger);
      expect(same.series.columns.emitted).toEqual(base.series.columns.emitted);
    }
    const same = serial.comparison.variants.find((v) => v.name === 'same_workload')!;
    expect(same.differences.lines_lost).toEqual({ mean: 0, ci95: 0 });
  });

  it('common random numbers: a different design still sees the same traffic', () => {
    for (const seed of [11, 12]) {
      const base = serial.runs.find((r) => r.variant === 'baseline' && r.seed === seed)!.report;
      const drop = serial.runs.find((r) => r.variant === 'drop' && r.seed === seed)!.report;
      expect(drop.ledger.emitted).toBe(base.ledger.emitted);
      expect(drop.series.columns.emitted).toEqual(base.series.columns.emitted);
      expect(drop.ledger.lostTotal).toBeGreaterThan(0);
    }
  });

  it('differences are paired by seed, with a Student-t interval', () => {
    const drop = serial.comparison.variants.find((v) => v.name === 'drop')!;
    const lost = (variant: string, seed: number) =>
      serial.runs.find((r) => r.variant === variant && r.seed === seed)!.report.ledger.lostTotal;
    const diffs = [11, 12].map((s) => lost('drop', s) - lost('baseline', s));
    const mean = (diffs[0]! + diffs[1]!) / 2;
    const sd = Math.abs(diffs[0]! - diffs[1]!) / Math.SQRT2;
    expect(drop.differences.lines_lost!.mean).toBeCloseTo(mean, 6);
    expect(drop.differences.lines_lost!.ci95).toBeCloseTo((12.706 * sd) / Math.SQRT2, 3);
    expect(serial.comparison.seeds).toEqual([11, 12]);
  });

  it('checks expectations per variant: drop fails lines_lost == 0 on both seeds, the others pass', () => {
    const outcome = (v: string) => serial.comparison.variants.find((x) => x.name === v)!.expectations;
    expect(outcome('baseline').every((e) => e.passed)).toBe(true);
    const lost = outcome('drop').find((e) => e.assertion === 'lines_lost == 0')!;
    expect(lost).toMatchObject({ passed: false, failedSeeds: [11, 12] });
    expect(lost.measuredText).toMatch(/lines .*\(seed 11\)/);
    expect(serial.comparison.expectationsPassed).toBe(false);
  });

  it('writes a comparison at the top and a full report per variant', () => {
    const files = Object.keys(serial.files);
    for (const f of ['comparison.json', 'report.md', 'report.html']) expect(files).toContain(f);
    for (const v of ['baseline', 'same_workload', 'drop']) {
      for (const f of ['report.json', 'report.md', 'report.html', 'charts/ingest-lag.vl.json'])
        expect(files).toContain(`${v}/${f}`);
    }
    // report.md opens with the failed expectations, then the variants × figures table.
    const md = serial.files['report.md']!;
    expect(md.indexOf('failed assertion')).toBeGreaterThan(0);
    expect(md.indexOf('failed assertion')).toBeLessThan(md.indexOf('| figure |'));
    expect(Buffer.byteLength(md)).toBeLessThan(1_000_000);
  });

  it('every chart spec it writes validates against the vega-lite JSON schema', () => {
    const specs = Object.entries(serial.files).filter(([f]) => f.endsWith('.vl.json'));
    expect(specs.length).toBeGreaterThanOrEqual(4 * 3 + 4);
    for (const [path, text] of specs) {
      const ok = validate(JSON.parse(text));
      expect(validate.errors ?? [], `${path}: ${JSON.stringify(validate.errors?.slice(0, 2))}`).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('each chart has a title, a caption and units on its axes', () => {
    for (const [path, text] of Object.entries(serial.files).filter(([f]) => f.endsWith('.vl.json'))) {
      const spec = JSON.parse(text) as {
        description: string;
        encoding: Record<string, { type?: string; title?: string }>;
      };
      expect(spec.description, path).toMatch(/^.+: .+/);
      for (const ch of ['x', 'y'] as const) {
        const enc = spec.encoding[ch]!;
        if (enc.type === 'quantitative') expect(enc.title, `${path} ${ch}`).toMatch(/\(.+\)$/);
      }
    }
  });

  it('the HTML pages reference no external URL', () => {
    for (const [path, text] of Object.entries(serial.files).filter(([f]) => f.endsWith('.html'))) {
      expect(findExternalUrls(text), path).toEqual([]);
      expect(text).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/(2000\/svg|1999\/xlink))/);
    }
  });

  it('parallel (2 workers) and serial runs give byte-identical files', async () => {
    const parallel = await studyScenario(SMALL, { seeds: 2, maxEvents: DEFAULT_MAX_EVENTS, workers: 2 });
    expect(Object.keys(parallel.files)).toEqual(Object.keys(serial.files));
    for (const [path, text] of Object.entries(serial.files)) expect(parallel.files[path], path).toBe(text);
  });
});

describe('sim compare', () => {
  it('comparing a scenario with itself gives zero differences', async () => {
    const study = await compareScenarioFiles([SMALL, SMALL], {
      seeds: 1,
      maxEvents: DEFAULT_MAX_EVENTS,
      workers: 1,
    });
    expect(study.comparison.variants.map((v) => v.name)).toEqual(['small-variants', 'small-variants-2']);
    const second = study.comparison.variants[1]!;
    for (const m of study.comparison.metrics) expect(second.differences[m.name]?.mean ?? 0, m.name).toBe(0);
    expect(study.runs[1]!.report.ledger).toEqual(study.runs[0]!.report.ledger);
  });

  it('a comparison of the same runs is the same, in any process', () => {
    expect(JSON.stringify(buildComparison(serial.runs))).toBe(JSON.stringify(serial.comparison));
  });
});
