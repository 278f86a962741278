import { join } from 'node:path';
import { Command } from 'commander';
import { studyScenario } from '../study/study.ts';
import { safeDirName } from '../report/report-paths.ts';
import type { CliIo } from './io.ts';
import {
  addStudyOptions,
  progressFor,
  reproduceLine,
  studyOptions,
  type StudyCommandOptions,
} from './study-options.ts';
import { emitStudy } from './study-output.ts';

export { parseInteger } from './study-options.ts';

/** Options of `sim run`, as commander parses them. */
export interface RunCommandOptions extends StudyCommandOptions {
  variant?: string;
}

/**
 * `sim run`: a scenario, its baseline and every variant of its `variants:`
 * (or one with --variant), for --seeds seeds each; report written atomically.
 */
export function makeRunCommand(io: CliIo, done: (code: number) => void): Command {
  return addStudyOptions(
    new Command('run')
      .description(
        'simulate a scenario (and each of its variants) and write its report: report.json/comparison.json, report.md, report.html, charts/',
      )
      .argument('<scenario>', 'scenario YAML file')
      .option('--variant <name>', 'run only this variant ("baseline" = the scenario as written)'),
  ).action(async (file: string, opts: RunCommandOptions) => {
    const progress = progressFor(io, opts);
    let study;
    try {
      study = await studyScenario(file, {
        ...studyOptions(opts, progress),
        ...(opts.variant !== undefined ? { only: opts.variant } : {}),
      });
    } finally {
      progress.stop();
    }
    const name = study.runs[0]?.report.scenario.name ?? 'scenario';
    const variantDir =
      opts.variant !== undefined && opts.variant !== 'baseline' ? [safeDirName(opts.variant)] : [];
    const out = opts.out ?? join('reports', name, ...variantDir);
    const variant = opts.variant !== undefined ? ` --variant ${opts.variant}` : '';
    done(emitStudy(study, out, opts, io, reproduceLine('run', [file], opts, variant)));
  });
}
