import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startLabServer, type RunningLab } from '../lab/server/server.js';
import { LabStore } from '../lab/server/store.js';
import { REPO_ROOT } from './paths.js';

// A started lab (real server, real SQLite file in a temporary folder) and a page in Debian's Chromium that
// records console errors and CSP violations, for the lab's browser tests.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const OUTPUT = join(REPO_ROOT, 'test-output');
const WEB_INDEX = join(REPO_ROOT, 'dist', 'lab', 'web', 'index.html');

export interface BrowserLab {
  page: Page;
  store: LabStore;
  lab: RunningLab;
  /** Console errors and warnings and uncaught page errors so far. */
  errors: string[];
  cspViolations(): Promise<string[]>;
  close(): Promise<void>;
}

export async function openBrowserLab(prepare?: (store: LabStore) => void): Promise<BrowserLab> {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  assert.ok(existsSync(WEB_INDEX), 'the front end is built (npm run build)');
  mkdirSync(OUTPUT, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'mlops-lab-web-'));
  const store = new LabStore(dir);
  prepare?.(store);
  const lab = await startLabServer({ store, token: 'web-test-token-0123456789abcdefghijkl', host: '127.0.0.1', port: 0 });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') errors.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    await page.addInitScript(
      "window.__cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));",
    );
    const opened = browser;
    return {
      page,
      store,
      lab,
      errors,
      cspViolations: () => page.evaluate<string[]>('window.__cspViolations'),
      close: async () => {
        await opened.close();
        await lab.close();
        store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await lab.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export async function waitFor<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeout = 15_000): Promise<T> {
  const end = Date.now() + timeout;
  let value = await read();
  while (!ok(value)) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

export const totalScore = (page: Page) => page.getByTestId('total-score').innerText();

/** Clicks a section in the lab's top navigation. */
export async function openSection(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('navigation', { name: 'Lab sections' }).getByRole('button', { name }).click();
}

export async function openStep(page: Page, step: number): Promise<void> {
  await openSection(page, new RegExp(`^Step ${step}\\b`));
  await page.getByRole('heading', { name: new RegExp(`^Step ${step}:`) }).waitFor();
  await page.locator('ol.code li[data-line="1"]').waitFor();
}
