// The committed example reports (reports/examples/) are what the simulator
// produces today, byte for byte: regenerate them in a temp dir and compare.
// A failure means behaviour changed; if the change is intended, run
// `npm run reports` and commit the new examples with it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildExampleReports, EXAMPLE_REPORTS, listFiles } from '../../sim/study/example-reports.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'logsim-examples-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('example reports', () => {
  it('regenerate byte for byte (npm run reports rewrites them)', async () => {
    await buildExampleReports(ROOT, tmp, { workers: 2 });
    for (const ex of EXAMPLE_REPORTS) {
      const committed = join(ROOT, 'reports', 'examples', ex.dir);
      const fresh = join(tmp, ex.dir);
      expect(listFiles(fresh), ex.dir).toEqual(listFiles(committed));
      for (const f of listFiles(fresh)) {
        const same = readFileSync(join(fresh, f), 'utf8') === readFileSync(join(committed, f), 'utf8');
        expect(
          same,
          `reports/examples/${ex.dir}/${f} differs from a fresh run: behaviour changed; run npm run reports if intended`,
        ).toBe(true);
      }
    }
  });

  it('stay small: under 1 MiB per example, report.json series ≤ 240 rows', () => {
    for (const ex of EXAMPLE_REPORTS) {
      const dir = join(ROOT, 'reports', 'examples', ex.dir);
      const bytes = listFiles(dir).reduce((n, f) => n + readFileSync(join(dir, f)).length, 0);
      expect(bytes, ex.dir).toBeLessThan(1024 * 1024);
      for (const f of listFiles(dir).filter((p) => p.endsWith('report.json'))) {
        const report = JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
          series: { columns: { t: number[] } };
        };
        expect(report.series.columns.t.length).toBeLessThanOrEqual(241);
      }
    }
  });
});
