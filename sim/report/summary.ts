import type { Report } from './report.ts';

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
  return lines.join('\n');
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatSeconds(s: number): string {
  if (s === 0) return '0s';
  if (s < 1) return `${(s * 1000).toFixed(s < 0.01 ? 2 : 0)}ms`;
  if (s < 120) return `${s.toFixed(s < 10 ? 2 : 1)}s`;
  if (s < 7200) return `${(s / 60).toFixed(1)}m`;
  return `${(s / 3600).toFixed(1)}h`;
}

export function formatBytes(b: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = b;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)}${units[i]}`;
}
