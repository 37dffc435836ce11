import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../testing/run-cli.js';
import type { Report } from './report.js';

test('the Markdown report opens with a summary table ordered by severity', () => {
  const markdown = runCli(['scan', 'fixtures/mlops', '--format', 'markdown']).stdout;
  const json = JSON.parse(runCli(['scan', 'fixtures/mlops', '--format', 'json']).stdout) as Report;
  assert.match(markdown, /^# mlops-audit report/);
  const rows = markdown.split('\n').filter((line) => /^\| \d+ \|/.test(line));
  assert.equal(rows.length, json.findings.length);
  const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'];
  const ranks = rows.map((row) => order.indexOf(row.split('|')[2]!.trim()));
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
  assert.match(rows[0]!, /AWS access key pair printed in a cell output/);
  assert.match(rows[0]!, /notebook-credential-leak.*:136:16.*cell 7, output 0/);
  assert.match(markdown, /\*\*Blast radius:\*\*/);
  for (const row of rows) assert.equal(row.split(/(?<!\\)\|/).length, 7, 'table rows keep their five columns');
});

test('a Markdown report of an empty folder says there is nothing to report', () => {
  const markdown = runCli(['scan', 'src/testing', '--format', 'markdown']).stdout;
  assert.match(markdown, /No findings\./);
});
