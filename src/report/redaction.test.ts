import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArtifact } from '../artifacts/parse.js';
import { notebookExposures } from '../artifacts/notebook/notebook-exposures.js';
import { RULES } from '../rules/index.js';
import { REPO_ROOT } from '../testing/paths.js';
import { runCli } from '../testing/run-cli.js';

// No format may print a whole secret. The secrets are the ones the analyzer itself finds in the lab
// fixtures and in every test case, plus the fixtures' known keys, whether or not a rule reports them.
const KNOWN = ['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AKIAI44QH8DHBEXAMPLE', 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', 'Tr4in-Pipel1ne-2024'];

function notebooksUnder(folder: string): string[] {
  return (readdirSync(join(REPO_ROOT, folder), { recursive: true }) as string[]).filter((name) => name.endsWith('.ipynb')).map((name) => join(folder, name));
}

function secretsIn(files: string[]): Set<string> {
  const secrets = new Set(KNOWN);
  for (const file of files) {
    const parsed = parseArtifact(file, readFileSync(join(REPO_ROOT, file), 'utf8'), 'notebook');
    if (!parsed.ok || parsed.artifact.kind !== 'notebook') continue;
    for (const exposure of notebookExposures(parsed.artifact)) {
      for (const value of [exposure.match?.secret, exposure.match?.partner?.secret, exposure.value]) {
        if (value && value.length >= 6) secrets.add(value.trim());
      }
    }
  }
  return secrets;
}

const targets = ['fixtures/mlops', 'test-cases'];
const secrets = secretsIn(targets.flatMap(notebooksUnder));

function assertNoSecret(output: string, label: string): void {
  for (const secret of secrets) {
    // PEM blocks are checked by their body: the header alone is not secret.
    const probe = secret.includes('PRIVATE KEY') ? secret.replace(/-----[A-Z ]+-----/g, '').replace(/\\n|\s/g, '').slice(0, 40) : secret;
    assert.ok(!output.replace(/\\n|\s/g, '').includes(probe.replace(/\s/g, '')), `${label} shows a whole secret (${secret.slice(0, 4)}…)`);
  }
}

test('the test finds secrets to look for', () => {
  assert.ok(secrets.size > KNOWN.length + 10, `found ${secrets.size} secrets`);
});

for (const format of ['text', 'json', 'sarif', 'markdown']) {
  test(`the ${format} format never prints a whole secret`, () => {
    const plain = runCli(['scan', ...targets, '--format', format]);
    assert.ok(plain.stdout.length > 1000);
    assertNoSecret(plain.stdout + plain.stderr, format);
    if (format === 'text') {
      const coloured = runCli(['scan', ...targets, '--format', format, '--color']);
      assert.match(coloured.stdout, /\u001b\[/);
      assertNoSecret(coloured.stdout, 'coloured text');
    }
  });
}

test('a report written with --output never holds a whole secret', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-audit-redaction-'));
  try {
    const out = join(dir, 'report.md');
    runCli(['scan', ...targets, '--format', 'markdown', '--output', out]);
    assertNoSecret(readFileSync(out, 'utf8'), 'markdown file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rule listings and explanations show no secret from the fixtures or test cases', () => {
  let all = runCli(['rules']).stdout + runCli(['rules', '--format', 'json']).stdout;
  for (const rule of RULES) all += runCli(['explain', rule.id]).stdout;
  assertNoSecret(all, 'rules and explain');
});
