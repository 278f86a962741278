/**
 * Options shared by `sim run` and `sim compare`: seeds, workers, overrides,
 * the event budget, and the outputs (JSON, JUnit, CI job summary).
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_MAX_EVENTS } from '../run/run-scenario.ts';
import { defaultWorkers } from '../study/run-batch.ts';
import type { StudyOptions } from '../study/study.ts';
import type { CliIo } from './io.ts';
import { createProgress, noProgress, type ProgressReporter } from './progress.ts';
import type { OutputOptions } from './study-output.ts';

/** Options as commander parses them. */
export interface StudyCommandOptions extends OutputOptions {
  out?: string;
  seed?: number;
  seeds: number;
  workers: number;
  set: string[];
  maxEvents: number;
}

/** A commander parser for whole numbers ≥ `min`. */
export function parseInteger(what: string, min = 0) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min) {
      throw new InvalidArgumentError(
        `expected a whole number${min > 0 ? ` ≥ ${min}` : ''} for ${what}, got "${value}"`,
      );
    }
    return Number(value);
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Adds the shared options to a command. */
export function addStudyOptions(command: Command): Command {
  return command
    .option('-o, --out <dir>', 'report directory')
    .option('--seed <n>', "first seed (default: the scenario's seed)", parseInteger('--seed'))
    .addOption(
      new Option('--seeds <n>', 'seeds per variant: mean and 95% confidence interval of each figure')
        .argParser(parseInteger('--seeds', 1))
        .default(1),
    )
    .addOption(
      new Option('--workers <n>', 'worker threads (1 = serial); the report is the same either way')
        .argParser(parseInteger('--workers', 1))
        .default(defaultWorkers(), 'the number of cores'),
    )
    .option('--set <path=value>', 'override a scenario field (repeatable)', collect, [])
    .addOption(
      new Option('--max-events <n>', 'refuse or stop runs that need more events than this')
        .argParser(parseInteger('--max-events'))
        .default(DEFAULT_MAX_EVENTS),
    )
    .option(
      '--junit <file>',
      'write the expect: assertions as JUnit XML (one test case per assertion per variant)',
    )
    .option(
      '--summary',
      'append report.md to the file named by $GITHUB_STEP_SUMMARY (GitHub Actions job summary)',
    )
    .option('--json', 'print the report JSON on stdout instead of the summary')
    .option('-q, --quiet', 'print nothing but errors');
}

/** The library options of a parsed command line; progress goes to stderr only on a terminal. */
export function studyOptions(opts: StudyCommandOptions, progress: ProgressReporter): StudyOptions {
  return {
    seeds: opts.seeds,
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    overrides: opts.set,
    maxEvents: opts.maxEvents,
    workers: opts.workers,
    onProgress: (done, total) => progress.update(done, total, total === 1000 ? 'virtual time (‰)' : 'runs'),
  };
}

/** A progress bar on stderr when it is a terminal and stdout is not carrying JSON. */
export function progressFor(io: CliIo, opts: OutputOptions): ProgressReporter {
  return io.stderrIsTty && opts.json !== true && opts.quiet !== true ? createProgress() : noProgress;
}

/** How to re-run the same thing: shown under the summary. */
export function reproduceLine(
  command: string,
  files: readonly string[],
  opts: StudyCommandOptions,
  extra = '',
): string {
  const seed = opts.seed !== undefined ? ` --seed ${opts.seed}` : '';
  const seeds = opts.seeds > 1 ? ` --seeds ${opts.seeds}` : '';
  return `sim ${command} ${files.join(' ')}${extra}${seed}${seeds}${opts.set.map((s) => ` --set ${s}`).join('')}`;
}
