/**
 * The library calls behind `sim run` and `sim compare`: plan the runs,
 * run them (worker threads), compare them, and build every report file.
 *
 *   scenario file(s) ──run-plan──▶ jobs (variant × seed) ──run-batch──▶ runs (job order)
 *        ──buildComparison──▶ comparison ──report-bundle──▶ files (relative path → text)
 *
 * One variant and one seed give a plain run report (report.json at the top);
 * anything more gives a comparison (comparison.json at the top, one folder per variant).
 */
import { buildComparison, type Comparison, type VariantRun } from '../report/comparison.ts';
import { comparisonReportFiles, runReportFiles } from '../report/report-bundle.ts';
import { runBatch, type BatchOptions } from './run-batch.ts';
import { planFiles, planVariants, readScenario, type PlanOptions } from './run-plan.ts';
import type { RunJob } from './run-job.ts';

/** Options of a study: what to run, and how. */
export type StudyOptions = PlanOptions & BatchOptions;

/** A finished study. */
export interface Study {
  readonly runs: readonly VariantRun[];
  readonly comparison: Comparison;
  /** True when there was one run: `files` is then that run's plain report. */
  readonly single: boolean;
  /** Report files, relative path → content. */
  readonly files: Record<string, string>;
}

/** Runs planned jobs and builds the comparison and the report files. */
export async function runStudy(jobs: readonly RunJob[], options: BatchOptions): Promise<Study> {
  const runs = await runBatch(jobs, options);
  const comparison = buildComparison(runs);
  const only = runs.length === 1 ? runs[0] : undefined;
  const files =
    only !== undefined ? await runReportFiles(only.report) : await comparisonReportFiles(comparison, runs);
  return { runs, comparison, single: only !== undefined, files };
}

/** `sim run`: the scenario's baseline and every variant (or just `only`), each for `seeds` seeds. */
export async function studyScenario(file: string, options: StudyOptions & { only?: string }): Promise<Study> {
  return runStudy(planVariants(readScenario(file), options), options);
}

/** `sim compare`: separate scenario files side by side, the first as the baseline. */
export async function compareScenarioFiles(files: readonly string[], options: StudyOptions): Promise<Study> {
  return runStudy(planFiles(files.map(readScenario), options), options);
}
