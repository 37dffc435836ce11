import { FRAMEWORK_TITLES, frameworkUrl, type FrameworkName } from '../core/frameworks.js';
import type { RuleMeta } from '../core/rule.js';

/** The documentation page of one rule, in Markdown: used by docs/rules, `explain` and SARIF help. */
export function ruleHelpMarkdown(rule: RuleMeta): string {
  const lines = [
    `## ${rule.id}`,
    '',
    `**${rule.title}**: ${rule.severity} severity, ${rule.confidence} confidence, category \`${rule.category}\`.`,
    '',
    rule.docs.summary,
    '',
    '### Why it matters',
    '',
    rule.docs.risk,
    '',
    '### Control',
    '',
    rule.control,
    '',
    '### Example: finding',
    '',
    fence(rule.docs.bad.language, rule.docs.bad.code),
  ];
  if (rule.docs.bad.note) lines.push('', rule.docs.bad.note);
  lines.push('', '### Example: fixed', '', fence(rule.docs.good.language, rule.docs.good.code));
  if (rule.docs.good.note) lines.push('', rule.docs.good.note);
  lines.push('', '### Framework mappings', '');
  for (const ref of rule.frameworks) {
    const url = frameworkUrl(ref);
    const title = FRAMEWORK_TITLES[ref.framework as FrameworkName] ?? ref.framework;
    lines.push(`- ${title}: ${url ? `[${ref.id}](${url})` : ref.id} ${ref.name}`);
  }
  if (rule.docs.references?.length) {
    lines.push('', '### References', '');
    for (const reference of rule.docs.references) lines.push(`- [${reference.title}](${reference.url})`);
  }
  return `${lines.join('\n')}\n`;
}

/** The same page as plain text for terminals. */
export function ruleHelpText(rule: RuleMeta): string {
  const indent = (text: string) => text.split('\n').map((line) => `    ${line}`).join('\n');
  const lines = [
    `${rule.id}: ${rule.title}`,
    `severity ${rule.severity}, confidence ${rule.confidence}, category ${rule.category}`,
    '',
    rule.docs.summary,
    '',
    'Why it matters',
    `  ${rule.docs.risk}`,
    '',
    'Control',
    `  ${rule.control}`,
    '',
    'Finding:',
    indent(rule.docs.bad.code),
    '',
    'Fixed:',
    indent(rule.docs.good.code),
    '',
    'Frameworks',
    ...rule.frameworks.map((ref) => `  ${ref.framework} ${ref.id} ${ref.name}`),
  ];
  return `${lines.join('\n')}\n`;
}

function fence(language: string, code: string): string {
  const ticks = code.includes('```') ? '````' : '```';
  return `${ticks}${language}\n${code}\n${ticks}`;
}
