import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATEGORIES, CONFIDENCES, SEVERITIES } from '../../core/finding.js';
import { ruleHelpMarkdown } from '../../report/rule-docs.js';
import { RULES } from '../../rules/index.js';
import { REPO_ROOT } from '../../testing/paths.js';
import { PROBE_CHECKS } from './index.js';

// Live checks document themselves like file rules: same metadata, a generated docs page, own module.

test('probe check ids are unique, distinct from rule ids and match their modules', () => {
  const ids = PROBE_CHECKS.map((check) => check.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) {
    assert.match(id, /^probe\/[a-z0-9-]+$/, id);
    assert.ok(!RULES.some((rule) => rule.id === id), `${id} is not also a file rule`);
    assert.ok(existsSync(join(REPO_ROOT, 'src', 'probe', 'checks', `${id.slice('probe/'.length)}.ts`)), `src/probe/checks/${id.slice(6)}.ts exists`);
  }
});

for (const check of PROBE_CHECKS) {
  test(`${check.id} is documented`, () => {
    assert.ok(check.title.length > 10, 'title');
    assert.ok(CATEGORIES.includes(check.category), 'category');
    assert.ok(SEVERITIES.includes(check.severity), 'severity');
    assert.ok(CONFIDENCES.includes(check.confidence), 'confidence');
    assert.ok(check.control.length > 40, 'control');
    assert.ok(check.docs.summary.length > 80, 'docs.summary');
    assert.ok(check.docs.risk.length > 40, 'docs.risk');
    assert.ok(check.docs.bad.code.trim().length > 0, 'docs.bad');
    assert.ok(check.docs.good.code.trim().length > 0, 'docs.good');
    assert.ok(check.frameworks.length >= 3, 'framework mappings');
    assert.ok(check.frameworks.some((ref) => ref.framework === 'CWE'), 'a CWE mapping');
    assert.ok(check.frameworks.some((ref) => ref.framework === 'OWASP-LLM-2025' && /^LLM\d\d:2025$/.test(ref.id)), 'an OWASP LLM 2025 mapping');
    const path = join(REPO_ROOT, 'docs', 'rules', `${check.id}.md`);
    assert.ok(existsSync(path), `docs/rules/${check.id}.md exists (npm run docs)`);
    assert.equal(readFileSync(path, 'utf8'), ruleHelpMarkdown(check), `docs/rules/${check.id}.md is current (npm run docs)`);
  });
}

test('the rules index lists the probe checks', () => {
  const index = readFileSync(join(REPO_ROOT, 'docs', 'rules', 'README.md'), 'utf8');
  for (const check of PROBE_CHECKS) assert.ok(index.includes(`[\`${check.id}\`](${check.id}.md)`), check.id);
});
