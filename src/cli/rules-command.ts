import { createColors } from 'picocolors';
import { RULES, findRule } from '../rules/index.js';
import { findProbeCheck, PROBE_CHECKS } from '../probe/checks/index.js';
import { ruleHelpMarkdown, ruleHelpText } from '../report/rule-docs.js';
import { UsageError, useColor } from './usage.js';

export function runRules(format: string): number {
  if (format === 'json') {
    const list = RULES.map(({ id, title, category, severity, confidence, control, frameworks, labSignal }) => ({ id, title, category, severity, confidence, control, frameworks, labSignal }));
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  if (format !== 'text') throw new UsageError('--format must be text or json');
  const c = createColors(useColor(process.stdout, undefined));
  const width = Math.max(...RULES.map((rule) => rule.id.length));
  for (const rule of RULES) {
    process.stdout.write(`${rule.id.padEnd(width)}  ${rule.severity.padEnd(8)}  ${c.dim(rule.category.padEnd(26))}  ${rule.title}\n`);
  }
  process.stdout.write(c.dim(`\n${RULES.length} rules. 'mlops-audit explain RULE' shows one in full.\n`));
  process.stdout.write(`\nLive checks of running services ('mlops-audit probe URL'):\n`);
  for (const check of PROBE_CHECKS) {
    process.stdout.write(`${check.id.padEnd(width)}  ${check.severity.padEnd(8)}  ${c.dim(check.category.padEnd(26))}  ${check.title}\n`);
  }
  return 0;
}

export function runExplain(id: string, format: string): number {
  const rule = findRule(id) ?? findProbeCheck(id) ?? RULES.find((candidate) => candidate.id.endsWith(`/${id}`));
  if (!rule) {
    const close = RULES.filter((candidate) => candidate.id.includes(id.split('/').pop() ?? id)).map((candidate) => candidate.id);
    throw new UsageError(`no rule named ${id}${close.length ? `; did you mean ${close.join(', ')}?` : "; 'mlops-audit rules' lists them"}`);
  }
  process.stdout.write(format === 'markdown' ? ruleHelpMarkdown(rule) : ruleHelpText(rule));
  return 0;
}
