/**
 * One fuzz case: scenario files and a command line, run through the real CLI
 * in this process, and what it did wrong if anything. The promise checked is
 * the one the README makes to every input: exit 0, 1 or 2 (3 would be a
 * simulator bug, anything else a crash), never a JavaScript stack trace on
 * stderr, and conservation in every report written.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { main } from '../../sim/cli/main.ts';
import { memoryIo } from '../../sim/cli/io.ts';

/** A case: files to lay in a fresh directory, and the arguments after `sim` (paths relative to it). */
export interface FuzzCase {
  /** What produced it (for the failure message and the replay). */
  readonly label: string;
  readonly files: Readonly<Record<string, string | Uint8Array>>;
  readonly argv: readonly string[];
}

/** What a case did. */
export interface FuzzOutcome {
  readonly code: number;
  readonly stderr: string;
  /** Reports written (report.json of a run, each variant's of a comparison). */
  readonly reports: number;
  /** Broken promises; empty when the case behaved. */
  readonly problems: readonly string[];
}

/** Exit codes an input may give: success, a failed expectation, a usage or scenario error. */
const ALLOWED_CODES = new Set([0, 1, 2]);

/** A line of a V8 stack trace: `    at fn (file.ts:12:5)`. */
const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;

interface LedgerView {
  readonly emitted: number;
  readonly delivered: number;
  readonly lostTotal: number;
  readonly inFlight: number;
}

/** Every report.json under `dir`, parsed. */
function reportsUnder(dir: string): unknown[] {
  if (!existsSync(dir)) return [];
  const found: unknown[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory() || e.isSymbolicLink()) {
        if (!e.name.startsWith('.')) walk(p);
      } else if (e.name === 'report.json') found.push(JSON.parse(readFileSync(p, 'utf8')));
    }
  };
  walk(dir);
  return found;
}

function conservationProblems(report: unknown): string[] {
  const ledger = (report as { ledger?: LedgerView }).ledger;
  if (ledger === undefined) return ['a report.json without a ledger'];
  const { emitted, delivered, lostTotal, inFlight } = ledger;
  return emitted === delivered + lostTotal + inFlight
    ? []
    : [
        `conservation broken: emitted ${emitted} ≠ delivered ${delivered} + lost ${lostTotal} + in flight ${inFlight}`,
      ];
}

/**
 * Runs `c` in `dir` (emptied first). The report directory is `<dir>/out`
 * unless the case names its own `-o`.
 */
export async function runFuzzCase(c: FuzzCase, dir: string): Promise<FuzzOutcome> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(c.files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  const io = memoryIo();
  const argv = c.argv.map((a) => (a.startsWith('@') ? join(dir, a.slice(1)) : a));
  let code: number;
  try {
    code = await main(['node', 'sim', ...argv], io);
  } catch (e) {
    // main() never throws: anything here is a crash past its last guard.
    code = -1;
    io.stderr(`uncaught: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  } finally {
    process.exitCode = 0;
  }
  const problems: string[] = [];
  if (!ALLOWED_CODES.has(code)) problems.push(`exit code ${code}`);
  if (STACK_LINE.test(io.err) || /crashed|uncaught/.test(io.err)) problems.push('a stack trace on stderr');
  let reports: unknown[] = [];
  try {
    reports = reportsUnder(join(dir, 'out'));
  } catch (e) {
    problems.push(`an unreadable report: ${(e as Error).message}`);
  }
  for (const r of reports) problems.push(...conservationProblems(r));
  return { code, stderr: io.err, reports: reports.length, problems };
}
