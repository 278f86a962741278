import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnsafePathError, writeFileAtomic, writeFilesAtomic } from '../../sim/report/atomic-write.ts';
import { snapshot } from '../helpers/dir-snapshot.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'logsim-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temp file behind', () => {
    const p = join(dir, 'report.json');
    writeFileAtomic(p, 'old');
    writeFileAtomic(p, 'new ü');
    expect(snapshot(dir)).toEqual({ 'report.json': 'new ü' });
  });

  it('a failure leaves neither a partial file nor a temp file', () => {
    mkdirSync(join(dir, 'report.json')); // a directory where the file should go: rename fails
    expect(() => writeFileAtomic(join(dir, 'report.json'), 'x'.repeat(1 << 20))).toThrow();
    expect(snapshot(dir)).toEqual({});
    expect(readdirSync(dir)).toEqual(['report.json']);
  });
});

describe('writeFilesAtomic', () => {
  it('writes nested files in one go and cleans up its staging area', () => {
    writeFilesAtomic(dir, { 'charts/a.vl.json': '{}\n', 'report.md': '# r\n', 'report.json': '{}' });
    expect(snapshot(dir)).toEqual({ 'charts/a.vl.json': '{}\n', 'report.md': '# r\n', 'report.json': '{}' });
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('a failure while staging touches no target', () => {
    writeFilesAtomic(dir, { 'report.md': 'old md', 'report.json': 'old json' });
    const before = snapshot(dir);
    // "x" must be both a file and a directory: staging fails on the second entry.
    expect(() =>
      writeFilesAtomic(dir, { 'report.md': 'new md', x: 'file', 'x/y': 'nested', 'report.json': 'new' }),
    ).toThrow();
    expect(snapshot(dir)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['report.json', 'report.md']);
  });

  it('a failure midway through the commit puts back the files already replaced', () => {
    writeFilesAtomic(dir, { 'report.md': 'old md', 'report.html': 'old html' });
    mkdirSync(join(dir, 'report.json')); // the third target cannot be replaced
    writeFileSync(join(dir, 'report.json', 'keep'), 'untouched');
    const before = snapshot(dir);
    expect(() =>
      writeFilesAtomic(dir, {
        'report.md': 'new md',
        'charts/c.vl.json': 'new',
        'report.json': 'new json',
        'report.html': 'new html',
      }),
    ).toThrow();
    expect(snapshot(dir)).toEqual(before);
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses paths that escape the directory', () => {
    for (const bad of ['../x', '/etc/passwd', '', 'a/../../b', '.staging-1-1/x', 'a/']) {
      expect(() => writeFilesAtomic(dir, { [bad]: 'x' }), bad).toThrow(UnsafePathError);
    }
    expect(() => writeFilesAtomic(dir, { 'a/b': '1', 'a/./b': '2' })).toThrow(UnsafePathError);
    expect(snapshot(dir)).toEqual({});
  });
});
