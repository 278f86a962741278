/**
 * One scenario, two stacks: scenarios/loki-vs-elastic.yaml runs the 05 fleet
 * on Loki and, as its variant `elastic`, on Elasticsearch, with the same
 * agents, queries and backend_down outage; its report.md puts, for each, the
 * bill, the needle's latency and share found, lines lost and in flight side by side.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const repo = join(import.meta.dirname, '..', '..');

describe('scenarios/loki-vs-elastic.yaml', () => {
  const out = mkdtempSync(join(tmpdir(), 'logsim-lve-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test('sim run simulates both stacks from one file; report.md compares what the architect asked', () => {
    execFileSync(
      process.execPath,
      [join(repo, 'bin', 'sim.mjs'), 'run', 'scenarios/loki-vs-elastic.yaml', '-q', '-o', out],
      {
        cwd: repo,
      },
    );
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    const row = (name: string): string[] => {
      const line = md.split('\n').find((l) => l.startsWith(`| ${name} |`));
      expect(line, name).toBeDefined();
      return line!
        .split('|')
        .slice(2, -1)
        .map((c) => c.trim());
    };
    expect(row('figure')).toEqual(['baseline (baseline)', 'elastic']);
    for (const name of [
      'cost.monthly',
      'query.needle.p50',
      'query.needle.found',
      'lines_lost',
      'in_flight',
    ]) {
      const cells = row(name);
      expect(cells, name).toHaveLength(2);
      for (const c of cells) expect(c, name).not.toBe('');
    }
    expect(row('cost.monthly')[0]).toMatch(/^\*{0,2}\$[\d,]+\.\d\d/);
    // Each stack's own report too, with its bill and queries.
    for (const variant of ['baseline', 'elastic']) {
      const own = readFileSync(join(out, variant, 'report.md'), 'utf8');
      expect(own).toContain('### Bill');
      expect(own).toContain('| needle |');
    }
  });
});
