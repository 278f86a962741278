/**
 * GitHub-flavoured Markdown helpers for report.md and the CI job summary:
 * tables, collapsed details, and a size budget.
 *
 * GitHub drops a step's whole job summary when it exceeds 1 MiB, so the
 * summary is built from prioritised parts and {@link fitMarkdown} keeps the
 * most important ones that fit, saying where something was left out.
 */

/** A table cell: text, or a number printed as is (format numbers before, for fixed decimals). */
export type MdCell = string | number;

/** Column alignment. */
export type MdAlign = 'left' | 'right' | 'center';

/**
 * Makes text safe inside a table cell: `|` would end the cell and a newline the
 * row, and a backslash could escape our own escape.
 */
export function escapeCell(cell: MdCell): string {
  return String(cell).replaceAll('\\', '\\\\').replaceAll('|', '\\|').replace(/\r?\n/g, '<br>').trim();
}

const ALIGN_RULE: Record<MdAlign, string> = { left: ':---', right: '---:', center: ':---:' };

/**
 * A GFM table. Every row must have as many cells as there are headers;
 * `align` gives one alignment per column (default left; use right for numbers).
 */
export function mdTable(
  headers: readonly string[],
  rows: readonly (readonly MdCell[])[],
  align?: readonly MdAlign[],
): string {
  if (headers.length === 0) throw new RangeError('a Markdown table needs at least one column');
  if (align !== undefined && align.length !== headers.length) {
    throw new RangeError(`align has ${align.length} entries for ${headers.length} columns`);
  }
  const line = (cells: readonly MdCell[]): string => `| ${cells.map(escapeCell).join(' | ')} |`;
  const out = [line(headers), `| ${headers.map((_, i) => ALIGN_RULE[align?.[i] ?? 'left']).join(' | ')} |`];
  rows.forEach((row, i) => {
    if (row.length !== headers.length) {
      throw new RangeError(`row ${i} has ${row.length} cells for ${headers.length} columns`);
    }
    out.push(line(row));
  });
  return `${out.join('\n')}\n`;
}

function escapeSummary(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * A collapsed block. The blank lines around `body` are what makes GitHub render
 * the Markdown inside it instead of showing it raw. `summary` is plain text.
 */
export function mdDetails(summary: string, body: string): string {
  return `<details>\n<summary>${escapeSummary(summary)}</summary>\n\n${body.trim()}\n\n</details>\n`;
}

/** One block of a size-limited document. */
export interface MdPart {
  /** A Markdown block (table, paragraph, details). */
  text: string;
  /** Higher is kept first; equal priorities favour the earlier part. */
  priority: number;
}

/** GitHub's job-summary limit is 1 MiB; stay a little under it. */
export const JOB_SUMMARY_MAX_BYTES = 1_000_000;

/** Stands in for one or more consecutive parts that did not fit. */
export function omittedNote(maxBytes: number): string {
  return `> _Omitted here to keep this summary under ${maxBytes} bytes; the full report has it._`;
}

const SEPARATOR = '\n\n';

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/**
 * Joins `parts` (in their given order, separated by a blank line, ending with a
 * newline) keeping as many of the highest-priority parts as fit in `maxBytes`
 * UTF-8 bytes. Each run of consecutive dropped parts becomes one
 * {@link omittedNote}. The result is always at most `maxBytes` bytes (empty if
 * not even the note fits).
 *
 * Greedy by priority: a part too big to fit is skipped and smaller,
 * lower-priority parts may still get in. Linear in the number of parts after
 * the sort, so it copes with summaries of any size.
 */
export function fitMarkdown(parts: readonly MdPart[], maxBytes: number = JOB_SUMMARY_MAX_BYTES): string {
  const n = parts.length;
  if (n === 0) return '';
  const note = omittedNote(maxBytes);
  const noteBytes = byteLength(note);
  const sepBytes = byteLength(SEPARATOR);
  const sizes = parts.map((p) => byteLength(p.text.trim()));
  const kept = new Array<boolean>(n).fill(false);

  // Start with everything dropped: a single note, plus the final newline.
  let total = noteBytes + 1;
  if (total > maxBytes) return '';

  const order = parts
    .map((_, i) => i)
    .sort((a, b) => (parts[b]?.priority ?? 0) - (parts[a]?.priority ?? 0) || a - b);
  for (const i of order) {
    const size = sizes[i] ?? 0;
    // Keeping part i splits the dropped run around it: the run's note survives
    // on each side that still has dropped neighbours, and vanishes if none do.
    const leftDropped = i > 0 && kept[i - 1] === false;
    const rightDropped = i < n - 1 && kept[i + 1] === false;
    const sides = (leftDropped ? 1 : 0) + (rightDropped ? 1 : 0);
    const delta = size + (sides - 1) * noteBytes + sides * sepBytes;
    if (total + delta <= maxBytes) {
      kept[i] = true;
      total += delta;
    }
  }

  const segments: string[] = [];
  for (let i = 0; i < n; i++) {
    if (kept[i] === true) segments.push(parts[i]?.text.trim() ?? '');
    else if (i === 0 || kept[i - 1] === true) segments.push(note);
  }
  return `${segments.join(SEPARATOR)}\n`;
}
