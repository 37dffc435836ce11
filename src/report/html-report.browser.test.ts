import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { loadAnswerKey } from '../lab/answer-key.js';
import { labSecrets } from '../testing/lab-secrets.js';
import { REPO_ROOT } from '../testing/paths.js';
import { runCli } from '../testing/run-cli.js';

// Opens the HTML report of the lab fixtures from file:// in the system Chromium (installed by .ci/run; no
// browser is downloaded) and checks what a reader would: it renders, asks for nothing over the network,
// logs no error, shows the map and the summary, and never shows a whole secret. Saves a screenshot.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUTPUT = join(REPO_ROOT, 'test-output');

test('HTML report from file:// in Chromium: no console errors, no network requests, no secrets', { timeout: 120_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  mkdirSync(OUTPUT, { recursive: true });
  const file = join(OUTPUT, 'lab-report.html');
  const run = runCli(['report', 'fixtures/mlops', '--format', 'html', '--output', file, '--no-progress']);
  assert.equal(run.status, 0, run.stderr);
  const html = readFileSync(file, 'utf8');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
  assert.doesNotMatch(html, /<script|https?:\/\/[^"<\s]*\.(css|js|woff2?|png|svg)\b|<link /i, 'nothing external, no script');

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') errors.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('request', (request) => {
      if (request.url() !== pathToFileURL(file).href) requests.push(request.url());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.waitForTimeout(200);

    assert.deepEqual(errors, [], 'no console errors or CSP violations');
    assert.deepEqual(requests, [], 'no request beyond the file itself');

    const nodes = await page.locator('svg.platform-map g.node').count();
    assert.ok(nodes >= 8, `the map draws components, identities, credentials and storage (${nodes} nodes)`);
    const box = await page.locator('svg.platform-map').boundingBox();
    assert.ok(box && box.width > 300 && box.height > 150, 'the map has a size');
    const badges = await page.locator('svg.platform-map .badge').allTextContents();
    assert.ok(badges.some((badge) => /critical/.test(badge)), 'severity counts on the nodes');

    const text = await page.locator('body').innerText();
    for (const signal of loadAnswerKey().signals) assert.ok(text.includes(signal.name), `names ${signal.name}`);
    assert.match(text, /Hardening summary/);
    assert.match(text, /IAM user ml-notebook → overwrite the Production model in acme-mlflow-artifacts → served by FastAPI inference service/);
    const secrets = labSecrets();
    assert.ok(secrets.length >= 5, 'the lab plants key ids, secret keys and a URI password');
    const content = await page.content();
    for (const secret of secrets) {
      assert.ok(!text.includes(secret), `no whole secret in the page text (${secret.slice(0, 4)}…)`);
      assert.ok(!content.includes(secret), `no whole secret in the markup (${secret.slice(0, 4)}…)`);
    }

    const screenshot = join(OUTPUT, 'lab-report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    assert.ok(statSync(screenshot).size > 10_000, 'screenshot saved');
  } finally {
    await browser.close();
  }
});
