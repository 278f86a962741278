import type { Report } from './report.ts';
import { formatBytes, formatSeconds } from './format-units.ts';
import { billOf, billPhrase, bottleneckOf, queriesOf, queryPhrase } from './report-sections.ts';

/** The few numbers an architect reads first, for the terminal. */
export function terminalSummary(report: Report): string {
  const l = report.ledger;
  const pct = (n: number) => (l.emitted > 0 ? ` (${((100 * n) / l.emitted).toFixed(3)}%)` : '');
  const lines = [
    `${report.scenario.name} [${report.scenario.variant}] seed ${report.scenario.seed}, ` +
      `${report.run.hosts} hosts, ${formatSeconds(report.scenario.durationSeconds)} virtual`,
    `  emitted     ${fmt(l.emitted)} lines`,
    `  delivered   ${fmt(l.delivered)}${pct(l.delivered)}`,
    `  duplicates  ${fmt(l.duplicates)}${pct(l.duplicates)}`,
    `  lost        ${fmt(l.lostTotal)}${pct(l.lostTotal)}${
      l.lostTotal > 0
        ? ` — ${Object.entries(l.lost)
            .map(([c, n]) => `${c} ${fmt(n)}`)
            .join(', ')}`
        : ''
    }`,
    `  in flight   ${fmt(l.inFlight)}`,
    `  lag         p50 ${formatSeconds(report.lag.p50)}, p99 ${formatSeconds(report.lag.p99)}, max ${formatSeconds(report.lag.max)}`,
    `  agent       buffer peak ${formatBytes(report.agent.bufferPeakBytes)} per host, ${fmt(report.agent.retries)} retries`,
  ];
  lines.push(`  bill        ${billPhrase(billOf(report))}`);
  for (const q of queriesOf(report)) lines.push(`  query       ${q.name}: ${queryPhrase(q)}`);
  const bottleneck = bottleneckOf(report);
  if (bottleneck !== undefined) lines.push(`  bottleneck  ${bottleneck}`);
  if (report.warnings.length > 0)
    lines.push(
      `  warnings    ${report.warnings.length} (settings without effect, assumptions: see report.md)`,
    );
  return lines.join('\n');
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
