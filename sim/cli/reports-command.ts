import { Command } from 'commander';
import { buildExampleReports, EXAMPLE_REPORTS } from '../study/example-reports.ts';
import { EXIT } from './exit-codes.ts';
import type { CliIo } from './io.ts';
import { parseInteger } from './study-options.ts';
import { defaultWorkers } from '../study/run-batch.ts';

/** `sim reports`: regenerates the committed example reports under reports/examples/. */
export function makeReportsCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('reports')
    .description(
      'regenerate the example reports under reports/examples/ (committed; a test checks them byte for byte)',
    )
    .option('--out <dir>', 'where to write them', 'reports/examples')
    .option('--workers <n>', 'worker threads', parseInteger('--workers', 1), defaultWorkers())
    .action(async (opts: { out: string; workers: number }) => {
      const written = await buildExampleReports('.', opts.out, { workers: opts.workers });
      for (const ex of EXAMPLE_REPORTS) {
        const files = written[ex.dir] ?? {};
        const bytes = Object.values(files).reduce((n, t) => n + Buffer.byteLength(t), 0);
        io.stdout(
          `${opts.out}/${ex.dir}: ${Object.keys(files).length} files, ${(bytes / 1024).toFixed(0)} KiB (from ${ex.scenario})\n`,
        );
      }
      done(EXIT.ok);
    });
}
