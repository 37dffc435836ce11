import type { FrameworkRef } from '../core/finding.js';
import { FRAMEWORK_TITLES, frameworks, frameworkUrl, type FrameworkName } from '../core/frameworks.js';
import { findRule } from '../rules/index.js';
import type { AnswerKey } from './answer-key.js';

// The lab's framework mappings page: for each expected signal, the framework entries of the rules that
// report it (so the page can never disagree with what the analyzer prints), and the seed lab's older
// names next to the current ids they correspond to.

/** The frameworks the lab page shows, in column order; CWE and the OWASP ML list stay in the reports. */
export const LAB_FRAMEWORKS = ['OWASP-LLM-2025', 'MITRE-ATLAS', 'NIST-AI-RMF', 'ISO-42001'] as const satisfies readonly FrameworkName[];
type LabFramework = (typeof LAB_FRAMEWORKS)[number];

export interface MappedRef {
  id: string;
  name: string;
  url?: string;
}

export interface SignalMapping {
  signal: string;
  name: string;
  steps: number[];
  rules: string[];
  refs: Record<LabFramework, MappedRef[]>;
}

export interface OlderName {
  framework: LabFramework;
  /** How the original lab page cited it. */
  seed: string;
  current: MappedRef[];
  note: string;
}

export interface LabFrameworkMap {
  frameworks: Array<{ id: LabFramework; title: string }>;
  signals: SignalMapping[];
  olderNames: OlderName[];
}

function mapped(ref: FrameworkRef): MappedRef {
  const url = frameworkUrl(ref);
  return url ? { id: ref.id, name: ref.name, url } : { id: ref.id, name: ref.name };
}

// The original lab page listed one entry per framework under names that have since changed or that name
// a different part of the standard. Current ids resolve through the catalogue, so a typo fails at load.
const OLDER_NAMES: Array<{ framework: LabFramework; seed: string; current: string[]; note: string }> = [
  {
    framework: 'OWASP-LLM-2025',
    seed: 'LLM03 · Training Data Poisoning',
    current: ['LLM04:2025', 'LLM03:2025'],
    note: 'That is the 2023 (v1.1) list, where LLM03 was Training Data Poisoning. The 2025 list moved poisoning to LLM04:2025 Data and Model Poisoning and gave LLM03:2025 to Supply Chain, which covers a registry that promotes unreviewed or unsigned models.',
  },
  {
    framework: 'MITRE-ATLAS',
    seed: 'AML.T0010 · ML Supply Chain Compromise',
    current: ['AML.T0010'],
    note: 'Same technique id; ATLAS now calls it AI Supply Chain Compromise, as it renamed its other "ML" techniques to "AI".',
  },
  {
    framework: 'NIST-AI-RMF',
    seed: 'MANAGE · AI risk management and control',
    current: ['MEASURE 2.7', 'MANAGE 2.4'],
    note: 'MANAGE is one of the four functions of the AI RMF 1.0 (GOVERN, MAP, MEASURE, MANAGE), not an entry, and "AI risk management and control" is not a title in it. The lab\'s findings cite subcategories instead: MEASURE 2.7 (security and resilience evaluated and documented) and, for unsigned promotion, MANAGE 2.4 (means to supersede or deactivate a model).',
  },
  {
    framework: 'ISO-42001',
    seed: '8.4 · AI system operation and monitoring',
    current: ['A.6.2.6'],
    note: 'In ISO/IEC 42001:2023, clause 8.4 is the AI system impact assessment. Operation and monitoring is the Annex A control A.6.2.6, which is what the findings cite.',
  },
];

export function labFrameworkMap(key: AnswerKey): LabFrameworkMap {
  const fixtures = new Map(key.fixtures.map((fixture) => [fixture.file, fixture.step]));
  const signals = key.signals.map((signal) => {
    const expected = key.findings.filter((finding) => signal.findings.includes(finding.id));
    const rules = [...new Set(expected.map((finding) => finding.ruleId))];
    const summarySteps = key.hardeningSummary
      .filter((entry) => entry.findings.some((id) => signal.findings.includes(id)))
      .map((entry) => fixtures.get(entry.fixture))
      .filter((step): step is number => step !== undefined);
    const steps = [...new Set([...expected.map((finding) => fixtures.get(finding.file)).filter((step): step is number => step !== undefined), ...summarySteps])].sort();
    const refs = Object.fromEntries(LAB_FRAMEWORKS.map((framework) => [framework, [] as MappedRef[]])) as Record<LabFramework, MappedRef[]>;
    for (const ruleId of rules) {
      const rule = findRule(ruleId);
      if (!rule) throw new Error(`answer key signal ${signal.id} names rule ${ruleId}, which does not exist`);
      for (const ref of rule.frameworks) {
        const column = refs[ref.framework as LabFramework];
        if (column && !column.some((entry) => entry.id === ref.id)) column.push(mapped(ref));
      }
    }
    for (const column of Object.values(refs)) column.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    return { signal: signal.id, name: signal.name, steps, rules, refs };
  });
  const olderNames = OLDER_NAMES.map((entry) => ({
    framework: entry.framework,
    seed: entry.seed,
    current: frameworks(...entry.current.map((id) => `${entry.framework}:${id}`)).map(mapped),
    note: entry.note,
  }));
  return { frameworks: LAB_FRAMEWORKS.map((id) => ({ id, title: FRAMEWORK_TITLES[id] })), signals, olderNames };
}
