// The CLI in-process: main(argv, memoryIo()) with real files in a temp dir.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../sim/cli/io.ts';
import { main } from '../../sim/cli/main.ts';

const SMALL = fileURLToPath(new URL('../report/fixtures/small-variants.yaml', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'logsim-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const argv = (...args: string[]) => ['node', 'sim', ...args];

/** A one-variant copy of the small scenario with the given expect: block. */
function scenarioWith(expectBlock: string): string {
  const text = readFileSync(SMALL, 'utf8').replace(/expect:[\s\S]*$/, `expect:\n${expectBlock}`);
  const path = join(tmp, `s-${Math.abs(hash(expectBlock))}.yaml`);
  writeFileSync(path, text);
  return path;
}

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}

describe('sim run', () => {
  it('runs every variant, writes the comparison and one report per variant, exits 1 on a failed expectation, writes JUnit', async () => {
    const io = memoryIo();
    const out = join(tmp, 'variants');
    const junit = join(tmp, 'junit', 'expect.xml');
    const code = await main(argv('run', SMALL, '-o', out, '--workers', '1', '--junit', junit), io);
    expect(code).toBe(1);
    for (const f of [
      'comparison.json',
      'report.md',
      'report.html',
      'baseline/report.json',
      'drop/report.html',
      'same_workload/report.md',
    ]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    expect(io.out).toContain('lines_lost');
    expect(io.err).toContain('drop: lines_lost == 0');
    const xml = readFileSync(junit, 'utf8');
    // One test case per assertion per variant: 3 assertions × 3 variants.
    expect(xml.match(/<testcase /g)).toHaveLength(9);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toMatch(
      /<testcase classname="small-variants\.drop" name="lines_lost == 0" time="0">\s*<failure message="lines_lost == 0 failed in variant drop: measured [\d,]+ lines/,
    );
    // A passing assertion is a test case without a failure.
    expect(xml).toMatch(/<testcase classname="small-variants\.baseline" name="lines_lost == 0" time="0"\/>/);
  });

  it('a passing scenario exits 0 and its JUnit file has no failure', async () => {
    const file = scenarioWith('  lag.p99: < 10m\n');
    const junit = join(tmp, 'pass.xml');
    const code = await main(
      argv('run', file, '-o', join(tmp, 'pass'), '--variant', 'baseline', '--junit', junit, '-q'),
      memoryIo(),
    );
    expect(code).toBe(0);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('name="lag.p99 &lt; 10m"');
    expect(xml).not.toContain('<failure');
  });

  it('--json prints report.json of a single run; --summary appends report.md to $GITHUB_STEP_SUMMARY', async () => {
    const summary = join(tmp, 'step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    const io = memoryIo({ GITHUB_STEP_SUMMARY: summary });
    const code = await main(
      argv('run', SMALL, '--variant', 'baseline', '-o', join(tmp, 'json'), '--json', '--summary'),
      io,
    );
    expect(code).toBe(0);
    const report = JSON.parse(io.out) as { scenario: { variant: string }; expectations: unknown[] };
    expect(report.scenario.variant).toBe('baseline');
    expect(report.expectations).toHaveLength(3);
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('# earlier step\n## logsim: small-variants (baseline)')).toBe(true);
    expect(readFileSync(join(tmp, 'json', 'report.md'), 'utf8')).toBe(md.slice('# earlier step\n'.length));
  });

  it('parallel and serial runs give byte-identical comparison.json (--json, 2 seeds)', async () => {
    const serial = memoryIo();
    const parallel = memoryIo();
    await main(argv('run', SMALL, '--seeds', '2', '--workers', '1', '--json', '-o', join(tmp, 's1')), serial);
    await main(
      argv('run', SMALL, '--seeds', '2', '--workers', '2', '--json', '-o', join(tmp, 's2')),
      parallel,
    );
    expect(parallel.out).toBe(serial.out);
    expect(JSON.parse(serial.out)).toMatchObject({ kind: 'comparison', seeds: [11, 12] });
  });

  it('an unknown metric in expect: is a scenario error (exit 2) naming the nearest metric', async () => {
    const io = memoryIo();
    const code = await main(argv('run', scenarioWith('  lag.p90: < 1s\n'), '-o', join(tmp, 'bad')), io);
    expect(code).toBe(2);
    expect(io.err).toContain('did you mean lag.p50?');
  });
});

describe('sim compare', () => {
  it('compares files side by side; a scenario with itself gives zero differences', async () => {
    const io = memoryIo();
    const code = await main(argv('compare', SMALL, SMALL, '--variant-free', '-o', join(tmp, 'cmp')), io);
    expect(code).toBe(2); // unknown option: a usage error, not a crash
    const ok = memoryIo();
    const file = scenarioWith('  lines_lost: 0\n');
    expect(
      await main(argv('compare', file, file, '-o', join(tmp, 'cmp'), '--workers', '1', '--json'), ok),
    ).toBe(0);
    const comparison = JSON.parse(ok.out) as {
      variants: { name: string; differences: Record<string, { mean: number } | null> }[];
    };
    expect(comparison.variants.map((v) => v.name)).toHaveLength(2);
    for (const d of Object.values(comparison.variants[1]!.differences)) expect(d?.mean ?? 0).toBe(0);
  });

  it('needs two files', async () => {
    const io = memoryIo();
    expect(await main(argv('compare', SMALL), io)).toBe(2);
    expect(io.err).toContain('at least two');
  });
});
