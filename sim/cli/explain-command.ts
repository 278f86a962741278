import { basename } from 'node:path';
import { Command } from 'commander';
import { formatPlans } from '../query/query-plan.ts';
import { needleCatalogOf, queryPathOf, querySpecsOf, readerOf } from '../run/query-settings.ts';
import { loadScenario } from '../study/simulate.ts';
import { runScenario } from '../run/run-scenario.ts';
import { UsageError } from '../scenario/errors.ts';
import { EXIT } from './exit-codes.ts';
import type { CliIo } from './io.ts';
import { collect } from './study-options.ts';

/**
 * `sim explain a.yaml [b.yaml …] --query NAME [--variant V …]` (decision
 * 05a): runs each scenario (and each variant asked), then prints the plan of
 * the same query on each one's simulated backend as if it ran alone at the
 * end of the run, side by side — Loki's labels → chunks → grep next to
 * Elasticsearch's postings over shards, each with what it touched and read,
 * its CPU and its latency.
 */
export function makeExplainCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('explain')
    .description(
      "run scenarios, then show one query's execution plan on each one's simulated backend (Loki labels → chunks → grep, Elasticsearch postings over shards) side by side, with costs",
    )
    .argument('<scenarios...>', 'scenario YAML files (each gives a column)')
    .requiredOption('--query <name>', 'the query of `queries:` to explain')
    .option(
      '--variant <name>',
      'explain this variant of each file that has it instead of the file as written (repeatable; add "baseline" to keep the file as written too)',
      collect,
      [],
    )
    .option('--set <path=value>', 'override a scenario field (repeatable, as for sim run)', collect, [])
    .action((files: string[], opts: { query: string; set: string[]; variant: string[] }) => {
      const columns: { file: string; variant: string | undefined }[] = [];
      const asked = opts.variant.filter((v) => v !== 'baseline');
      for (const file of files) {
        if (opts.variant.length === 0 || opts.variant.includes('baseline'))
          columns.push({ file, variant: undefined });
        const has = Object.keys(loadScenario(file, { overrides: opts.set }).variants);
        for (const v of asked) if (has.includes(v)) columns.push({ file, variant: v });
      }
      for (const v of asked)
        if (!columns.some((c) => c.variant === v))
          throw new UsageError(
            `no file given has a variant named "${v}" (${files.join(', ')})`,
            'USAGE_INVALID_ARGUMENT',
          );
      const plans = columns.map(({ file, variant }) => {
        const scenario = loadScenario(file, {
          overrides: opts.set,
          ...(variant !== undefined ? { variant } : {}),
        });
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
        const title = `${basename(file)}${variant !== undefined ? ` (${variant})` : ''} · ${result.built.ingest.kind}`;
        return reader.explain(spec, now, {
          title,
          path: queryPathOf(scenario),
          ...(needleTsUs !== undefined ? { needleTsUs } : {}),
        });
      });
      io.stdout(`query ${opts.query}, as if it ran alone at the end of each run\n\n${formatPlans(plans)}`);
      done(EXIT.ok);
    });
}
