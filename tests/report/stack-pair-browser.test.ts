// report.html of the 05 pair (Loki and Elasticsearch on the same fleet, day and queries) in a
// real headless Chromium: the bill, the queries and the backend's own figures are on the page,
// visible, with the figures the report holds. Skipped with a note when chromium is missing
// outside CI, like the example pages' test.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { haveChromium, inCi, launchHeadless } from '../helpers/chromium.ts';
import { runHtmlReport } from '../../sim/report/html-report.ts';
import { loadScenario, simulateScenario } from '../../sim/study/simulate.ts';

const SCENARIOS = join(import.meta.dirname, '..', '..', 'scenarios');

describe('report.html of the Loki / Elasticsearch pair in a real browser', () => {
  it.skipIf(!haveChromium && !inCi)(
    'shows the bill, the queries and the backend section of each stack',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'logsim-pair-'));
      const context = await launchHeadless(join(dir, 'profile'));
      try {
        for (const [file, backendRow, billText] of [
          ['05-labels-only-index.yaml', 'Loki active streams, peak', 'a month'],
          ['05-elastic-index.yaml', 'Elasticsearch bulks refused, by error', 'a month'],
        ] as const) {
          // Two hours keep it quick; the needle's 24 h range still spans every index or chunk written.
          const { report } = simulateScenario(
            loadScenario(join(SCENARIOS, file), { overrides: ['duration=2h'] }),
          );
          const path = join(dir, `${file}.html`);
          writeFileSync(path, (await runHtmlReport(report)).html);
          const page = await context.newPage();
          await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
          for (const heading of ['Bill', 'Queries', 'Backend'])
            expect(
              await page.getByRole('heading', { name: heading, exact: true }).isVisible(),
              `${file}: ${heading}`,
            ).toBe(true);
          expect(await page.getByText(billText).first().isVisible(), `${file}: bill`).toBe(true);
          expect(
            await page.getByRole('cell', { name: backendRow, exact: true }).isVisible(),
            `${file}: backend`,
          ).toBe(true);
          // Every query class of the scenario has its row.
          for (const name of Object.keys(report.queries ?? {}))
            expect(
              await page.getByRole('cell', { name, exact: true }).first().isVisible(),
              `${file}: ${name}`,
            ).toBe(true);
          await page.close();
        }
      } finally {
        await context.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
