import type { Category, Finding, Severity } from '../core/finding.js';
import { severityRank } from '../core/finding.js';
import type { AnyRule } from '../core/rule.js';
import { describeIdentity, type PlatformIssue } from './issues.js';
import { COMPONENT_NOUN, isModelStore, type ComponentKind, type MapComponent, type PlatformModel } from './model.js';
import { isPromotion } from './signals.js';

// The review's output artifacts, derived from the model, the findings and which rules exist: a checklist
// of controls (pass / fail / unknown, with evidence), the control assessment per component, the registry
// promotion review, the serving endpoint findings and the remediation backlog.

export type CheckStatus = 'pass' | 'fail' | 'unknown';

export interface ChecklistItem {
  id: string;
  area: string;
  control: string;
  status: CheckStatus;
  evidence: string[];
}

interface ControlDefinition {
  id: string;
  area: string;
  control: string;
  categories: Category[];
  /** Component kinds the control is about; undefined: any. */
  kinds?: ComponentKind[];
  /** Only findings this test accepts count (defaults to all of the categories). */
  accept?: (finding: Finding) => boolean;
  /** Only rules whose id matches check the control (and only their findings fail it). */
  rules?: RegExp;
  /** File kinds that cannot show the control passed (an identity policy says nothing about an endpoint's login). */
  notFrom?: string[];
  /** The control lives outside configuration files: only a finding can fail it, nothing here can pass it. */
  manual?: boolean;
}

const NOTEBOOK: ComponentKind[] = ['notebook-server'];
const PIPELINE: ComponentKind[] = ['ci-pipeline', 'training-job'];
const REGISTRY: ComponentKind[] = ['tracking-server', 'model-registry'];
const SERVING: ComponentKind[] = ['inference-service'];

const CONTROLS: ControlDefinition[] = [
  { id: 'notebook-secrets', area: 'Notebooks', control: 'Notebooks hold no credentials in code, outputs or metadata, and outputs are stripped before commit.', categories: ['secret-exposure'], kinds: NOTEBOOK },
  { id: 'notebook-hygiene', area: 'Notebooks', control: 'Notebook outputs and autosave copies stay out of the repository.', categories: ['misconfiguration'], kinds: NOTEBOOK },
  { id: 'notebook-server-auth', notFrom: ['iam'], area: 'Notebooks', control: 'The notebook server requires authentication and TLS.', categories: ['missing-authentication', 'insecure-transport'], kinds: NOTEBOOK },
  { id: 'ci-secrets', area: 'Pipelines', control: 'Pipelines hold no plaintext secrets; credentials come from the secret store.', categories: ['secret-exposure'], kinds: PIPELINE },
  { id: 'ci-federation', area: 'Pipelines', control: 'Pipelines reach the cloud with short-lived federated credentials (OIDC and a role to assume), not stored keys.', categories: ['secret-exposure'], kinds: PIPELINE, rules: /long-lived/ },
  { id: 'ci-oidc-trust', area: 'Pipelines', control: "The CI role's trust policy admits only this repository and branch (token.actions.githubusercontent.com:sub pinned).", categories: ['excessive-privilege'], kinds: PIPELINE, rules: /oidc-trust|open-trust/ },
  { id: 'ci-token-scope', area: 'Pipelines', control: 'Pipeline tokens have least privilege (explicit read-only permissions by default).', categories: ['excessive-privilege'], kinds: PIPELINE, accept: (finding) => !finding.ruleId.startsWith('iam/') && finding.subjects?.identity === undefined },
  { id: 'ci-injection', area: 'Pipelines', control: 'Untrusted input cannot run code in pipelines (no dangerous triggers or expression injection).', categories: ['ci-injection'], kinds: PIPELINE },
  { id: 'ci-pinning', area: 'Pipelines', control: 'Third-party build steps are pinned to immutable versions.', categories: ['missing-artifact-integrity'], kinds: PIPELINE, accept: (finding) => !isPromotion(finding) },
  { id: 'iam-training', area: 'Identity', control: 'Notebook, training and pipeline identities have least privilege (no administrator or service-wide grants).', categories: ['excessive-privilege'], kinds: [...NOTEBOOK, ...PIPELINE], accept: (finding) => finding.ruleId.startsWith('iam/') || finding.subjects?.identity !== undefined },
  { id: 'iam-serving', area: 'Identity', control: 'Serving identities read only the model they serve and write only their own logs.', categories: ['excessive-privilege'], kinds: SERVING },
  { id: 'registry-auth', notFrom: ['iam'], area: 'Registry', control: 'The tracking server and model registry authenticate every caller, over TLS.', categories: ['missing-authentication', 'insecure-transport'], kinds: REGISTRY },
  { id: 'registry-gate', area: 'Registry', control: 'Promotion to Production needs an approval by someone other than the author.', categories: ['missing-approval-gate'] },
  { id: 'artifact-signing', area: 'Registry', control: 'Models are signed or attested when promoted and verified before they are served.', categories: ['missing-artifact-integrity'], accept: isPromotion, rules: /promot|sign|attest/ },
  { id: 'storage-private', notFrom: ['iam'], area: 'Storage', control: 'Model and data buckets are private (Block Public Access on).', categories: ['public-exposure'] },
  { id: 'tracking-logging', area: 'Registry', control: 'Experiment tracking records no secrets, prompts or personal data.', categories: ['sensitive-data-logging'] },
  { id: 'serving-auth', notFrom: ['iam'], area: 'Serving', control: 'Inference endpoints authenticate callers and are not exposed beyond their consumers.', categories: ['missing-authentication', 'public-exposure', 'insecure-transport'], kinds: SERVING },
  { id: 'safe-loading', area: 'Serving', control: 'Models are loaded without executing code from the artifact (no pickle from writable locations).', categories: ['unsafe-deserialization'] },
  { id: 'components-patched', area: 'Platform', control: 'Platform components run versions without published vulnerabilities.', categories: ['vulnerable-component'] },
  { id: 'isolation', area: 'Platform', control: 'Development, evaluation and production use separate credentials, data and networks.', categories: ['environment-isolation'], manual: true },
  { id: 'rollback', area: 'Platform', control: 'Staged rollout, canary and a tested rollback exist for model changes.', categories: [], manual: true },
  { id: 'gpu-quotas', area: 'Platform', control: 'GPU quotas, workload isolation and egress controls limit job abuse.', categories: [], manual: true },
];

export interface ChecklistContext {
  findings: readonly Finding[];
  model: PlatformModel;
  rules: readonly AnyRule[];
}

export function mlopsChecklist({ findings, model, rules }: ChecklistContext): ChecklistItem[] {
  const kindOf = (node: string | undefined) => model.components.find((component) => component.id === node)?.kind;
  return CONTROLS.map((definition) => {
    const relevant = findings.filter((finding) => {
      if (!definition.categories.includes(finding.category)) return false;
      if (definition.kinds && !definition.kinds.includes(kindOf(model.assignment[finding.fingerprint]) ?? 'other')) return false;
      if (definition.rules && !definition.rules.test(finding.ruleId)) return false;
      return definition.accept ? definition.accept(finding) : true;
    });
    if (relevant.length > 0) {
      const shown = [...relevant].sort((a, b) => severityRank(a.severity) - severityRank(b.severity)).slice(0, 4);
      return { id: definition.id, area: definition.area, control: definition.control, status: 'fail', evidence: shown.map((finding) => `${finding.severity.toUpperCase()} ${finding.ruleId} at ${finding.file}:${finding.line}: ${finding.evidence}`).concat(relevant.length > shown.length ? [`and ${relevant.length - shown.length} more`] : []) };
    }
    if (definition.manual || definition.categories.length === 0) {
      return { id: definition.id, area: definition.area, control: definition.control, status: 'unknown', evidence: ['Not visible in configuration files: collect the evidence (records, tests, runbooks) by hand.'] };
    }
    // A pass needs a scanned file of a relevant component and a rule that checks the control's categories.
    const checked = rules.filter((rule) => definition.categories.includes(rule.category) && (!definition.rules || definition.rules.test(rule.id)));
    const scanned = model.files.filter((file) => (!definition.kinds || definition.kinds.includes(kindOf(file.node) ?? 'other')) && !definition.notFrom?.includes(file.kind ?? ''));
    const readable = scanned.filter((file) => checked.some((rule) => (typeof rule.artifact === 'string' ? [rule.artifact] : rule.artifact).includes(file.kind as never)));
    if (readable.length > 0) {
      return { id: definition.id, area: definition.area, control: definition.control, status: 'pass', evidence: [`No finding from ${checked.map((rule) => rule.id).slice(0, 4).join(', ')}${checked.length > 4 ? ', …' : ''} in ${readable.map((file) => file.file).slice(0, 4).join(', ')}${readable.length > 4 ? ', …' : ''}.`] };
    }
    const why = checked.length === 0 ? 'no rule checks this yet' : scanned.length === 0 ? 'no file of such a component was scanned' : 'no scanned file is of a format the rules for it read';
    return { id: definition.id, area: definition.area, control: definition.control, status: 'unknown', evidence: [`Unknown: ${why}.`] };
  });
}

export interface ControlAssessmentRow {
  component: string;
  kind: string;
  identity?: string;
  findings: Record<Severity, number>;
  controls: Array<{ id: string; status: CheckStatus }>;
}

/** Per component: its identity, its findings by severity, and the checklist controls that apply to its kind. */
export function controlAssessment(context: ChecklistContext, checklist: ChecklistItem[]): ControlAssessmentRow[] {
  const { findings, model } = context;
  return model.components.map((component) => {
    const own = findings.filter((finding) => model.assignment[finding.fingerprint] === component.id);
    const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    for (const finding of own) counts[finding.severity]++;
    const applies = CONTROLS.filter((definition) => definition.kinds?.includes(component.kind));
    const controls = applies.map((definition) => {
      const item = checklist.find((entry) => entry.id === definition.id)!;
      const failsHere = own.some((finding) => definition.categories.includes(finding.category) && (!definition.rules || definition.rules.test(finding.ruleId)) && (!definition.accept || definition.accept(finding)));
      return { id: definition.id, status: failsHere ? ('fail' as const) : item.status === 'fail' ? ('pass' as const) : item.status };
    });
    const identity = component.identity ? model.identities.find((entry) => entry.id === component.identity) : undefined;
    return { component: component.name, kind: COMPONENT_NOUN[component.kind], identity: identity ? describeIdentity(identity) : undefined, findings: counts, controls };
  });
}

export interface PromotionReview {
  /** Who can put a model into Production, and on what grounds. */
  promoters: Array<{ who: string; how: string }>;
  findings: Array<{ severity: Severity; ruleId: string; where: string; title: string }>;
  verdict: string;
}

export function registryPromotionReview({ findings, model }: ChecklistContext): PromotionReview {
  const promoters: PromotionReview['promoters'] = [];
  for (const edge of model.edges.filter((entry) => entry.kind === 'promotes')) {
    const from = model.components.find((component) => component.id === edge.from);
    promoters.push({ who: from?.name ?? edge.from, how: `promotes models (${edge.basis})` });
  }
  for (const identity of model.identities) {
    for (const store of identity.reach?.stores ?? []) {
      const node = model.storage.find((entry) => entry.name === store.store);
      if (store.write && node && isModelStore(node)) promoters.push({ who: describeIdentity(identity), how: `can overwrite model artifacts in ${store.store} (${store.write})` });
    }
  }
  const registries = model.components.filter((component) => component.kind === 'tracking-server' || component.kind === 'model-registry');
  const relevant = findings.filter((finding) => {
    const node = model.assignment[finding.fingerprint];
    return registries.some((registry) => registry.id === node) || finding.category === 'missing-approval-gate' || (finding.category === 'missing-artifact-integrity' && isPromotion(finding));
  });
  for (const finding of relevant.filter((entry) => entry.category === 'missing-authentication')) promoters.push({ who: 'anyone who can reach the registry', how: `no authentication (${finding.file}:${finding.line})` });
  const gated = !relevant.some((finding) => finding.category === 'missing-approval-gate');
  const signed = !relevant.some((finding) => finding.category === 'missing-artifact-integrity');
  const verdict = relevant.length === 0 ? (registries.length || promoters.length ? 'No promotion weakness found in the scanned files.' : 'No registry or promotion step was scanned: unknown.') : `${gated ? '' : 'Production promotion has no approval gate. '}${signed ? '' : 'Promoted models are not signed or attested. '}${promoters.length} way${promoters.length === 1 ? '' : 's'} to change the Production model.`.trim();
  return {
    promoters,
    findings: relevant.sort((a, b) => severityRank(a.severity) - severityRank(b.severity)).map((finding) => ({ severity: finding.severity, ruleId: finding.ruleId, where: `${finding.file}:${finding.line}`, title: finding.title })),
    verdict,
  };
}

export interface ServingReview {
  endpoints: Array<{ name: string; url?: string; identity?: string; reads: string[]; findings: Array<{ severity: Severity; ruleId: string; where: string; title: string }> }>;
}

export function servingEndpointFindings({ findings, model }: ChecklistContext): ServingReview {
  const endpoints = model.components.filter((component) => component.kind === 'inference-service');
  return {
    endpoints: endpoints.map((component: MapComponent) => {
      const identity = component.identity ? model.identities.find((entry) => entry.id === component.identity) : undefined;
      const reads = (identity?.reach?.stores ?? []).filter((store) => store.read).map((store) => `${store.store}${store.holds.length ? ` (${store.holds.join(', ')})` : ''} via ${store.read}`);
      const own = findings.filter((finding) => model.assignment[finding.fingerprint] === component.id);
      return {
        name: component.name,
        url: component.url,
        identity: identity ? describeIdentity(identity) : undefined,
        reads,
        findings: own.sort((a, b) => severityRank(a.severity) - severityRank(b.severity)).map((finding) => ({ severity: finding.severity, ruleId: finding.ruleId, where: `${finding.file}:${finding.line}`, title: finding.title })),
      };
    }),
  };
}

export interface BacklogItem {
  order: number;
  severity: Severity;
  title: string;
  control: string;
  effort: 'S' | 'M' | 'L';
  owner: string;
  files: string[];
  status: 'open';
}

const OWNERS: Record<ComponentKind, string> = {
  'notebook-server': 'Data science platform team',
  'tracking-server': 'ML platform team',
  'model-registry': 'ML platform team',
  'ci-pipeline': 'CI/CD owners',
  'training-job': 'ML engineering',
  'inference-service': 'Serving team',
  other: 'Platform security',
};

/** One backlog item per platform issue, in the hardening summary's order; effort from how much must change. */
export function remediationBacklog(issues: readonly PlatformIssue[], model: PlatformModel): BacklogItem[] {
  return issues.map((issue) => {
    const component = issue.nodes.map((node) => model.components.find((entry) => entry.id === node)).find((entry) => entry !== undefined);
    const owner = component ? OWNERS[component.kind] : 'Cloud IAM owners';
    const rotations = issue.credentials.length;
    const effort: BacklogItem['effort'] = issue.files.length >= 3 || rotations >= 2 ? 'L' : issue.files.length === 2 || rotations === 1 ? 'M' : 'S';
    return { order: issue.rank, severity: issue.severity, title: issue.title, control: issue.control, effort, owner, files: issue.files, status: 'open' };
  });
}
