import { formatBytes, formatSeconds } from './format-units.ts';
import { fitMarkdown, mdDetails, mdTable } from './markdown.ts';
import type { Report } from './report.ts';
import { expectationHeadline } from './comparison-markdown.ts';
import {
  backendFigures,
  billOf,
  billPhrase,
  billTableRows,
  bottleneckText,
  flatFigures,
  queriesOf,
  QUERY_TABLE_HEADERS,
  queryTableRows,
} from './report-sections.ts';

const n = (x: number) => x.toLocaleString('en-US');

/** report.md of one run: the key figures first, then details folded, always under GitHub's 1 MiB limit. */
export function markdownReport(report: Report): string {
  const l = report.ledger;
  const share = (x: number) => (l.emitted > 0 ? `${((100 * x) / l.emitted).toFixed(3)}%` : '–');
  const title = `## logsim: ${report.scenario.name} (${report.scenario.variant})`;
  const head = [
    `Seed ${report.scenario.seed}, ${formatSeconds(report.scenario.durationSeconds)} virtual, ` +
      `${n(report.run.hosts)} hosts, scenario hash \`${report.scenario.hash}\`.`,
    '',
    mdTable(
      ['figure', 'value', 'share of emitted'],
      [
        ['lines emitted', n(l.emitted), '100%'],
        ['delivered', n(l.delivered), share(l.delivered)],
        ['duplicates', n(l.duplicates), share(l.duplicates)],
        ['lost', n(l.lostTotal), share(l.lostTotal)],
        ['in flight at the end', n(l.inFlight), share(l.inFlight)],
        ['ingest lag p50', formatSeconds(report.lag.p50), ''],
        ['ingest lag p99', formatSeconds(report.lag.p99), ''],
        ['ingest lag max', formatSeconds(report.lag.max), ''],
        ['agent buffer peak (per host)', formatBytes(report.agent.bufferPeakBytes), ''],
      ],
      ['left', 'right', 'right'],
    ),
    `**Bottleneck:** ${bottleneckText(report)}.`,
  ].join('\n');
  const bill = billOf(report);
  const queries = queriesOf(report);
  const figures = backendFigures(report);
  const lost = Object.entries(l.lost);
  // Failed assertions first: they are what a CI reviewer opens the report for.
  const outcomes = [
    ...report.expectations.filter((e) => !e.passed),
    ...report.expectations.filter((e) => e.passed),
  ];
  const failed = outcomes.filter((e) => !e.passed).length;
  const parts = [
    ...(outcomes.length > 0
      ? [
          {
            text: `${title}\n\n${expectationHeadline(failed, outcomes.length)}\n\n${mdTable(
              ['assertion', 'result', 'measured'],
              outcomes.map((e) => [e.assertion, e.passed ? 'pass' : '**FAIL**', e.measuredText]),
            )}`,
            priority: 100,
          },
        ]
      : []),
    { text: outcomes.length > 0 ? head : `${title}\n\n${head}`, priority: 100 },
    {
      text: `### Bill\n\n${billPhrase(bill)}.${
        bill.biggest.length === 0
          ? ''
          : `\n\n${mdTable(['biggest lines', 'USD a month'], billTableRows(bill), ['left', 'right'])}`
      }`,
      priority: 95,
    },
    ...(queries.length > 0
      ? [
          {
            text: `### Queries\n\n${mdTable([...QUERY_TABLE_HEADERS], queryTableRows(queries), [
              'left',
              ...QUERY_TABLE_HEADERS.slice(1).map(() => 'right' as const),
            ])}`,
            priority: 95,
          },
        ]
      : []),
    ...(figures.length > 0
      ? [
          {
            text: `### Backend\n\n${mdTable(['figure', 'value'], figures, ['left', 'right'])}`,
            priority: 85,
          },
        ]
      : []),
    {
      text: mdDetails(
        'Lines lost by cause',
        lost.length === 0
          ? 'No line was lost.'
          : mdTable(
              ['cause', 'lines'],
              lost.map(([c, v]) => [c, n(v)]),
              ['left', 'right'],
            ),
      ),
      priority: 90,
    },
    {
      text: mdDetails(
        'Agents and backend',
        mdTable(
          ['figure', 'value'],
          [
            ...Object.entries(report.agent).map(([k, v]): [string, string] => [`agent.${k}`, n(v)]),
            ...flatFigures('backend', report.backend),
            [
              'needles planted / delivered / lost',
              `${l.needles.planted} / ${l.needles.delivered} / ${l.needles.lost}`,
            ],
            ['events simulated', n(report.run.events)],
          ],
          ['left', 'right'],
        ),
      ),
      priority: 50,
    },
    ...(report.warnings.length > 0
      ? [
          {
            text: mdDetails(
              `Warnings (${report.warnings.length})`,
              mdTable(
                ['kind', 'about', 'what'],
                report.warnings.map((w) => [w.code, `\`${w.path}\``, w.message]),
                ['left', 'left', 'left'],
              ),
            ),
            priority: 80,
          },
        ]
      : []),
  ];
  return fitMarkdown(parts);
}
