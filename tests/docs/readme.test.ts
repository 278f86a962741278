import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { terminalSummary } from '../../sim/report/summary.ts';
import { loadScenario, loadScenarioFromText, simulateScenario } from '../../sim/study/simulate.ts';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

/** The fenced blocks of a given language, in order. */
function blocks(lang: string): string[] {
  return [...README.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

describe('README', () => {
  it('gives the two set-up commands: one runs a shipped scenario, one runs the tests', () => {
    const sh = blocks('sh').join('\n');
    expect(sh).toMatch(/npm ci && npm run sim -- run scenarios\/steady-state\.yaml/);
    expect(sh).toMatch(/npm ci && npm test/);
  });

  it('shows a scenario that validates against the schema (the documentation cannot drift)', () => {
    const scenario = blocks('yaml').find((b) => b.includes('name: steady-state'));
    expect(scenario).toBeDefined();
    const parsed = loadScenarioFromText(scenario!, 'README.md');
    expect(parsed.fleet.services[0]!.name).toBe('api');
    expect(parsed.expect.map((e) => e.metric)).toEqual(['lines_lost', 'app_stall', 'lag.p99']);
  });

  it('shows the library example exactly as tests/library/ runs it', () => {
    const test = readFileSync(
      join(import.meta.dirname, '..', 'library', 'my-design.property.test.ts'),
      'utf8',
    );
    const code = test.slice(test.indexOf('import '));
    expect(blocks('ts')).toContain(code);
  });

  it('shows the quick start output as a real run of steady-state prints it', () => {
    const shown = /```\n(steady-state \[baseline\][\s\S]*?)\n```/.exec(README)?.[1];
    expect(shown).toBeDefined();
    const file = join(import.meta.dirname, '..', '..', 'scenarios', 'steady-state.yaml');
    expect(shown).toBe(terminalSummary(simulateScenario(loadScenario(file)).report));
  });

  it('runs the same test command as CI', () => {
    const ci = readFileSync(join(import.meta.dirname, '..', '..', '.ci', 'run'), 'utf8');
    expect(ci).toContain('npm ci');
    expect(ci).toMatch(/^npm test$/m);
  });
});
