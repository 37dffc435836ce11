import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_FIXTURES_DIR } from './answer-key.js';
import { validateAnswers, type StepNumber } from './grading/answers.js';
import { grade } from './grading/grade.js';
import { MAX_SCORE } from './grading/rubric.js';
import { openBrowserLab, openSection, openStep, OUTPUT, totalScore, waitFor } from '../testing/lab-browser.js';
import { labSecrets } from '../testing/lab-secrets.js';
import { TEST_CASES } from '../testing/paths.js';

// The lab's other pages in Debian's Chromium: the reading module links to the steps, the fixture viewer
// highlights JSON and YAML without changing a character, the framework mappings table, the self-assessment
// checklist (saved, compared with the grade, kept by a submission) and the JSON backup downloaded and
// imported again through the page, including a refused file that changes nothing.

const poor = validateAnswers(JSON.parse(readFileSync(join(TEST_CASES, 'lab', 'answers-poor.json'), 'utf8')));

test('lab pages in Chromium: reading, highlighted fixtures, framework mappings, self-assessment, backup download and import', { timeout: 180_000 }, async () => {
  const graded = grade(poor);
  const { page, store, lab, errors, cspViolations, close } = await openBrowserLab((seed) => {
    for (const step of [1, 2, 3, 4] as StepNumber[]) if (poor[step]) seed.saveDraft(step, poor[step]!);
  });
  try {
    await page.goto(lab.url);
    await page.getByRole('heading', { name: 'Mission' }).waitFor();
    await waitFor('the seeded drafts graded', () => totalScore(page), (text) => text === String(graded.score));

    // Reading: the chapter's checklists; a step chip opens that step.
    await page.getByRole('button', { name: 'Read first' }).click();
    await page.getByRole('heading', { name: 'Reading: securing the MLOps platform' }).waitFor();
    const sections = await page.locator('.reading section h3').allInnerTexts();
    assert.deepEqual(sections, ['What goes wrong', 'What to look at', 'Questions to ask the team', 'What to test', 'Controls that close the gaps', 'Evidence to collect', 'What the review produces']);
    assert.ok((await page.locator('.reading').innerText()).includes('notebook/secret-in-experiment-tracking'));
    await page.screenshot({ path: join(OUTPUT, 'lab-web-reading.png') });
    await page.locator('#reading-test').getByRole('button', { name: 'Step 3' }).first().click();
    await page.getByRole('heading', { name: /^Step 3:/ }).waitFor();

    // Highlighting: tokens coloured, the text of every line the file's.
    const secrets = labSecrets();
    for (const [step, file, token] of [[2, 'training-pipeline.yml', 'tok-propertyName'], [1, 'notebook-credential-leak.ipynb', 'tok-string'], [3, 'mlflow-config.json', 'tok-propertyName']] as const) {
      await openStep(page, step);
      const raw = readFileSync(join(LAB_FIXTURES_DIR, file), 'utf8').replace(/\n$/, '').split('\n');
      const shown = await page.locator('ol.code li .src').allInnerTexts();
      assert.equal(shown.length, raw.length, `${file}: one row per line`);
      // Highlighting changes no character; only secrets are masked (same length, never whole).
      shown.forEach((text, i) => {
        const line = raw[i] === '' ? ' ' : raw[i]!;
        if (secrets.some((secret) => line.includes(secret))) {
          assert.equal(text.length, line.length, `${file} line ${i + 1} keeps its length`);
          for (const secret of secrets) assert.ok(!text.includes(secret), `${file} line ${i + 1} shows a whole secret`);
        } else assert.equal(text, line, `${file} line ${i + 1}`);
      });
      assert.ok((await page.locator(`ol.code .${token}`).count()) > 5, `${file} has ${token} tokens`);
    }
    // The JSON keys of the registry config are the property tokens, in order.
    const keys = readFileSync(join(LAB_FIXTURES_DIR, 'mlflow-config.json'), 'utf8').match(/"[^"\n]+"(?=\s*:)/g)!;
    assert.deepEqual(await page.locator('ol.code .tok-propertyName').allInnerTexts(), keys);
    await page.screenshot({ path: join(OUTPUT, 'lab-web-highlighted.png') });

    // Framework mappings.
    await openSection(page, 'Frameworks');
    await page.getByRole('heading', { name: 'Framework mappings' }).waitFor();
    assert.equal(await page.locator('table.mapping tbody tr').count(), 6);
    assert.match(await page.locator('tr[data-signal="unauthenticated-model-registry"]').innerText(), /AML\.T0010 AI Supply Chain Compromise/);
    const owasp = await page.locator('table.older tr[data-framework="OWASP-LLM-2025"]').innerText();
    assert.match(owasp, /LLM03 · Training Data Poisoning/);
    assert.match(owasp, /LLM04:2025 Data and Model Poisoning/);
    assert.ok(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth'), 'the mappings fit a 1366×768 screen without sideways scrolling');
    await page.screenshot({ path: join(OUTPUT, 'lab-web-frameworks.png') });

    // Self-assessment: tick every criterion (one by keyboard), compare with the grade, survive a reload.
    await openSection(page, 'Self-assessment');
    await page.getByRole('heading', { name: 'Self-assessment' }).waitFor();
    assert.equal(await page.getByTestId('self-score').innerText(), '0');
    const boxes = page.locator('ul.rubric input[type="checkbox"]');
    assert.equal(await boxes.count(), graded.criteria.length);
    await boxes.first().focus();
    await page.keyboard.press('Space');
    for (let i = 1; i < graded.criteria.length; i++) await boxes.nth(i).check();
    await waitFor('estimate 100', () => page.getByTestId('self-score').innerText(), (text) => text === String(MAX_SCORE));
    await waitFor('self-assessment saved', () => page.getByTestId('self-status').innerText(), (text) => /Saved \(revision \d+\)/.test(text));
    const missed = graded.criteria.find((criterion) => criterion.earned === 0)!;
    const row = page.locator(`ul.rubric li[data-criterion="${missed.id}"]`);
    assert.equal(await row.getAttribute('class'), 'verdict-over');
    assert.match(await row.innerText(), new RegExp(`Graded 0/${missed.points}: you claimed it; the grader gave 0`));
    assert.ok(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth'), 'the checklist fits without sideways scrolling');
    await page.screenshot({ path: join(OUTPUT, 'lab-web-self-assessment.png'), fullPage: true });
    assert.deepEqual(store.selfAssessment()!.met.length, graded.criteria.length, 'saved in the database');
    await page.reload();
    await openSection(page, 'Self-assessment');
    await waitFor('estimate after reload', () => page.getByTestId('self-score').innerText(), (text) => text === String(MAX_SCORE));

    // Submit: the history shows the grade and the estimate.
    await openSection(page, 'Score & submit');
    await page.getByRole('button', { name: 'Submit current drafts' }).click();
    const history = page.locator('table.history tbody tr').first();
    await history.waitFor();
    assert.match(await history.innerText(), new RegExp(`${graded.score} / 100\\s+${MAX_SCORE} / 100`));

    // Backup: download through the page's link…
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download a JSON backup' }).click()]);
    const file = join(OUTPUT, 'lab-web-backup.json');
    await download.saveAs(file);
    const backup = JSON.parse(readFileSync(file, 'utf8')) as { version: number; drafts: unknown[]; submissions: unknown[]; selfAssessment: { met: string[] } };
    assert.equal(backup.version, 2);
    assert.equal(backup.drafts.length, 4);
    assert.equal(backup.submissions.length, 1);
    assert.equal(backup.selfAssessment.met.length, graded.criteria.length);

    // …lose a step, then import the file: the step and the score come back, the history is not doubled.
    await openStep(page, 3);
    await page.getByRole('button', { name: 'Reset step 3…' }).click();
    await page.getByRole('button', { name: 'Yes, reset step 3' }).click();
    const withoutStep3 = graded.score - graded.steps.find((entry) => entry.step === 3)!.earned;
    await waitFor('score without step 3', () => totalScore(page), (text) => text === String(withoutStep3));
    await openSection(page, 'Score & submit');
    await page.getByLabel('Import a backup').setInputFiles(file);
    await waitFor('import reported', () => page.getByTestId('backup-message').innerText(), (text) => text.startsWith('Imported'));
    assert.equal(await page.getByTestId('backup-message').innerText(), 'Imported lab-web-backup.json: 4 step drafts, the self-assessment and 0 new submissions.');
    await waitFor('score restored', () => totalScore(page), (text) => text === String(graded.score));
    assert.equal(await page.locator('table.history tbody tr').count(), 1);
    await openStep(page, 3);
    assert.equal(await page.locator('fieldset.finding').count(), poor[3]!.findings!.length, 'step 3 is back in the editor');

    // A refused file: the reason is shown, nothing changes.
    await openSection(page, 'Score & submit');
    await page.getByLabel('Import a backup').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "something-else", "version": 2}') });
    await waitFor('refusal shown', () => page.getByRole('alert').innerText(), (text) => text.length > 0);
    assert.equal(await page.getByRole('alert').innerText(), 'Not imported, nothing changed: backup.format: must be "mlops-audit-lab-backup"');
    await page.getByLabel('Import a backup').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": ') });
    await waitFor('parse error shown', () => page.getByRole('alert').innerText(), (text) => text.includes('broken.json is not JSON'));
    assert.equal(await totalScore(page), String(graded.score));
    assert.equal(store.drafts().length, 4);

    assert.deepEqual(await cspViolations(), [], 'no CSP violations');
    assert.deepEqual(errors.filter((error) => !error.includes('400 (Bad Request)')), [], 'no console errors or warnings besides the refused import');
    for (const shot of ['lab-web-reading.png', 'lab-web-highlighted.png', 'lab-web-frameworks.png', 'lab-web-self-assessment.png']) assert.ok(statSync(join(OUTPUT, shot)).size > 5_000, `${shot} saved`);
  } finally {
    await close();
  }
});
