/**
 * One query's execution plan on one backend, as `sim explain` prints it
 * (decision 05a): what the backend touches, reads and spends to answer it,
 * each figure from that backend's simulated state at the end of the run.
 * Plans of different backends share row labels (touched, read, CPU,
 * latency…), so `sim explain loki.yaml elastic.yaml` lines them up.
 */

export interface QueryPlan {
  /** The column's title: the scenario (and variant) and its backend. */
  readonly title: string;
  /** The query in the backend's own terms (LogQL, Query DSL, grep). */
  readonly query: string;
  /** The needle looked for (needle queries that had one), and whether this backend finds it. */
  readonly needle?: { readonly tsUs: number; readonly found: boolean };
  /** Label → figure, in the backend's order. */
  readonly rows: readonly (readonly [string, string])[];
}

/** The rows every backend's plan may fill, in the order they print. */
const ROW_ORDER = ['touched', 'index', 'matched', 'fetch', 'read', 'bytes read', 'CPU', 'latency'];

/** Plans side by side: one column per plan, the shared rows first in their order, then any others. */
export function formatPlans(plans: readonly QueryPlan[]): string {
  const labels: string[] = [];
  for (const p of plans) for (const [label] of p.rows) if (!labels.includes(label)) labels.push(label);
  const rank = (l: string): number => (ROW_ORDER.includes(l) ? ROW_ORDER.indexOf(l) : ROW_ORDER.length);
  labels.sort((a, b) => rank(a) - rank(b));
  const cell = (p: QueryPlan, label: string): string => p.rows.find((r) => r[0] === label)?.[1] ?? '—';
  const w0 = Math.max(0, ...labels.map((l) => l.length));
  const widths = plans.map((p) => Math.max(p.title.length, ...labels.map((l) => cell(p, l).length)));
  const line = (first: string, cells: readonly string[]): string =>
    [first.padEnd(w0), ...cells.map((c, i) => c.padEnd(widths[i] as number))].join(' │ ').trimEnd();
  const out: string[] = [];
  for (const p of plans) {
    out.push(`${p.title}: ${p.query}`);
    if (p.needle !== undefined)
      out.push(`  needle at ${p.needle.tsUs / 1e6} s: ${p.needle.found ? 'found' : 'not found'}`);
  }
  out.push('');
  out.push(
    line(
      '',
      plans.map((p) => p.title),
    ),
  );
  out.push(
    line(
      '─'.repeat(w0),
      widths.map((w) => '─'.repeat(w)),
    ),
  );
  for (const label of labels)
    out.push(
      line(
        label,
        plans.map((p) => cell(p, label)),
      ),
    );
  return `${out.join('\n')}\n`;
}

/** Three significant digits: a cost model's output is an estimate, not a measurement. */
export function sig3(x: number): string {
  return x === 0 ? '0' : Number(x.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** `n noun` with the noun in the plural unless n is 1 (`plural` defaults to noun + s). */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${count(n)} ${Math.round(n) === 1 ? noun : plural}`;
}

/** An integer with thousands separators. */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Bytes in decimal units (kB = 1000 B), one decimal. */
export function decimalBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}
