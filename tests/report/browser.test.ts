// Opens the sample report page in a real headless Chromium (Debian's package,
// driven by playwright-core) and checks that it loads cleanly, offline, with
// every chart drawn. CI installs chromium (.ci/run); elsewhere the test is
// skipped with a note if the browser is missing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { samplePage } from './page-fixture.ts';
import { CHROMIUM_PATH, haveChromium, inCi, launchHeadless } from '../helpers/chromium.ts';

/** Flags for a quiet, offline, throwaway browser: no GPU, no sync, no update or telemetry traffic. */

/** The part of an SVG element the test reads, inside the page. */
interface DrawnSvg {
  getBoundingClientRect(): { width: number; height: number };
  querySelectorAll(selector: string): { length: number };
}

describe('report page in a real browser', () => {
  if (!haveChromium && inCi) {
    it('needs chromium', () => {
      expect.fail(
        `chromium not found at ${CHROMIUM_PATH}; CI must install it (apt-get install -y chromium, see .ci/run) or set LOGSIM_CHROMIUM`,
      );
    });
    return;
  }
  if (!haveChromium) {
    console.warn(
      `skipping the browser test: no chromium at ${CHROMIUM_PATH} (apt-get install -y chromium; CI installs it)`,
    );
  }

  it.skipIf(!haveChromium)(
    'loads from file:// with no errors, no requests, and every SVG drawn',
    async () => {
      const { html, chartCount } = await samplePage();
      const dir = mkdtempSync(join(tmpdir(), 'logsim-browser-'));
      const pagePath = join(dir, 'report.html');
      writeFileSync(pagePath, html);
      const pageUrl = pathToFileURL(pagePath).href;
      // A fresh profile per run: playwright takes it as launchPersistentContext's first argument.
      const context = await launchHeadless(join(dir, 'profile'));
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        const consoleErrors: string[] = [];
        const pageErrors: string[] = [];
        const otherRequests: string[] = [];
        page.on('console', (msg) => {
          if (msg.type() === 'error') consoleErrors.push(msg.text());
        });
        page.on('pageerror', (err) => pageErrors.push(err.message));
        page.on('request', (req) => {
          if (req.url() !== pageUrl) otherRequests.push(req.url());
        });

        await page.goto(pageUrl, { waitUntil: 'load' });

        expect(consoleErrors).toEqual([]);
        expect(pageErrors).toEqual([]);
        expect(otherRequests).toEqual([]);
        const svgs = await page.locator('figure > svg').evaluateAll((els) =>
          // This runs in the page; the project's TypeScript has no DOM library, so name what is used.
          (els as unknown as DrawnSvg[]).map((el) => {
            const box = el.getBoundingClientRect();
            return {
              w: box.width,
              h: box.height,
              marks: el.querySelectorAll('path, rect, line, text').length,
            };
          }),
        );
        expect(svgs).toHaveLength(chartCount);
        for (const s of svgs) {
          expect(s.w).toBeGreaterThan(100);
          expect(s.h).toBeGreaterThan(50);
          expect(s.marks).toBeGreaterThan(10);
        }
        // The escaped title reads as text, not markup.
        expect(await page.locator('h1').innerText()).toContain('<script>');
        expect(await page.locator('script').count()).toBe(0);
        if (process.env.LOGSIM_SCREENSHOT !== undefined) {
          await page.screenshot({ path: process.env.LOGSIM_SCREENSHOT, fullPage: true });
        }
      } finally {
        await context.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
