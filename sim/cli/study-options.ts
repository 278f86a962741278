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

/**
 * A commander parser for whole numbers in [`min`, `max`]: `20`, `1_000_000`,
 * `1e9` (what a shell user types for a billion); a fraction or a word is refused
 * with what was expected.
 */
export function parseInteger(what: string, min = 0, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const written = value.trim().replace(/_/g, '');
    const n = /^\d+$/.test(written) || /^\d+(\.\d+)?e\+?\d+$/i.test(written) ? Number(written) : NaN;
    const range = `${min > 0 ? ` ≥ ${min}` : ''}${max < Number.MAX_SAFE_INTEGER ? ` and ≤ ${max.toLocaleString('en-US')}` : ''}`;
    if (!Number.isSafeInteger(n))
      throw new InvalidArgumentError(
        `expected a whole number${range} for ${what} (such as 20, 1_000_000 or 1e9), got "${value}"`,
      );
    if (n < min || n > max)
      throw new InvalidArgumentError(
        `expected a whole number${range} for ${what}, got ${n.toLocaleString('en-US')}${max < n && what === '--seeds' ? ' (each seed is a whole run of every variant)' : ''}`,
      );
    return n;
  };
}

/** The most seeds per variant (each is a whole run), and worker threads, a command takes. */
export const MAX_SEEDS = 10_000;
export const MAX_WORKERS = 256;

/** Commander's accumulator for a repeatable option (`--set a=1 --set b=2`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Adds the shared options to a command. */
export function addStudyOptions(command: Command): Command {
  return command
    .option('-o, --out <dir>', 'report directory')
    .option('--seed <n>', "first seed (default: the scenario's seed)", parseInteger('--seed'))
    .addOption(
      new Option('--seeds <n>', 'seeds per variant: mean and 95% confidence interval of each figure')
        .argParser(parseInteger('--seeds', 1, MAX_SEEDS))
        .default(1),
    )
    .addOption(
      new Option('--workers <n>', 'worker threads (1 = serial); the report is the same either way')
        .argParser(parseInteger('--workers', 1, MAX_WORKERS))
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
