/**
 * Replacing a report directory as one unit, so that a reader (a browser, a CI
 * step, the next `sim compare`) and a run killed at any instant only ever see
 * one whole run's files, never some of one run beside some of another.
 *
 *   <parent>/<name>                      a symbolic link → .<name>.runs/<run>
 *   <parent>/.<name>.runs/<run>/…        one complete report per run
 *
 *   stage:  every file → .<name>.runs/<pid>-<n>/<relative path>, fsynced
 *   link:   a new link .<name>.link-<pid>-<n> → .<name>.runs/<pid>-<n>
 *   swap:   rename(link, <name>)          the one atomic step (POSIX rename(2))
 *   tidy:   remove the old run, and whatever a killed run left behind
 *
 * A kill before the swap leaves the old report in place (and a staging folder
 * the next run removes); a kill after it leaves the new one. The link is
 * relative, so the whole `reports/` folder can be moved or archived as it is.
 *
 * A directory written before reports were linked (or by hand, empty) is
 * taken over once: it is moved into `.<name>.runs/` and the link put in its
 * place; only in that first swap is there an instant with no report at all.
 * A directory that holds anything but a report is refused, never replaced:
 * `--out ~` must not wipe a home directory.
 *
 * Where symbolic links cannot be made (Windows without the privilege), the
 * files are written one by one with {@link writeFilesAtomic}'s guarantee
 * (each file whole, the set restored on error) instead.
 */
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fsyncDir, writeFilesAtomic, writeFilesInto } from './atomic-write.ts';

/** Moments of a replacement a test can widen, to kill a run right there. */
export type SwapMoment = 'staged' | 'linked' | 'swapped';

export interface ReplaceOptions {
  /** Called at each moment (tests sleep here to widen the window); nothing by default. */
  readonly pause?: ((moment: SwapMoment) => void) | undefined;
}

/** Thrown for an output path that exists and is not a report directory. */
export class NotAReportDirectoryError extends Error {
  override readonly name = 'NotAReportDirectoryError';
  constructor(
    readonly path: string,
    why: string,
  ) {
    super(`cannot write the report to ${path}: ${why}; choose another --out`);
  }
}

/** Files a report directory holds at its top level; anything else means it is not one. */
const REPORT_ENTRIES = /^(report\.(json|md|html)|comparison\.json|charts|junit\.xml|\..*)$/;

let seq = 0;

/** A name unique among this process's and (by the pid) every live process's. */
function uniqueSuffix(): string {
  seq += 1;
  return `${process.pid}-${seq}`;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Whether process `pid` still runs (a staging folder of a live run must not be removed). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in a `<pid>-<n>` (or `old-<pid>-<n>`) name, if there is one. */
function ownerPid(entry: string): number | undefined {
  const m = /(?:^|-)(\d+)-\d+$/.exec(entry);
  return m === null ? undefined : Number(m[1]);
}

/** Whether an existing real directory may be taken over: empty, or a report (variant folders hold reports too). */
function looksLikeReport(dir: string): boolean {
  const entries = readdirSync(dir, { withFileTypes: true });
  if (entries.length === 0) return true;
  const hasTop = entries.some((e) => e.name === 'report.json' || e.name === 'comparison.json');
  if (!hasTop) return false;
  return entries.every(
    (e) =>
      REPORT_ENTRIES.test(e.name) ||
      (e.isDirectory() && readdirSync(join(dir, e.name)).includes('report.json')) ||
      (e.isSymbolicLink() && readdirSync(join(dir, e.name)).includes('report.json')),
  );
}

/**
 * Removes what earlier runs into this directory left behind: run folders the
 * link no longer points at (when their writer is dead) and stray links.
 */
function tidy(parent: string, name: string, runs: string, current: string | undefined): void {
  for (const entry of statOrUndefined(runs)?.isDirectory() === true ? readdirSync(runs) : []) {
    if (entry === current) continue;
    const pid = ownerPid(entry);
    if (pid !== undefined && pid !== process.pid && alive(pid)) continue;
    rmSync(join(runs, entry), { recursive: true, force: true });
  }
  const linkPrefix = `.${name}.link-`;
  for (const entry of readdirSync(parent)) {
    if (!entry.startsWith(linkPrefix)) continue;
    const pid = ownerPid(entry);
    if (pid !== undefined && pid !== process.pid && alive(pid)) continue;
    rmSync(join(parent, entry), { force: true });
  }
}

/**
 * Writes `files` (relative path → content) as the whole content of the report
 * directory `dir`, replacing what it held in one atomic step (see the top of
 * this module). Throws {@link NotAReportDirectoryError} when `dir` exists and
 * is not a report directory; on any other failure `dir` is left as it was.
 */
export function replaceReportDirectory(
  dir: string,
  files: Readonly<Record<string, string | Uint8Array>>,
  options: ReplaceOptions = {},
): void {
  const pause = options.pause ?? (() => undefined);
  const target = resolve(dir);
  const parent = dirname(target);
  const name = basename(target);
  if (name === '' || name === '.' || name === '..')
    throw new NotAReportDirectoryError(dir, 'it names no directory of its own');
  mkdirSync(parent, { recursive: true });
  const runs = join(parent, `.${name}.runs`);

  const existing = statOrUndefined(target);
  let adopt = false;
  if (existing?.isSymbolicLink() === true) {
    const points = readlinkSync(target);
    if (dirname(points) !== `.${name}.runs`)
      throw new NotAReportDirectoryError(dir, `it is a link to ${points}, not one logsim made`);
  } else if (existing?.isDirectory() === true) {
    if (!looksLikeReport(target))
      throw new NotAReportDirectoryError(dir, 'it is a directory that holds files other than a report');
    adopt = true;
  } else if (existing !== undefined) {
    throw new NotAReportDirectoryError(dir, 'it is a file, not a directory');
  }

  // Stage the whole run in a folder of its own.
  mkdirSync(runs, { recursive: true });
  const run = uniqueSuffix();
  const staged = join(runs, run);
  try {
    writeFilesInto(staged, files);
  } catch (e) {
    rmSync(staged, { recursive: true, force: true });
    throw e;
  }
  pause('staged');

  const link = join(parent, `.${name}.link-${run}`);
  try {
    symlinkSync(join(`.${name}.runs`, run), link, 'dir');
  } catch {
    // No symbolic links here: the files one by one, each whole.
    rmSync(staged, { recursive: true, force: true });
    if (existing?.isSymbolicLink() === true) rmSync(target);
    writeFilesAtomic(target, files);
    return;
  }
  pause('linked');

  if (adopt) {
    // A real directory cannot be renamed over: move it aside first (the one gap, once).
    renameSync(target, join(runs, `old-${uniqueSuffix()}`));
  }
  renameSync(link, target);
  fsyncDir(parent);
  pause('swapped');
  tidy(parent, name, runs, run);
}
