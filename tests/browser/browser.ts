import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where step screenshots go; CI keeps this folder. */
export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'test-results', 'screenshots');

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

let step = 0;

/**
 * Saves a numbered full-page screenshot of the current step, named after the test file so that the
 * files of one run never overwrite each other (the browser tests' global setup clears older runs').
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  step += 1;
  const file = basename(expect.getState().testPath ?? 'browser', '.test.ts');
  await page.screenshot({
    path: join(SCREENSHOT_DIR, `${file}-${String(step).padStart(2, '0')}-${name}.png`),
    fullPage: true,
  });
}
