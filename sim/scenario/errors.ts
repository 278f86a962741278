/**
 * The errors a user can cause: a bad scenario (with every problem found, each
 * at its line and column) or a bad command line. Both carry a stable string
 * `code` that tests and scripts match on, and the process exit code (2, the
 * convention for "you called me wrong", as opposed to 1 for "the run failed").
 */
import type { LineCounter } from 'yaml';
import { suggestionText } from '../config/diagnostics.ts';

/** Stable codes of scenario diagnostics. Never renamed: scripts and tests match on them. */
export const SCENARIO_ERROR_CODES = [
  'SCENARIO_FILE_UNREADABLE',
  'SCENARIO_YAML_SYNTAX',
  'SCENARIO_DUPLICATE_KEY',
  'SCENARIO_UNKNOWN_KEY',
  'SCENARIO_MISSING_KEY',
  'SCENARIO_WRONG_TYPE',
  'SCENARIO_INVALID_VALUE',
  'SCENARIO_BAD_OVERRIDE',
  'SCENARIO_UNKNOWN_VARIANT',
  'SCENARIO_ENCODING',
  'SCENARIO_TOO_LARGE',
  'SCENARIO_YAML_ALIAS',
] as const;

/** A stable code of a scenario diagnostic. */
export type ScenarioErrorCode = (typeof SCENARIO_ERROR_CODES)[number];

/** The exit code of every user error (bad scenario, bad command line). */
export const USER_ERROR_EXIT_CODE = 2;

/** Where on one line a diagnostic points: the line's text and the caret's span. */
export interface Excerpt {
  /** The source line (a line of the file, or the `--set` argument), without its newline. */
  readonly text: string;
  /** 1-based column of the first character under the caret. */
  readonly col: number;
  /** Caret width in characters (at least 1). */
  readonly width: number;
}

/** One problem in a scenario, with everything needed to find and fix it. */
export interface Diagnostic {
  readonly code: ScenarioErrorCode;
  /** The scenario file (as given by the user). */
  readonly file: string;
  /** 1-based line in `file`; 0 when the problem is not at a file position (an override, an unreadable file). */
  readonly line: number;
  /** 1-based column in `file`; 0 when `line` is 0. */
  readonly col: number;
  /** The key path, `agent.buffer.when_full` or `fleet.services[0].rate`; '' for the whole scenario. */
  readonly path: string;
  /** What was expected and what was found. */
  readonly message: string;
  /** The nearest valid key or value, shown as "(did you mean …?)". */
  readonly suggestion?: string;
  /** The `path=value` argument of the `--set` the problem comes from, if any. */
  readonly override?: string;
  /** The source line and the span to underline. */
  readonly excerpt?: Excerpt;
}

/** A scenario's text and where its lines start, to turn offsets into line:col. */
export interface ScenarioSource {
  /** The file name as given by the user (shown in diagnostics). */
  readonly file: string;
  readonly text: string;
  /** Filled by yaml's parser with the offset of every line start. */
  readonly lineCounter: LineCounter;
}

/**
 * Position and excerpt of the source span [start, end): 1-based line and
 * column, the line's text, and a caret as wide as the span's part on that line.
 */
export function sourceSpan(
  source: ScenarioSource,
  start: number,
  end: number,
): { readonly line: number; readonly col: number; readonly excerpt: Excerpt } {
  const { line, col } = source.lineCounter.linePos(start);
  const lineStart = start - (col - 1);
  let lineEnd = source.text.indexOf('\n', lineStart);
  if (lineEnd === -1) lineEnd = source.text.length;
  const text = source.text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const width = Math.max(1, Math.min(end, lineStart + text.length) - start);
  return { line, col, excerpt: { text, col, width } };
}

/** Width the excerpt is trimmed to, so a long line does not wrap the caret away. */
const EXCERPT_WIDTH = 80;

/** `scenarios/foo.yaml:12:7`, `--set a.b=c`, or just the file. */
export function diagnosticLocation(d: Diagnostic): string {
  if (d.override !== undefined) return `--set ${d.override}`;
  return d.line > 0 ? `${d.file}:${d.line}:${d.col}` : d.file;
}

/** The first line of a diagnostic: location, path, message, suggestion. */
export function formatDiagnosticHeadline(d: Diagnostic): string {
  const where = diagnosticLocation(d);
  const path = d.path === '' ? '' : ` ${d.path}`;
  const hint = d.suggestion === undefined ? '' : ` (${suggestionText(d.suggestion)})`;
  return `${where}${path}: ${d.message}${hint}`;
}

/**
 * The source line and a caret under the bad text, trimmed to about 80 columns
 * around the caret (eemeli/yaml's prettifyError does the same), indented by two.
 */
export function formatExcerpt(excerpt: Excerpt): string {
  const text = excerpt.text.replace(/\t/g, ' ');
  let start = 0;
  let prefix = '';
  // Keep the caret in view: when it starts past the middle, cut the line's head.
  if (excerpt.col > EXCERPT_WIDTH / 2 && text.length > EXCERPT_WIDTH) {
    start = Math.min(excerpt.col - 1 - 20, text.length - EXCERPT_WIDTH + 1);
    prefix = '…';
  }
  let shown = prefix + text.slice(start, start + EXCERPT_WIDTH - prefix.length);
  if (start + EXCERPT_WIDTH - prefix.length < text.length) shown = `${shown.slice(0, -1)}…`;
  const caretCol = excerpt.col - 1 - start + prefix.length;
  const width = Math.max(1, Math.min(excerpt.width, shown.length - caretCol));
  return `  ${shown}\n  ${' '.repeat(Math.max(0, caretCol))}${'^'.repeat(width)}`;
}

/** A diagnostic as printed: headline, then source line and caret when known. */
export function formatDiagnostic(d: Diagnostic): string {
  const head = formatDiagnosticHeadline(d);
  return d.excerpt === undefined ? head : `${head}\n${formatExcerpt(d.excerpt)}`;
}

/**
 * A scenario that cannot be run, with every problem found in it (collected,
 * never thrown one at a time: fixing ten typos should take one run, not ten).
 */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  /** The code of the first diagnostic, for callers that branch on one code. */
  readonly code: ScenarioErrorCode;
  /** The process exit code for a user error. */
  readonly exitCode = USER_ERROR_EXIT_CODE;
  /** Every problem, in file order (file positions first, then overrides). */
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    if (diagnostics.length === 0) throw new TypeError('ScenarioError needs at least one diagnostic');
    const sorted = sortDiagnostics(diagnostics);
    super(sorted.map(formatDiagnosticHeadline).join('\n'));
    this.diagnostics = sorted;
    this.code = sorted[0]!.code;
  }

  /** Every diagnostic with its source line and caret, separated by blank lines. */
  format(): string {
    return this.diagnostics.map(formatDiagnostic).join('\n\n');
  }
}

/** File positions first in file order, then overrides and positionless ones in the order found. */
function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const rank = (d: Diagnostic): number => (d.override === undefined && d.line > 0 ? 0 : 1);
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => rank(a.d) - rank(b.d) || a.d.line - b.d.line || a.d.col - b.d.col || a.i - b.i)
    .map(({ d }) => d);
}

/** Stable codes of command-line errors. */
export type UsageErrorCode =
  'USAGE_UNKNOWN_OPTION' | 'USAGE_MISSING_ARGUMENT' | 'USAGE_INVALID_ARGUMENT' | 'USAGE_ERROR';

/** A command line that cannot be run (unknown option, missing argument, bad value). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** The process exit code for a user error. */
  readonly exitCode = USER_ERROR_EXIT_CODE;

  constructor(
    message: string,
    readonly code: UsageErrorCode = 'USAGE_ERROR',
  ) {
    super(message);
  }
}
