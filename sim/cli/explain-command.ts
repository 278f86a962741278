import { Command } from 'commander';
import { needleCatalogOf, queryPathOf, querySpecsOf, readerOf } from '../run/query-settings.ts';
import { loadScenario } from '../study/simulate.ts';
import { runScenario } from '../run/run-scenario.ts';
import { UsageError } from '../scenario/errors.ts';
import { EXIT } from './exit-codes.ts';
import type { CliIo } from './io.ts';
import { collect } from './study-options.ts';

/**
 * `sim explain scenario.yaml --query NAME` (decision 05a): runs the scenario,
 * then prints both execution plans of one of its `queries:` as if it ran at
 * the end of the run — the Loki plan and an inverted-index plan, side by side.
 */
export function makeExplainCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('explain')
    .description(
      "run a scenario, then show one query's two execution plans (Loki labels → chunks → grep vs inverted index) with their costs",
    )
    .argument('<scenario>', 'scenario YAML file')
    .requiredOption('--query <name>', 'the query of `queries:` to explain')
    .option('--set <path=value>', 'override a scenario field (repeatable, as for sim run)', collect, [])
    .action((file: string, opts: { query: string; set: string[] }) => {
      const scenario = loadScenario(file, { overrides: opts.set });
      const spec = querySpecsOf(scenario).find((q) => q.name === opts.query);
      if (spec === undefined) {
        const names = scenario.queries.map((q) => q.name).join(', ') || 'none';
        throw new UsageError(
          `no query named "${opts.query}" in ${file} (its queries: ${names})`,
          'USAGE_INVALID_ARGUMENT',
        );
      }
      const result = runScenario(scenario);
      const reader = readerOf(result.built);
      const now = scenario.duration;
      let needleTsUs: number | undefined;
      if (spec.query.kind === 'needle') {
        const needles = needleCatalogOf(result.ticks, result.cohorts);
        needles.refresh();
        // The most recent needle old enough to ask for.
        needleTsUs = needles
          .between(Math.max(0, now - spec.rangeUs), now - spec.needleMinAgeUs, spec.match['service'])
          .at(-1)?.tsUs;
      }
      io.stdout(
        reader.explain(spec, now, {
          path: queryPathOf(scenario),
          ...(needleTsUs !== undefined ? { needleTsUs } : {}),
        }),
      );
      done(EXIT.ok);
    });
}
