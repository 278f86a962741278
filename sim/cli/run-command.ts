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
import { writeFileAtomic } from '../report/atomic-write.ts';
import { loadScenario, simulateScenario } from '../study/simulate.ts';
import { formatSizing, sizeComponents, sizedComponents } from '../study/sizing.ts';

export { parseInteger } from './study-options.ts';

/** Options of `sim run`, as commander parses them. */
export interface RunCommandOptions extends StudyCommandOptions {
  variant?: string;
  size?: boolean;
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
      .option('--variant <name>', 'run only this variant ("baseline" = the scenario as written)')
      .option(
        '--size',
        'also search the smallest count of each component (distributors, ingesters; data nodes) that keeps up: lag p99 ≤ 5 s, nothing lost or refused; printed and written to sizing.json',
      ),
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
    const code = emitStudy(study, out, opts, io, reproduceLine('run', [file], opts, variant));
    if (opts.size === true && code === 0) {
      const selection = {
        ...(opts.variant !== undefined ? { variant: opts.variant } : {}),
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      };
      const scenario = loadScenario(file, { ...selection, overrides: opts.set });
      const sizing = sizeComponents(
        sizedComponents(scenario),
        (overrides) =>
          simulateScenario(
            loadScenario(file, { ...selection, overrides: [...opts.set, ...overrides] }),
            opts.variant ?? 'baseline',
            { maxEvents: opts.maxEvents },
          ).report,
      );
      writeFileAtomic(join(out, 'sizing.json'), `${JSON.stringify(sizing, null, 2)}\n`);
      if (opts.quiet !== true) io.stdout(`${formatSizing(sizing)}\n`);
    }
    done(code);
  });
}
