// The headless Chromium the browser tests drive (Debian's package, through playwright-core):
// where it is, whether this machine must have it, and how every test launches it.
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.LOGSIM_CHROMIUM ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM_PATH);
/** CI installs chromium (.ci/run): there a missing browser is a failure, not a skip. */
export const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

/** Offline, no first-run, no background traffic: a page may request nothing but itself. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A fresh headless, offline browser with its profile in `profileDir`. */
export function launchHeadless(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    offline: true,
    args: CHROMIUM_ARGS,
  });
}
