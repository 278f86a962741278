/**
 * The package as a user installs it: `npm pack`, unpacked into another
 * directory's node_modules, imported from a plain `.mjs` file by plain Node
 * (no TypeScript loader), and its `sim` command started from there. The
 * package ships the compiled build (dist/, with its .d.ts), not the sources.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs helper of bin/, without types
import { buildIsCurrent } from '../../bin/build-freshness.mjs';

const repo = join(import.meta.dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the packed package', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logsim-pack-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // `npm test` builds first; a lone run of this file builds if the build is missing or stale.
  if (!(buildIsCurrent as () => boolean)()) execFileSync(npm, ['run', 'build', '--silent'], { cwd: repo });
  const tarball = execFileSync(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], {
    cwd: repo,
    encoding: 'utf8',
  }).trim();
  const modules = join(dir, 'node_modules');
  mkdirSync(modules);
  execFileSync('tar', ['-xzf', join(dir, tarball), '-C', modules]);
  execFileSync('mv', [join(modules, 'package'), join(modules, 'logsim')]);
  // Its dependencies, as an install would put them beside it.
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
    version: string;
    dependencies: Record<string, string>;
  };
  for (const name of Object.keys(pkg.dependencies)) {
    const at = join(modules, ...name.split('/'));
    mkdirSync(join(at, '..'), { recursive: true });
    symlinkSync(join(repo, 'node_modules', name), at, 'dir');
  }
  const installed = join(modules, 'logsim');

  test('holds the compiled build and its types, not the sources or the tests', () => {
    const top = readdirSync(installed).sort();
    expect(top).toContain('dist');
    expect(top).not.toContain('sim');
    expect(top).not.toContain('tests');
    expect(existsSync(join(installed, 'dist', 'index.js'))).toBe(true);
    expect(existsSync(join(installed, 'dist', 'index.d.ts'))).toBe(true);
  });

  test('a plain .mjs file imports it and runs a scenario with plain node', () => {
    const script = join(dir, 'use.mjs');
    writeFileSync(
      script,
      [
        "import { loadScenarioFromText, simulateScenario } from 'logsim';",
        'const text = `name: packed\\nseed: 1\\nduration: 2m\\nfleet:\\n  services:\\n    - { name: api, hosts: 2, rate: 10/s }\\nbackend: { kind: loki }\\n`;',
        "const { report } = simulateScenario(loadScenarioFromText(text, 'packed.yaml'));",
        'console.log(JSON.stringify(report.ledger));',
      ].join('\n'),
    );
    const out = execFileSync(process.execPath, [script], { cwd: dir, encoding: 'utf8' });
    const ledger = JSON.parse(out) as {
      emitted: number;
      delivered: number;
      inFlight: number;
      lostTotal: number;
    };
    expect(ledger.emitted).toBeGreaterThan(2000);
    expect(ledger.delivered + ledger.inFlight + ledger.lostTotal).toBe(ledger.emitted);
  });

  test('its sim command runs variants on worker threads from the build', () => {
    const file = join(dir, 'variants.yaml');
    writeFileSync(
      file,
      'name: packed-variants\nseed: 1\nduration: 2m\nfleet:\n  services:\n    - { name: api, hosts: 2, rate: 10/s }\n' +
        'backend: { kind: loki }\nvariants:\n  slow: { agent.batch.linger: 5s }\n',
    );
    const out = join(dir, 'out');
    execFileSync(
      process.execPath,
      [join(installed, 'bin', 'sim.mjs'), 'run', file, '-q', '--workers', '2', '-o', out],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(existsSync(join(out, 'comparison.json'))).toBe(true);
    expect(existsSync(join(out, 'slow', 'report.json'))).toBe(true);
  });

  test('its sim command starts from the build', () => {
    const out = execFileSync(process.execPath, [join(installed, 'bin', 'sim.mjs'), '--version'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(out.trim()).toBe(pkg.version);
  });
});
