import { posix } from 'node:path';
import { SEVERITIES, severityRank, type Finding, type Severity } from '../core/finding.js';
import { capitalise, checkpointOriginal, normalisePath, type MapComponent, type MapCredential, type MapIdentity, type PlatformModel } from './model.js';
import { isAccountWide } from './reach.js';
import { PLATFORM_SIGNALS } from './signals.js';

// Correlation: findings grouped by the platform node they are about (a component, or an identity no
// component uses), groups joined when they share a credential or a credential's owner, and each group
// ranked by the severity its findings reach once the platform is taken into account.

export interface IssueFinding {
  fingerprint: string;
  ruleId: string;
  title: string;
  file: string;
  line: number;
  column: number;
  severity: Severity;
  /** The severity on this platform: a leaked key by its owner's reach; a policy gap needs a foothold first. */
  platformSeverity: Severity;
  evidence: string;
}

export interface PlatformIssue {
  id: string;
  rank: number;
  severity: Severity;
  title: string;
  /** Components and identities the issue is about. */
  nodes: string[];
  primaryFile: string;
  files: string[];
  findings: IssueFinding[];
  credentials: string[];
  signals: string[];
  evidence: string[];
  blastRadius: string;
  control: string;
  why: string;
}

interface Context {
  model: PlatformModel;
  components: Map<string, MapComponent>;
  identities: Map<string, MapIdentity>;
  credentials: Map<string, MapCredential>;
}

export function correlate(findings: readonly Finding[], model: PlatformModel): PlatformIssue[] {
  const context: Context = {
    model,
    components: new Map(model.components.map((component) => [component.id, component])),
    identities: new Map(model.identities.map((identity) => [identity.id, identity])),
    credentials: new Map(model.credentials.map((credential) => [credential.hash, credential])),
  };
  // Union-find over nodes: a credential joins every node it appears on and its owner's node.
  const parent = new Map<string, string>();
  const find = (node: string): string => {
    let root = node;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(node, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  const nodeOf = (finding: Finding) => model.assignment[finding.fingerprint] ?? `file:${finding.file}`;
  for (const finding of findings) find(nodeOf(finding));
  for (const credential of model.credentials) {
    const nodes = findings.filter((finding) => finding.subjects?.credential === credential.hash).map(nodeOf);
    if (credential.owner) nodes.push(ownerNode(credential.owner, model));
    for (const node of nodes.slice(1)) union(nodes[0]!, node);
  }

  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const root = find(nodeOf(finding));
    groups.set(root, [...(groups.get(root) ?? []), finding]);
  }

  const issues = [...groups.values()].map((group) => buildIssue(group, context, nodeOf));
  issues.sort(compareIssues);
  issues.forEach((issue, i) => (issue.rank = i + 1));
  return issues;
}

/** Severity first (platform severity), then the worst finding as reported, then how many serious findings, then the file. */
function compareIssues(a: PlatformIssue, b: PlatformIssue): number {
  const rawWorst = (issue: PlatformIssue) => Math.min(...issue.findings.map((finding) => severityRank(finding.severity)));
  const serious = (issue: PlatformIssue) => issue.findings.filter((finding) => severityRank(finding.severity) <= severityRank('high')).length;
  return severityRank(a.severity) - severityRank(b.severity) || rawWorst(a) - rawWorst(b) || serious(b) - serious(a) || (a.primaryFile < b.primaryFile ? -1 : a.primaryFile > b.primaryFile ? 1 : 0);
}

function ownerNode(identity: string, model: PlatformModel): string {
  const component = model.edges.find((edge) => edge.kind === 'uses credential' && edge.to === identity && model.components.some((entry) => entry.id === edge.from));
  return component?.from ?? identity;
}

function platformSeverity(finding: Finding, context: Context): Severity {
  const credential = finding.subjects?.credential ? context.credentials.get(finding.subjects.credential) : undefined;
  if (finding.category === 'secret-exposure' && credential?.owner) {
    const reach = context.identities.get(credential.owner)?.reach;
    if (reach) return isAccountWide(reach) ? 'critical' : lower(finding.severity, 'high');
  }
  // A policy gap is reached only through a foothold in the workload (or a leaked key, reported as such).
  if (finding.category === 'excessive-privilege') return step(finding.severity, 1);
  // A vulnerable server version is exploited only by whoever reaches the service over the network; its
  // exposure (reported by its own findings) is what makes it urgent.
  if (finding.category === 'vulnerable-component') return step(finding.severity, 1);
  return finding.severity;
}

function lower(severity: Severity, cap: Severity): Severity {
  return severityRank(severity) < severityRank(cap) ? cap : severity;
}

function step(severity: Severity, by: number): Severity {
  return SEVERITIES[Math.min(SEVERITIES.length - 1, severityRank(severity) + by)]!;
}

function buildIssue(group: Finding[], context: Context, nodeOf: (finding: Finding) => string): PlatformIssue {
  const { model } = context;
  const entries: IssueFinding[] = group.map((finding) => ({
    fingerprint: finding.fingerprint,
    ruleId: finding.ruleId,
    title: finding.title,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    severity: finding.severity,
    platformSeverity: platformSeverity(finding, context),
    evidence: finding.evidence,
  }));
  const severity = SEVERITIES[Math.min(...entries.map((entry) => severityRank(entry.platformSeverity)))]!;
  const nodes = [...new Set(group.map(nodeOf))];
  const declared = new Set(model.components.flatMap((component) => component.files));
  const inventoryLike = (file: string) => model.files.some((entry) => entry.file === file && entry.node === undefined) || /mlops-inventory\.json$/.test(file);
  // The file the issue is "about": a top-severity finding's file, preferring files the inventory names for a component.
  const ordered = [...group].sort((a, b) => {
    const pa = severityRank(platformSeverity(a, context));
    const pb = severityRank(platformSeverity(b, context));
    const score = (finding: Finding) => (isDeclared(finding.file, declared) ? 0 : 1) + (checkpointOriginal(finding.file) ? 1 : 0) + (inventoryLike(finding.file) ? 2 : 0);
    // At equal weight, a design gap (no login, public data) heads the issue before an outdated version: upgrading alone does not close it.
    const patchOnly = (finding: Finding) => (finding.category === 'vulnerable-component' ? 1 : 0);
    return pa - pb || score(a) - score(b) || patchOnly(a) - patchOnly(b) || severityRank(a.severity) - severityRank(b.severity);
  });
  const top = ordered[0]!;
  const files = [...new Set(group.map((finding) => finding.file))];
  const credentialHashes = [...new Set(group.map((finding) => finding.subjects?.credential).filter((hash): hash is string => hash !== undefined))];
  const credentials = credentialHashes.map((hash) => context.credentials.get(hash)).filter((credential): credential is MapCredential => credential !== undefined);
  const owned = credentials.find((credential) => credential.owner && context.identities.get(credential.owner)?.reach);
  const owner = owned ? context.identities.get(owned.owner!) : undefined;
  const component = nodes.map((node) => context.components.get(node)).find((entry) => entry !== undefined);
  const componentName = component?.name ?? context.identities.get(nodes[0]!)?.name ?? posix.basename(top.file);

  const signals = PLATFORM_SIGNALS.filter((signal) => group.some((finding) => signal.matches(finding, context.components.get(nodeOf(finding))?.kind))).map((signal) => signal.id);

  let title: string;
  let blastRadius: string;
  let why: string;
  if (owned && owner?.reach) {
    const first = owned.locations[0]!;
    const more = owned.locations.length - 1;
    const what = owned.label.replace(/\s+\S*…\S*(\s*\/\s*\S*…\S*)?$/, '');
    const rights = owner.reach.fullAdmin ? ', which has AdministratorAccess (every action),' : isAccountWide(owner.reach) ? ', which can grant itself more rights,' : ` (${owner.reach.policies.map((policy) => posix.basename(policy)).join(', ')})`;
    title = `${what} of ${describeIdentity(owner)}${rights} exposed in ${posix.basename(first.file)}${first.where ? ` ${first.where}` : ''}${more > 0 ? ` and ${more} more place${more === 1 ? '' : 's'}` : ''}`;
    blastRadius = `Anyone who can read ${joinAnd(owned.locations.map((location) => posix.basename(location.file)).filter(unique))} can act as ${describeIdentity(owner)}: ${owner.reach.sentence}`;
    why = isAccountWide(owner.reach)
      ? `${capitalise(severity)}: a working credential of an identity with account-wide rights, readable by everyone who can read the files.`
      : `${capitalise(severity)}: a working credential, but limited to what ${describeIdentity(owner)}'s policies allow (${owner.reach.actions} actions in ${owner.reach.services} services, no account-wide rights).`;
  } else {
    const others = group.length - 1;
    const heldBy = top.category === 'excessive-privilege' && component?.identity ? context.identities.get(component.identity) : undefined;
    title = `${componentName}${heldBy ? ` (${describeIdentity(heldBy)})` : ''}: ${lowerFirst(top.title)}${others > 0 ? ` (and ${others} more finding${others === 1 ? '' : 's'})` : ''}`;
    blastRadius = top.blastRadius;
    why = whyFor(top, severity, credentials.length > 0);
  }

  const evidence = [
    ...credentials.map((credential) => `${credential.label} in ${credential.locations.map((location) => `${location.file}:${location.line}`).join(', ')}${credential.owner ? ` (owner: ${credential.owner})` : ''}`),
    ...ordered.slice(0, 8).map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}: ${finding.evidence}`),
  ];
  return {
    id: `issue:${normalisePath(top.file)}:${top.ruleId}`,
    rank: 0,
    severity,
    title,
    nodes,
    primaryFile: top.file,
    files,
    findings: entries.sort((a, b) => severityRank(a.platformSeverity) - severityRank(b.platformSeverity) || severityRank(a.severity) - severityRank(b.severity)),
    credentials: credentials.map((credential) => credential.id),
    signals,
    evidence: evidence.map((line) => (line.length > 300 ? `${line.slice(0, 297)}…` : line)),
    blastRadius,
    control: top.recommendation,
    why,
  };
}

function whyFor(top: Finding, severity: Severity, credential: boolean): string {
  const head = capitalise(severity);
  if (credential) return `${head}: an exposed credential whose owner and rights the inventory does not record.`;
  switch (top.category) {
    case 'missing-authentication':
      return `${head}: no credential is needed; anyone who can reach the service can use it.`;
    case 'public-exposure':
      return `${head}: reachable by anyone on the internet.`;
    case 'excessive-privilege':
      return `${head}: exploiting it needs a foothold in the workload that holds the identity first.`;
    case 'vulnerable-component':
      return `${head}: exploiting the published vulnerabilities needs network access to the service first.`;
    default:
      return `${head}: the most severe finding is "${top.title}" (${top.severity}).`;
  }
}

function isDeclared(file: string, declared: Set<string>): boolean {
  const target = normalisePath(file);
  return [...declared].some((entry) => target === entry || target.endsWith(`/${entry}`) || entry.endsWith(`/${target}`));
}

export function describeIdentity(identity: MapIdentity): string {
  const kind = identity.kind === 'aws-iam-role' ? 'IAM role' : identity.kind === 'aws-iam-user' ? 'IAM user' : identity.kind === 'ci-token' ? 'CI token' : identity.kind === 'service-account' ? 'service account' : '';
  return kind ? `${kind} ${identity.name}` : identity.name;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function unique<T>(value: T, index: number, list: T[]): boolean {
  return list.indexOf(value) === index;
}

export function joinAnd(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
