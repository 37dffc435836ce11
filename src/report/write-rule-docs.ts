import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROBE_CHECKS } from '../probe/checks/index.js';
import { RULES } from '../rules/index.js';
import { ruleHelpMarkdown } from './rule-docs.js';

// `npm run docs` regenerates docs/rules/ from the rule modules, so the pages never drift from the code.
const root = fileURLToPath(new URL('../../', import.meta.url));
const index = ['# Rules', '', 'Generated from the rule modules by `npm run docs`; `mlops-audit explain RULE` prints the same page.', '', '| Rule | Severity | Category | Title |', '| --- | --- | --- | --- |'];
for (const rule of [...RULES, ...PROBE_CHECKS]) {
  const path = join(root, 'docs', 'rules', `${rule.id}.md`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, ruleHelpMarkdown(rule));
  index.push(`| [\`${rule.id}\`](${rule.id}.md) | ${rule.severity} | ${rule.category} | ${rule.title} |`);
}
writeFileSync(join(root, 'docs', 'rules', 'README.md'), `${index.join('\n')}\n`);
process.stdout.write(`wrote ${RULES.length + PROBE_CHECKS.length} rule pages to docs/rules/\n`);
