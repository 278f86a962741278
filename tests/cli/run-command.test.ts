import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../sim/cli/main.ts';
import { memoryIo } from '../../sim/cli/io.ts';
import { SCENARIO_DIR } from '../helpers/scenarios.ts';

const steady = join(SCENARIO_DIR, 'steady-state.yaml');

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'logsim-cli-'));
}

async function sim(...args: string[]) {
  const io = memoryIo();
  const code = await main(['node', 'sim', ...args], io);
  return { code, out: io.out, err: io.err };
}

function badScenario(text: string): string {
  const dir = tmp();
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, text);
  return file;
}

describe('sim run', () => {
  it('writes report.json and report.md and exits 0', async () => {
    const out = join(tmp(), 'r');
    const r = await sim('run', steady, '--out', out, '--set', 'duration=5m');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      schemaVersion: number;
      ledger: object;
    };
    expect(report.schemaVersion).toBe(1);
    expect(Object.keys(report.ledger)).toEqual([
      'emitted',
      'delivered',
      'duplicates',
      'lost',
      'lostTotal',
      'inFlight',
      'needles',
    ]);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('## logsim: steady-state');
    expect(r.out).toContain('reproduce   sim run');
  });

  it('prints the report on stdout with --json', async () => {
    const r = await sim('run', steady, '--out', join(tmp(), 'r'), '--set', 'duration=2m', '--json');
    expect(JSON.parse(r.out).scenario.name).toBe('steady-state');
  });

  const cases: [string, string, RegExp][] = [
    ['malformed YAML', 'name: x\nduration: [1h\n', /bad\.yaml:\d+:\d+/],
    [
      'an unknown key',
      'name: x\nduration: 1h\nfleet:\n  services: []\n  cohort_max_host: 5\n',
      /bad\.yaml:5:3 fleet\.cohort_max_host: unknown key.*did you mean cohort_max_hosts/,
    ],
    ['a bad unit', 'name: x\nduration: 1 houre\n', /bad\.yaml:2:11 duration: expected a duration/],
    ['a wrong type', 'name: x\nduration: 1h\nseed: abc\nfleet: { services: [] }\n', /bad\.yaml:3:7 seed:/],
  ];
  for (const [what, text, message] of cases) {
    it(`exits 2 on ${what}, with file:line:col, and writes nothing`, async () => {
      const out = join(tmp(), 'never');
      const r = await sim('run', badScenario(text), '--out', out);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).toContain('nothing was written');
      expect(existsSync(out)).toBe(false);
    });
  }

  it('exits 2 on a bad --set, pointing at the argument', async () => {
    const out = join(tmp(), 'never');
    const r = await sim('run', steady, '--out', out, '--set', 'agent.buffer.when_full=dorp_newest');
    expect(r.code).toBe(2);
    expect(r.err).toContain('did you mean drop_newest?');
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 on an unknown option and on a missing file', async () => {
    expect((await sim('run', steady, '--frobnicate')).code).toBe(2);
    const missing = await sim('run', join(tmp(), 'nope.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.yaml');
  });

  it('refuses a run over --max-events with exit 2, naming the flag', async () => {
    const out = join(tmp(), 'never');
    const r = await sim('run', steady, '--out', out, '--max-events', '1000');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--max-events');
    expect(existsSync(out)).toBe(false);
  });
});
