/**
 * Which runs a command needs, as worker jobs, validated before anything runs:
 *
 *   sim run s.yaml            → one job per variant (baseline first, then `variants:` in file order) × seed
 *   sim compare a.yaml b.yaml → one job per file (as written) × seed
 *
 * Seeds are the scenario's seed (or `--seed`) and the next N−1 integers. Every
 * variant of a seed uses that same seed, so variants share the workload and
 * fault random streams (common random numbers) and their difference is the design's.
 *
 * Every (file, variant) is loaded and checked here, in the calling thread, so
 * a scenario error or an over-budget run stops the command with its proper
 * message and exit code before a worker starts.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { estimateEvents } from '../run/run-scenario.ts';
import { EventLimitExceeded } from '../run/run-errors.ts';
import { budgetRemedies, checkMemoryBudget } from '../run/estimate-memory.ts';
import { loadScenarioFromText } from './simulate.ts';
import { ScenarioError } from '../scenario/errors.ts';
import { decodeScenarioBytes } from '../scenario/scenario-text.ts';
import { safeDirName } from '../report/report-paths.ts';
import type { RunJob } from './run-job.ts';

/** Options shared by both plans. */
export interface PlanOptions {
  /** Runs per variant (≥ 1). */
  readonly seeds: number;
  /** First seed; default the scenario's own. */
  readonly seed?: number;
  /** `--set` overrides for every run. */
  readonly overrides?: readonly string[];
  readonly maxEvents: number;
}

/** A scenario file read once, so every job gets the same text. */
export interface ScenarioText {
  readonly file: string;
  readonly text: string;
}

/** Reads a scenario file (a missing file is a ScenarioError, like the loader's). */
export function readScenario(file: string): ScenarioText {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new ScenarioError([
      {
        code: 'SCENARIO_FILE_UNREADABLE',
        file,
        line: 0,
        col: 0,
        path: '',
        message: `cannot read ${file}: ${(e as Error).message}`,
      },
    ]);
  }
  return { file, text: decodeScenarioBytes(bytes, file) };
}

function seedsFrom(first: number, count: number): number[] {
  if (!(Number.isInteger(count) && count >= 1))
    throw new RangeError(`seeds must be a positive integer, got ${count}`);
  return Array.from({ length: count }, (_, i) => first + i);
}

/** Loads one (file, variant), checks its event budget, returns its seed. */
function check(source: ScenarioText, variant: string | undefined, options: PlanOptions): number {
  const scenario = loadScenarioFromText(source.text, source.file, {
    overrides: options.overrides ?? [],
    ...(variant !== undefined ? { variant } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  const estimate = estimateEvents(scenario);
  if (estimate > options.maxEvents)
    throw new EventLimitExceeded(estimate, options.maxEvents, false, budgetRemedies(scenario));
  checkMemoryBudget(scenario);
  return scenario.seed;
}

/**
 * The jobs of `sim run` on a scenario: the baseline and every variant (or
 * only `only`, when given), each for every seed; variant-major order.
 */
export function planVariants(source: ScenarioText, options: PlanOptions & { only?: string }): RunJob[] {
  const base = loadScenarioFromText(source.text, source.file, { overrides: options.overrides ?? [] });
  const names = options.only !== undefined ? [options.only] : ['baseline', ...Object.keys(base.variants)];
  const problems: ScenarioError[] = [];
  const firstSeeds = new Map<string, number>();
  for (const name of names) {
    try {
      firstSeeds.set(name, check(source, name === 'baseline' ? undefined : name, options));
    } catch (e) {
      if (e instanceof ScenarioError) problems.push(e);
      else throw e;
    }
  }
  if (problems.length > 0) throw new ScenarioError(problems.flatMap((p) => p.diagnostics));
  const first = options.seed ?? base.seed;
  const seeds = seedsFrom(first, options.seeds);
  return names.flatMap((name) =>
    seeds.map((seed): RunJob => ({
      file: source.file,
      text: source.text,
      ...(name === 'baseline' ? {} : { variant: name }),
      label: name,
      seed,
      overrides: [...(options.overrides ?? [])],
      maxEvents: options.maxEvents,
    })),
  );
}

/**
 * The jobs of `sim compare`: each file as written, labelled by its file name
 * (made unique with -2, -3… when two files share a name), for every seed.
 * The first file is the baseline. Seeds come from `--seed` or the first file.
 */
export function planFiles(sources: readonly ScenarioText[], options: PlanOptions): RunJob[] {
  const labels: string[] = [];
  for (const s of sources) {
    const stem = safeDirName(basename(s.file, extname(s.file)));
    let label = stem;
    for (let k = 2; labels.includes(label); k++) label = `${stem}-${k}`;
    labels.push(label);
  }
  const problems: ScenarioError[] = [];
  const firstSeeds: number[] = [];
  for (const s of sources) {
    try {
      firstSeeds.push(check(s, undefined, options));
    } catch (e) {
      if (e instanceof ScenarioError) problems.push(e);
      else throw e;
    }
  }
  if (problems.length > 0) throw new ScenarioError(problems.flatMap((p) => p.diagnostics));
  const seeds = seedsFrom(options.seed ?? firstSeeds[0] ?? 1, options.seeds);
  return sources.flatMap((s, i) =>
    seeds.map((seed): RunJob => ({
      file: s.file,
      text: s.text,
      label: labels[i] ?? s.file,
      seed,
      overrides: [...(options.overrides ?? [])],
      maxEvents: options.maxEvents,
    })),
  );
}
