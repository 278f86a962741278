// The example report pages in a real headless Chromium (Debian's package):
// they load offline from file:// with no console error, no request, and
// every chart drawn. Skipped with a note when chromium is missing outside CI.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { haveChromium, inCi, launchHeadless } from '../helpers/chromium.ts';

const EXAMPLES = fileURLToPath(new URL('../../reports/examples', import.meta.url));
const PAGES = [
  'steady-state/report.html',
  '03-block-drop-spill/report.html',
  '03-block-drop-spill/spill/report.html',
];

describe('example report pages in a real browser', () => {
  it.skipIf(!haveChromium && !inCi)(
    'render with no console errors, no requests, every chart drawn',
    async () => {
      const profile = mkdtempSync(join(tmpdir(), 'logsim-report-browser-'));
      const context = await launchHeadless(profile);
      try {
        for (const rel of PAGES) {
          const path = join(EXAMPLES, rel);
          const url = pathToFileURL(path).href;
          const charts = readdirSync(join(path, '..', 'charts')).filter((f) => f.endsWith('.vl.json')).length;
          const page = await context.newPage();
          const problems: string[] = [];
          page.on('console', (msg) => {
            if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
          });
          page.on('pageerror', (err) => problems.push(`page: ${err.message}`));
          page.on('request', (req) => {
            if (req.url() !== url) problems.push(`request: ${req.url()}`);
          });
          await page.goto(url, { waitUntil: 'load' });
          expect(problems, rel).toEqual([]);
          // The callback runs in the page; the project compiles without DOM types, so name what it uses.
          type SvgElement = {
            getBoundingClientRect(): { width: number };
            querySelectorAll(selector: string): { length: number };
          };
          const svgs = await page.locator('figure > svg').evaluateAll((els: SvgElement[]) =>
            els.map((el) => ({
              w: el.getBoundingClientRect().width,
              marks: el.querySelectorAll('path, rect, line, text').length,
            })),
          );
          expect(svgs, rel).toHaveLength(charts);
          for (const s of svgs) {
            expect(s.w).toBeGreaterThan(100);
            expect(s.marks).toBeGreaterThan(10);
          }
          await page.close();
        }
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    },
  );
});
