// Headless Chromium for the HTML report tests: Debian's chromium driven by
// playwright-core. Without it (CHROMIUM_PATH or /usr/bin/chromium), the
// browser tests skip, saying so.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`[skip] ${CHROMIUM} not found: the headless Chromium tests are skipped (apt-get install chromium, or set CHROMIUM_PATH)`);

// The closed network here refuses Chromium's background connections: turn them off.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const launch = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });

export interface Opened {
  readonly page: Page;
  /** Console errors, page errors, and any request that is not the page's own file. */
  readonly problems: string[];
  /** From navigation to the page's script having drawn what is open. */
  readonly readyMs: number;
}

export async function openReport(browser: Browser, file: string, viewport = { width: 1200, height: 900 }): Promise<Opened> {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  const url = pathToFileURL(file).href;
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== url) problems.push(`request: ${r.url()}`);
  });
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  const t0 = performance.now();
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]');
  return { page, problems, readyMs: performance.now() - t0 };
}
