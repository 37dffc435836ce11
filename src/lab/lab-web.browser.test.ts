import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { openBrowserLab, openSection, openStep, OUTPUT, totalScore, waitFor } from '../testing/lab-browser.js';
import { TEST_CASES } from '../testing/paths.js';

// The lab's front end (lab-web/, built by Vite into dist/lab/web/) end to end in Debian's Chromium against
// the real server and a real SQLite file: the four steps are filled through the UI (lines picked in the
// fixture viewer by mouse and keyboard, fields typed, severities selected), the live score reaches 100,
// the poor variant shows the lower score with both reasons, the draft survives a reload, a submission
// appears in the history and the Markdown export downloads. No console error and no CSP violation.

interface Finding {
  file: string;
  lines: number[];
  what?: string;
  severity: string;
  blastRadius?: string;
  control?: string;
  current?: string;
  risk?: string;
  change?: string;
}
interface StepAnswer {
  findings: Finding[];
  correctedYaml?: string;
  policy?: string;
  summary?: { fixture: string; title: string; severity: string; control: string }[];
}
const answers = JSON.parse(readFileSync(join(TEST_CASES, 'lab', 'answers-correct.json'), 'utf8')) as Record<'1' | '2' | '3' | '4', StepAnswer>;

/** Picks lines in the fixture viewer: click the first, shift-click the last. */
async function pickLines(page: Page, lines: number[]): Promise<void> {
  const first = lines[0]!;
  const last = lines[lines.length - 1]!;
  await page.locator(`ol.code li[data-line="${first}"]`).click();
  if (last !== first) await page.locator(`ol.code li[data-line="${last}"]`).click({ modifiers: ['Shift'] });
}

async function fillFinding(box: Locator, finding: Finding): Promise<void> {
  const fields: [keyof Finding, string][] = [
    ['what', 'What is wrong'],
    ['blastRadius', 'Blast radius'],
    ['control', 'Control'],
    ['current', 'Current config'],
    ['risk', 'Risk'],
    ['change', 'Recommended change'],
  ];
  for (const [key, label] of fields) {
    const value = finding[key];
    if (typeof value === 'string') await box.getByLabel(label, { exact: true }).fill(value);
  }
  await box.getByLabel('Severity', { exact: true }).selectOption(finding.severity);
}

async function fillStep(page: Page, step: 1 | 2 | 3 | 4): Promise<void> {
  const answer = answers[step];
  await openStep(page, step);
  for (const [index, finding] of answer.findings.entries()) {
    if (step === 2 && index === 1) {
      // Keyboard: from the line picked for the first finding (17), move up to 15 and pick it with Space.
      await page.locator('ol.code li[data-line="17"]').focus();
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Space');
      assert.equal(await page.locator('ol.code li[data-line="15"]').getAttribute('aria-selected'), 'true', 'Space picks the focused line');
    } else {
      await pickLines(page, finding.lines);
    }
    await page.getByRole('button', { name: /^Add finding/ }).click();
    const box = page.locator('fieldset.finding').nth(index);
    const lines = await box.getByLabel('Lines', { exact: true }).inputValue();
    assert.equal(lines, finding.lines.join(', '), `step ${step} finding ${index + 1} took the picked lines`);
    await fillFinding(box, finding);
  }
  if (answer.correctedYaml) await page.getByLabel('Corrected workflow YAML').fill(answer.correctedYaml);
  if (answer.policy) await page.getByLabel('Least-privilege IAM policy JSON').fill(answer.policy);
  for (const [index, entry] of (answer.summary ?? []).entries()) {
    const n = index + 1;
    await page.getByLabel(`Entry ${n} fixture`, { exact: true }).selectOption(entry.fixture);
    await page.getByLabel(`Entry ${n} title`, { exact: true }).fill(entry.title);
    await page.getByLabel(`Entry ${n} severity`, { exact: true }).selectOption(entry.severity);
    await page.getByLabel(`Entry ${n} control`, { exact: true }).fill(entry.control);
  }
  await waitFor(`step ${step} draft saved`, () => page.getByTestId('save-status').innerText(), (text) => text.startsWith('Draft saved'));
}

test('lab front end in Chromium: four steps through the UI, score 100, poor variant with reasons, reload, submit, export', { timeout: 180_000 }, async () => {
  const { page, store, lab, errors, cspViolations, close } = await openBrowserLab();
  try {
    // The printed URL: the token is traded for a cookie and leaves the address bar.
    await page.goto(lab.url);
    assert.equal(new URL(page.url()).search, '', 'the token leaves the address bar');
    await page.getByRole('heading', { name: 'Mission' }).waitFor();
    const overview = await page.locator('main').innerText();
    for (const heading of ['Scenario', 'Objectives', 'Prerequisites', 'Expected signals']) assert.ok(overview.includes(heading), `overview shows ${heading}`);
    assert.equal(await totalScore(page), '0');
    const fits = await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
    assert.ok(fits, 'no horizontal scrolling on a 1366×768 laptop screen');
    await page.screenshot({ path: join(OUTPUT, 'lab-web-overview.png') });

    // Progressive hints.
    await openStep(page, 1);
    await page.getByRole('button', { name: 'Show a hint' }).click();
    await page.getByRole('button', { name: /^Show hint 2 of/ }).click();
    await waitFor('two hints shown after two clicks', () => page.locator('.hint-list li').count(), (count) => count === 2);
    // The inventory the hint points at opens in the same viewer, then back to the step's fixture.
    await page.getByLabel('File shown').selectOption('mlops-inventory.json');
    await page.getByRole('listbox', { name: 'Lines of mlops-inventory.json' }).waitFor();
    assert.match(await page.locator('ol.code').innerText(), /AdministratorAccess/);
    await page.getByLabel('File shown').selectOption('notebook-credential-leak.ipynb');
    await page.getByRole('listbox', { name: 'Lines of notebook-credential-leak.ipynb' }).waitFor();

    for (const step of [1, 2, 3, 4] as const) {
      await fillStep(page, step);
      if (step === 1) await page.screenshot({ path: join(OUTPUT, 'lab-web-step1.png') });
    }
    await waitFor('score 100', () => totalScore(page), (text) => text === '100');
    await page.screenshot({ path: join(OUTPUT, 'lab-web-step4-score-100.png') });

    // The poor variant: the notebook key's blast radius without AdministratorAccess, iam:ListRoles left in.
    await openStep(page, 1);
    await page.locator('fieldset.finding').first().getByLabel('Blast radius', { exact: true }).fill('Anyone who can read the repository can use the key.');
    await waitFor('step 1 saved', () => page.getByTestId('save-status').innerText(), (text) => text.startsWith('Draft saved'));
    await openStep(page, 4);
    const policy = JSON.parse(answers[4].policy!) as { Statement: unknown[] };
    policy.Statement.push({ Sid: 'Leftover', Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' });
    await page.getByLabel('Least-privilege IAM policy JSON').fill(JSON.stringify(policy, null, 2));
    await waitFor('step 4 saved', () => page.getByTestId('save-status').innerText(), (text) => text.startsWith('Draft saved'));
    await waitFor('score 92', () => totalScore(page), (text) => text === '92');
    assert.ok((await page.locator('.evidence-pane ul.criteria').innerText()).includes('policy still allows iam:ListRoles'), 'the step shows its reason');

    await openSection(page, 'Score & submit');
    const reasons = await page.locator('ul.reasons li').allInnerTexts();
    assert.deepEqual(reasons, ["blast radius missing the key owner's AdministratorAccess", 'policy still allows iam:ListRoles']);
    await page.screenshot({ path: join(OUTPUT, 'lab-web-score-poor.png') });

    // Reload: the drafts come back from the server.
    await page.reload();
    await page.getByRole('heading', { name: 'Mission' }).waitFor();
    await waitFor('score after reload', () => totalScore(page), (text) => text === '92');
    await openStep(page, 4);
    assert.match(await page.getByLabel('Least-privilege IAM policy JSON').inputValue(), /iam:ListRoles/);
    assert.match(await page.getByTestId('save-status').innerText(), /^Draft saved \(revision \d+\)$/);
    await openStep(page, 1);
    assert.equal(await page.locator('fieldset.finding').first().getByLabel('Blast radius', { exact: true }).inputValue(), 'Anyone who can read the repository can use the key.');
    assert.equal(await page.locator('fieldset.finding').first().getByLabel('Lines', { exact: true }).inputValue(), '135, 136');

    // Submit and find it in the history with the live score.
    await openSection(page, 'Score & submit');
    await page.getByRole('button', { name: 'Submit current drafts' }).click();
    const row = page.locator('table.history tbody tr').first();
    await row.waitFor();
    assert.match(await row.innerText(), /92 \/ 100/);
    assert.deepEqual(store.submissions().map((submission) => submission.score), [92], 'the stored score equals the score shown');
    await page.screenshot({ path: join(OUTPUT, 'lab-web-history.png') });

    // The Markdown export, from the page's own link.
    const href = await page.getByRole('link', { name: /Export the assessment/ }).getAttribute('href');
    assert.equal(href, '/api/export.md');
    const markdown = await page.evaluate<string>(`fetch(${JSON.stringify(href)}).then((r) => r.text())`);
    assert.match(markdown, /MLOps Platform Security Assessment/);
    assert.match(markdown, /policy still allows iam:ListRoles/);

    // Learner text is rendered as text: markup typed into a field stays characters, and survives a reload as such.
    const markup = '<img src=x onerror="window.__xss = 1"><b>bold</b>';
    await openStep(page, 4);
    await page.locator('fieldset.finding').first().getByLabel('What is wrong', { exact: true }).fill(markup);
    await waitFor('step 4 saved', () => page.getByTestId('save-status').innerText(), (text) => text.startsWith('Draft saved'));
    await page.reload();
    await openStep(page, 4);
    assert.equal(await page.locator('fieldset.finding').first().getByLabel('What is wrong', { exact: true }).inputValue(), markup);
    await openSection(page, 'Score & submit');
    assert.equal(await page.locator('main img, main b').count(), 0, 'no element made from learner text');
    assert.equal(await page.evaluate<unknown>('window.__xss'), undefined);

    // Reset one step (asks first): its points go, the history stays.
    await openStep(page, 3);
    await page.getByRole('button', { name: 'Reset step 3…' }).click();
    await page.getByRole('button', { name: 'Yes, reset step 3' }).click();
    await waitFor('score without step 3', () => totalScore(page), (text) => text === '67');
    assert.equal(await page.locator('fieldset.finding').count(), 0);
    await openSection(page, 'Score & submit');
    assert.equal(await page.locator('table.history tbody tr').count(), 1);

    assert.deepEqual(await cspViolations(), [], 'no CSP violations');
    assert.deepEqual(errors, [], 'no console errors or warnings');
    for (const shot of ['lab-web-overview.png', 'lab-web-step1.png', 'lab-web-score-poor.png', 'lab-web-history.png']) assert.ok(statSync(join(OUTPUT, shot)).size > 5_000, `${shot} saved`);
  } finally {
    await close();
  }
});
