/**
 * Writing report files so that a reader (a CI step, a browser, `--compare-to`)
 * never sees a half-written one, even if the process dies or a write fails.
 *
 * One file: write a temp file in the same directory, fsync it, rename it over
 * the target (rename within a directory is atomic on POSIX file systems), fsync
 * the directory so the rename itself survives a power cut.
 *
 * A set of files (a report): two phases.
 *
 *   stage:  every file → <dir>/.staging-<pid>-<n>/<relative path>, fsynced
 *           (any failure here: staging removed, no target touched)
 *   commit: for each file in the order given: hard-link the old target aside,
 *           rename the staged file into place
 *           (a failure here: the files already committed are put back)
 *
 * Guarantee: every target path holds either its complete old content (or
 * nothing, if it had none) or its complete new content, never a partial file.
 * If the call throws, every target is restored to its old state. If the
 * process is killed during the commit phase, some files may be new and others
 * old, and a `.staging-*` directory may be left behind. A report is therefore
 * written with report-directory.ts, which swaps the whole directory in one
 * rename; this set-of-files commit is its fallback where links cannot be made
 * (and what regenerates the committed example reports, which git tracks).
 *
 * Synchronous on purpose: the report is written once at the end of a run, and
 * sync calls keep the order of operations obvious.
 */
import {
  closeSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, normalize, sep } from 'node:path';

/** Per-process counter that keeps temp names unique without randomness. */
let tempSeq = 0;

function nextTempSuffix(): string {
  tempSeq += 1;
  return `${process.pid}-${tempSeq}`;
}

/** fsync a directory so renames into it are durable; not supported on every platform. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a directory for fsync; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Creates `path` exclusively (fails if it exists), writes `data`, fsyncs, closes. */
function writeNewDurable(path: string, data: string | Uint8Array): void {
  const fd = openSync(path, 'wx', 0o644);
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Replaces `path` with `data` atomically: readers see the old file or the new
 * one, never a mix. The directory must exist. On failure the temp file is removed.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.tmp-${nextTempSuffix()}`);
  try {
    writeNewDurable(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(dir);
}

/**
 * Writes `files` into `dir`, which must not exist yet (it is created): every
 * file created exclusively and fsynced, then every directory fsynced, so the
 * folder is complete on disk before anyone is pointed at it.
 */
export function writeFilesInto(dir: string, files: Readonly<Record<string, string | Uint8Array>>): void {
  mkdirSync(dir);
  const dirs = new Set<string>([dir]);
  const seen = new Set<string>();
  for (const [rel, data] of Object.entries(files)) {
    const n = checkRelative(rel);
    if (seen.has(n)) throw new UnsafePathError(rel);
    seen.add(n);
    const path = join(dir, n);
    mkdirSync(dirname(path), { recursive: true });
    dirs.add(dirname(path));
    writeNewDurable(path, data);
  }
  for (const d of dirs) fsyncDir(d);
  fsyncDir(dirname(dir));
}

/** Thrown for a relative path that would land outside the report directory. */
export class UnsafePathError extends Error {
  override readonly name = 'UnsafePathError';
  constructor(readonly path: string) {
    super(
      `report file path ${JSON.stringify(path)} must be relative, inside the report directory, and not hidden-temp`,
    );
  }
}

function checkRelative(rel: string): string {
  const n = normalize(rel);
  if (
    rel === '' ||
    isAbsolute(rel) ||
    n === '.' ||
    n === '..' ||
    n.startsWith(`..${sep}`) ||
    n.endsWith(sep) ||
    n.split(sep)[0]?.startsWith('.staging-') === true
  ) {
    throw new UnsafePathError(rel);
  }
  return n;
}

/**
 * Writes every file of `files` (relative path → content) under `dir`
 * (created if missing) with the all-or-restored guarantee described at the top
 * of this module. Files are committed in the object's key order.
 */
export function writeFilesAtomic(dir: string, files: Readonly<Record<string, string | Uint8Array>>): void {
  mkdirSync(dir, { recursive: true });
  const entries = Object.entries(files).map(([rel, data]) => ({ rel: checkRelative(rel), data }));
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.rel)) throw new UnsafePathError(e.rel);
    seen.add(e.rel);
  }

  const staging = join(dir, `.staging-${nextTempSuffix()}`);
  const backups = join(staging, '.old');
  try {
    // Stage: a failure here leaves every target untouched.
    mkdirSync(backups, { recursive: true });
    for (const { rel, data } of entries) {
      mkdirSync(dirname(join(staging, rel)), { recursive: true });
      writeNewDurable(join(staging, rel), data);
    }

    // Commit, remembering how to undo each step.
    const undo: (() => void)[] = [];
    const touchedDirs = new Set<string>();
    try {
      entries.forEach(({ rel }, i) => {
        const target = join(dir, rel);
        mkdirSync(dirname(target), { recursive: true });
        if (exists(target)) {
          const backup = join(backups, String(i));
          // A hard link keeps the old content reachable without copying it.
          linkSync(target, backup);
          renameSync(join(staging, rel), target);
          undo.push(() => renameSync(backup, target));
        } else {
          renameSync(join(staging, rel), target);
          undo.push(() => unlinkSync(target));
        }
        touchedDirs.add(dirname(target));
      });
    } catch (err) {
      for (const step of undo.reverse()) {
        try {
          step();
        } catch {
          // Keep restoring the others; the original error is the one to report.
        }
      }
      throw err;
    }
    for (const d of touchedDirs) fsyncDir(d);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
