import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_MAX_EVENTS } from '../run/run-scenario.ts';
import { simulateFile } from '../run/simulate.ts';
import { reportJson } from '../report/report.ts';
import { terminalSummary } from '../report/summary.ts';
import { reportFiles, writeReport } from '../report/write-report.ts';
import { EXIT } from './exit-codes.ts';
import type { CliIo } from './io.ts';
import { createProgress, noProgress } from './progress.ts';

/** Options of `sim run`, as commander parses them. */
export interface RunCommandOptions {
  out?: string;
  seed?: number;
  set: string[];
  variant?: string;
  maxEvents: number;
  json?: boolean;
  quiet?: boolean;
}

export function parseInteger(what: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected a whole number for ${what}, got "${value}"`);
    return Number(value);
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `sim run`: one scenario (or one of its variants), report written atomically. */
export function makeRunCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('run')
    .description('simulate a scenario and write its report (report.json, report.md)')
    .argument('<scenario>', 'scenario YAML file')
    .option('-o, --out <dir>', 'report directory (default: reports/<scenario name>[/<variant>])')
    .option('--seed <n>', "replace the scenario's seed", parseInteger('--seed'))
    .option('--set <path=value>', 'override a scenario field (repeatable)', collect, [])
    .option('--variant <name>', 'run one of the scenario\'s variants ("baseline" = as written)')
    .addOption(
      new Option('--max-events <n>', 'refuse or stop runs that need more events than this')
        .argParser(parseInteger('--max-events'))
        .default(DEFAULT_MAX_EVENTS),
    )
    .option('--json', 'print report.json on stdout instead of the summary')
    .option('-q, --quiet', 'print nothing but errors')
    .action((file: string, opts: RunCommandOptions) => {
      const startedMs = performance.now();
      const progress = io.stderrIsTty && opts.json !== true ? createProgress() : noProgress;
      let simulated;
      try {
        simulated = simulateFile(
          file,
          {
            overrides: opts.set,
            ...(opts.variant !== undefined ? { variant: opts.variant } : {}),
            ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
          },
          { maxEvents: opts.maxEvents, onProgress: (f) => progress.update(f, 1, 'virtual time') },
        );
      } finally {
        progress.stop();
      }
      const { scenario, report } = simulated;
      const variantDir = opts.variant !== undefined && opts.variant !== 'baseline' ? opts.variant : undefined;
      const out = opts.out ?? join('reports', scenario.name, ...(variantDir !== undefined ? [variantDir] : []));
      writeReport(out, reportFiles(report));
      if (opts.json === true) io.stdout(reportJson(report));
      else if (opts.quiet !== true) {
        const wallSeconds = (performance.now() - startedMs) / 1000;
        io.stdout(`${terminalSummary(report)}\n`);
        io.stdout(
          `  report      ${join(out, 'report.json')} (${report.run.events.toLocaleString('en-US')} events, ${wallSeconds.toFixed(2)}s wall)\n` +
            `  reproduce   sim run ${file} --seed ${scenario.seed}${opts.variant !== undefined ? ` --variant ${opts.variant}` : ''}${opts.set.map((s) => ` --set ${s}`).join('')}\n`,
        );
      }
      done(EXIT.ok);
    });
}
