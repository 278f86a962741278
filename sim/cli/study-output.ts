/**
 * What `sim run` and `sim compare` do with a finished study: write the report
 * atomically, the JUnit file and the CI job summary when asked, print the
 * summary or the JSON, and choose the exit code (1 when an expectation failed).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { comparisonJson } from '../report/comparison.ts';
import { comparisonSummary } from '../report/comparison-summary.ts';
import { expectationJUnit } from '../report/expectation-junit.ts';
import { reportJson } from '../report/report.ts';
import type { Study } from '../study/study.ts';
import { terminalSummary } from '../report/summary.ts';
import { writeFileAtomic } from '../report/atomic-write.ts';
import { replaceReportDirectory, type SwapMoment } from '../report/report-directory.ts';
import { EXIT } from './exit-codes.ts';
import type { CliIo } from './io.ts';

/** Output options shared by `sim run` and `sim compare`. */
export interface OutputOptions {
  json?: boolean;
  quiet?: boolean;
  junit?: string;
  summary?: boolean;
}

/** Writes and prints a study's results; returns the exit code. */
export function emitStudy(
  study: Study,
  out: string,
  opts: OutputOptions,
  io: CliIo,
  reproduce: string,
): number {
  // The whole report directory is swapped in at once; a JUnit file inside it is part of it.
  const files: Record<string, string> = { ...study.files };
  const junitInside = opts.junit !== undefined ? insideDir(out, opts.junit) : undefined;
  if (opts.junit !== undefined && junitInside !== undefined)
    files[junitInside] = expectationJUnit(study.comparison);
  replaceReportDirectory(out, files, { pause: swapPause(io.env) });
  if (opts.junit !== undefined && junitInside === undefined) {
    mkdirSync(dirname(opts.junit), { recursive: true });
    writeFileAtomic(opts.junit, expectationJUnit(study.comparison));
  }
  if (opts.summary === true) {
    const target = io.env.GITHUB_STEP_SUMMARY;
    const md = study.files['report.md'] ?? '';
    if (target !== undefined && target !== '') appendFileSync(target, md.endsWith('\n') ? md : `${md}\n`);
    else if (opts.quiet !== true)
      io.stderr('sim: --summary: GITHUB_STEP_SUMMARY is not set; nothing appended\n');
  }
  const first = study.runs[0];
  if (opts.json === true) {
    io.stdout(
      study.single && first !== undefined ? reportJson(first.report) : comparisonJson(study.comparison),
    );
  } else if (opts.quiet !== true) {
    io.stdout(
      `${study.single && first !== undefined ? terminalSummary(first.report) : comparisonSummary(study.comparison)}\n`,
    );
    if (study.single && first !== undefined) {
      for (const e of first.report.expectations)
        io.stdout(
          `  expect      ${e.passed ? 'pass' : 'FAIL'} ${e.assertion} (measured ${e.measuredText})\n`,
        );
    }
    io.stdout(
      `  report      ${join(out, study.single ? 'report.json' : 'comparison.json')} (${study.runs.length} run${study.runs.length === 1 ? '' : 's'})\n`,
    );
    io.stdout(`  reproduce   ${reproduce}\n`);
  }
  if (!study.comparison.expectationsPassed) {
    const failed = study.comparison.variants.flatMap((v) =>
      v.expectations
        .filter((e) => !e.passed)
        .map((e) => `${v.name}: ${e.assertion} (measured ${e.measuredText})`),
    );
    io.stderr(
      `sim: ${failed.length} expectation${failed.length === 1 ? '' : 's'} failed:\n${failed.map((f) => `  ${f}\n`).join('')}`,
    );
    return EXIT.expectFailed;
  }
  return EXIT.ok;
}

/** `file` relative to `dir` when it lies inside it, else undefined. */
function insideDir(dir: string, file: string): string | undefined {
  const rel = relative(resolve(dir), resolve(file));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : undefined;
}

/**
 * LOGSIM_TEST_SWAP_PAUSE_MS=<ms> holds the writer that long at every moment of
 * the report swap, so a test can kill it there; unset, nothing waits.
 */
function swapPause(env: CliIo['env']): ((moment: SwapMoment) => void) | undefined {
  const ms = Number(env.LOGSIM_TEST_SWAP_PAUSE_MS ?? '');
  if (!(ms > 0)) return undefined;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  return () => void Atomics.wait(cell, 0, 0, ms);
}
