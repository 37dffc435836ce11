import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifactKindFor } from '../artifacts/artifact.js';
import { CATEGORIES, CONFIDENCES, SEVERITIES } from '../core/finding.js';
import { ruleReads } from '../core/rule.js';
import { analyzeText } from '../core/scan.js';
import { REPO_ROOT, TEST_CASES } from '../testing/paths.js';
import { ruleHelpMarkdown } from '../report/rule-docs.js';
import { RULES } from './index.js';
import { RULE_GROUPS, rulesReading } from './on-demand.js';

// Every rule documents itself, has its own test file, and has at least one positive and one clean
// case under test-cases/<rule id>/{positive,clean}/ that this test runs.

test('rule ids are unique and match their file paths', () => {
  const ids = RULES.map((rule) => rule.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) {
    assert.match(id, /^[a-z0-9-]+\/[a-z0-9-]+$/, id);
    assert.ok(existsSync(join(REPO_ROOT, 'src', 'rules', `${id}.ts`)), `src/rules/${id}.ts exists`);
  }
});

test('the groups a scan loads on demand are RULES, in order, each reading the kinds its rules read', async () => {
  const groups = await Promise.all(RULE_GROUPS.map(async (group) => ({ group, rules: await group.load() })));
  assert.deepEqual(
    groups.flatMap(({ rules }) => rules.map((rule) => rule.id)),
    RULES.map((rule) => rule.id),
    'a rule folder is missing from rules/on-demand.ts, or listed out of order',
  );
  for (const { group, rules } of groups) {
    assert.ok(rules.every((rule) => rule.id.startsWith(`${group.folder}/`)), `${group.folder}: its own rules`);
    assert.deepEqual([...group.reads].sort(), [...new Set(rules.flatMap((rule) => ruleReads(rule)))].sort(), `${group.folder}: the kinds its rules read`);
  }
  for (const kind of new Set(RULES.flatMap((rule) => ruleReads(rule)))) {
    assert.deepEqual(
      (await rulesReading(kind)).map((rule) => rule.id),
      RULES.filter((rule) => ruleReads(rule).includes(kind)).map((rule) => rule.id),
      kind,
    );
  }
});

for (const rule of RULES) {
  test(`${rule.id} is documented`, () => {
    assert.ok(rule.title.length > 10, 'title');
    assert.ok(CATEGORIES.includes(rule.category), 'category');
    assert.ok(SEVERITIES.includes(rule.severity), 'severity');
    assert.ok(CONFIDENCES.includes(rule.confidence), 'confidence');
    assert.ok(rule.control.length > 40, 'control');
    assert.ok(rule.docs.summary.length > 80, 'docs.summary');
    assert.ok(rule.docs.risk.length > 40, 'docs.risk');
    assert.ok(rule.docs.bad.code.trim().length > 0, 'docs.bad');
    assert.ok(rule.docs.good.code.trim().length > 0, 'docs.good');
    assert.ok(rule.frameworks.length >= 3, 'framework mappings');
    assert.ok(rule.frameworks.some((ref) => ref.framework === 'CWE'), 'a CWE mapping');
    assert.ok(rule.frameworks.some((ref) => ref.framework === 'OWASP-LLM-2025' && /^LLM\d\d:2025$/.test(ref.id)), 'an OWASP LLM 2025 mapping');
    const path = join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`);
    assert.ok(existsSync(path), `docs/rules/${rule.id}.md exists (npm run docs)`);
    assert.equal(readFileSync(path, 'utf8'), ruleHelpMarkdown(rule), `docs/rules/${rule.id}.md is current (npm run docs)`);
  });

  test(`${rule.id} has tests and cases`, () => {
    assert.ok(existsSync(join(REPO_ROOT, 'src', 'rules', `${rule.id}.test.ts`)), `src/rules/${rule.id}.test.ts exists`);
    for (const kind of ['positive', 'clean'] as const) {
      const folder = join(TEST_CASES, rule.id, kind);
      const files = existsSync(folder) ? (readdirSync(folder, { recursive: true }) as string[]).filter((name) => artifactKindFor(name)) : [];
      assert.ok(files.length > 0, `test-cases/${rule.id}/${kind}/ has at least one case`);
      for (const name of files) {
        const file = `test-cases/${rule.id}/${kind}/${name}`;
        const text = readFileSync(join(REPO_ROOT, file), 'utf8');
        const { findings, error } = analyzeText(file, text, artifactKindFor(name)!);
        assert.equal(error, undefined, `${file} parses`);
        const own = findings.filter((finding) => finding.ruleId === rule.id);
        if (kind === 'positive') assert.ok(own.length > 0, `${file} triggers ${rule.id}`);
        else assert.deepEqual(own.map((finding) => `${finding.line}: ${finding.title}`), [], `${file} is clean for ${rule.id}`);
      }
    }
  });
}
