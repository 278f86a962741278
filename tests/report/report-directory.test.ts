import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotAReportDirectoryError, replaceReportDirectory } from '../../sim/report/report-directory.ts';
import { snapshot } from '../helpers/dir-snapshot.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'logsim-reportdir-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const runA = { 'report.json': 'A', 'report.md': 'A', 'charts/lag.vl.json': 'A' };
const runB = { 'report.json': 'B', 'report.md': 'B', 'report.html': 'B' };

describe('a report directory is replaced as one unit', () => {
  it('holds exactly the new run afterwards: files the old run had and the new one lacks are gone', () => {
    const out = join(root, 'steady');
    replaceReportDirectory(out, runA);
    expect(snapshot(out)).toEqual(runA);
    replaceReportDirectory(out, runB);
    expect(snapshot(out)).toEqual(runB);
    expect(lstatSync(out).isSymbolicLink()).toBe(true);
    // One run folder is left, the one the link points at; no stray link.
    expect(readdirSync(join(root, '.steady.runs'))).toHaveLength(1);
    expect(readdirSync(root).sort()).toEqual(['.steady.runs', 'steady']);
  });

  it('at every moment of the swap a reader sees one whole run, the old one or the new one', () => {
    const out = join(root, 'r');
    replaceReportDirectory(out, runA);
    const seen: string[] = [];
    replaceReportDirectory(out, runB, {
      pause: (moment) => {
        const files = snapshot(out);
        const whole = isDeepStrictEqual(files, runA) ? 'A' : isDeepStrictEqual(files, runB) ? 'B' : 'mixed';
        seen.push(`${moment}:${whole}`);
      },
    });
    expect(seen).toEqual(['staged:A', 'linked:A', 'swapped:B']);
  });

  it('takes over a directory an older logsim wrote, and an empty one', () => {
    const old = join(root, 'old');
    mkdirSync(join(old, 'charts'), { recursive: true });
    writeFileSync(join(old, 'report.json'), 'old');
    writeFileSync(join(old, 'charts', 'x.vl.json'), 'old');
    replaceReportDirectory(old, runA);
    expect(snapshot(old)).toEqual(runA);
    const empty = join(root, 'empty');
    mkdirSync(empty);
    replaceReportDirectory(empty, runB);
    expect(snapshot(empty)).toEqual(runB);
  });

  it('refuses a directory that holds anything but a report, and leaves it untouched', () => {
    const home = join(root, 'home');
    mkdirSync(home);
    writeFileSync(join(home, 'thesis.tex'), 'precious');
    expect(() => replaceReportDirectory(home, runA)).toThrow(NotAReportDirectoryError);
    expect(snapshot(home)).toEqual({ 'thesis.tex': 'precious' });
    writeFileSync(join(home, 'report.json'), 'looks like one');
    expect(() => replaceReportDirectory(home, runA)).toThrow(/holds files other than a report/);
    const file = join(root, 'file');
    writeFileSync(file, 'x');
    expect(() => replaceReportDirectory(file, runA)).toThrow(/is a file/);
    symlinkSync(home, join(root, 'elsewhere'));
    expect(() => replaceReportDirectory(join(root, 'elsewhere'), runA)).toThrow(/not one logsim made/);
    expect(snapshot(home)).toEqual({ 'thesis.tex': 'precious', 'report.json': 'looks like one' });
  });

  it('removes what a killed run left behind, but not the staging folder of a run still going', () => {
    const out = join(root, 'k');
    replaceReportDirectory(out, runA);
    const runs = join(root, '.k.runs');
    // A dead writer's staging folder and link (pid 2^22 + 1 is above Linux's pid_max default).
    mkdirSync(join(runs, '4194305-1'));
    writeFileSync(join(runs, '4194305-1', 'report.json'), 'half');
    symlinkSync(join('.k.runs', '4194305-1'), join(root, '.k.link-4194305-1'));
    // A live writer's (our parent process stands in for it).
    mkdirSync(join(runs, `${process.ppid}-7`));
    replaceReportDirectory(out, runB);
    expect(snapshot(out)).toEqual(runB);
    expect(readdirSync(runs)).toContain(`${process.ppid}-7`);
    expect(readdirSync(runs)).not.toContain('4194305-1');
    expect(readdirSync(root)).not.toContain('.k.link-4194305-1');
  });
});
