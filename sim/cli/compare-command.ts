import { basename, extname, join } from 'node:path';
import { Command } from 'commander';
import { compareScenarioFiles } from '../study/study.ts';
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

/** `sim compare a.yaml b.yaml …`: separate scenario files side by side, the first as the baseline. */
export function makeCompareCommand(io: CliIo, done: (code: number) => void): Command {
  return addStudyOptions(
    new Command('compare')
      .description(
        'compare scenario files side by side (the first is the baseline): comparison.json, report.md, report.html, one folder per file',
      )
      .argument('<scenarios...>', 'scenario YAML files (at least two)'),
  ).action(async (files: string[], opts: StudyCommandOptions) => {
    if (files.length < 2) {
      io.stderr(
        'sim compare: give at least two scenario files (to compare the variants of one file, use sim run)\n',
      );
      done(2);
      return;
    }
    const progress = progressFor(io, opts);
    let study;
    try {
      study = await compareScenarioFiles(files, studyOptions(opts, progress));
    } finally {
      progress.stop();
    }
    const out =
      opts.out ??
      join('reports', 'compare', files.map((f) => safeDirName(basename(f, extname(f)))).join('-vs-'));
    done(emitStudy(study, out, opts, io, reproduceLine('compare', files, opts)));
  });
}
