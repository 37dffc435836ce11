import type { IamArtifact, IamPolicy } from '../../artifacts/iam/iam-artifact.js';
import type { ArtifactLocation, FixSuggestion } from '../../core/finding.js';
import { leastPrivilegeFixFor } from '../../iam/least-privilege/least-privilege.js';
import type { Platform } from '../../inventory/platform.js';
import { blastRadius, type BlastRadius } from '../../iam/blast-radius.js';
import { iamCatalog, type ActionInfo } from '../../iam/catalog.js';
import { escalationActions } from '../../iam/escalation.js';
import { grantsUnscoped, holderGrantsOf, holdersOf, isAllActions, isServiceWildcard, type Holder, type StatementGrants } from '../../iam/grants.js';
import type { Located, PolicyStatement } from '../../iam/policy.js';
import { describeComponents, describeHolder, type HolderInfo } from '../../iam/workload.js';

// The walk every identity-policy rule shares: principal (or lone policy file) -> policy -> Allow statement,
// with the precedence that keeps one risk in one finding:
//   1. iam/full-admin takes a statement that grants everything ("*" on "*", or NotAction leaving all of IAM);
//      no other rule reports that statement.
//   2. iam/privilege-escalation reports complete escalation paths; the narrower rules (credentials and
//      resource exposure, unscoped resource) leave the actions of a present path to it.
//   3. iam/service-wildcard reports "svc:*" values; the per-action rules (credentials, resource exposure,
//      reconnaissance, unscoped resource) skip actions that arrive only through a service or "*" wildcard,
//      while iam/unscoped-data-read still names the data such a wildcard reads.
//   4. iam/unscoped-resource reports what no more specific rule claimed.

export interface HolderView {
  holder: Holder;
  info: HolderInfo;
  grants: StatementGrants[];
  radius: BlastRadius;
  /** Actions of the escalation paths present for this holder. */
  escalating: Set<ActionInfo>;
}

const views = new WeakMap<IamArtifact, WeakMap<Platform, HolderView[]>>();

export function holderViews(artifact: IamArtifact, platform: Platform): HolderView[] {
  let perPlatform = views.get(artifact);
  if (!perPlatform) views.set(artifact, (perPlatform = new WeakMap()));
  let list = perPlatform.get(platform);
  if (list) return list;
  list = holdersOf(artifact).map((holder) => {
    const info = describeHolder(holder, artifact, platform);
    const grants = holderGrantsOf(artifact, holder);
    const used = info.components.length ? `, used by ${describeComponents(info.components)},` : '';
    return { holder, info, grants, radius: blastRadius(grants, platform, cap(`${info.label}${used}`)), escalating: escalationActions(grants) };
  });
  perPlatform.set(platform, list);
  return list;
}

/** Everything on "*": Action "*" / "*:*", or a NotAction that leaves every IAM action (and so the power to grant the rest). */
export function isFullAdmin(grant: StatementGrants): boolean {
  const statement = grant.statement;
  if (!statement.resource?.some((value) => value.value === '*')) return false;
  if (statement.action?.some((value) => isAllActions(value.value))) return true;
  if (statement.notAction) {
    const iam = iamCatalog().expand('iam:*');
    return iam.every((info) => grant.actions.has(info));
  }
  return false;
}

/** Where a finding on a statement points: the statement in the file, or the attachment reference of an AWS managed policy. */
export function statementLocation(policy: IamPolicy, statement: PolicyStatement): ArtifactLocation {
  return { jsonPointer: policy.managed ? policy.pointer : statement.pointer };
}

/** "statement 2 (AllowS3) of inference-iam-policy.json" or "statement 0 of AWS managed policy AdministratorAccess (v1, 2015-02-06)". */
export function statementLabel(policy: IamPolicy, statement: PolicyStatement): string {
  const which = `statement ${statement.index}${statement.sid ? ` (${statement.sid})` : ''}`;
  return policy.managed ? `${which} of AWS managed policy ${policy.managed.name} (${policy.managed.version}, updated ${policy.managed.updated.slice(0, 10)})` : `${which} of ${policy.name}`;
}

/** A short rendering of a statement for evidence: Allow s3:GetObject on *. */
export function statementEvidence(statement: PolicyStatement, limit = 6): string {
  const list = (values: Array<Located<string>> | undefined) => {
    const items = (values ?? []).map((value) => value.value);
    return items.length > limit ? `${items.slice(0, limit).join(', ')}, … (${items.length} in all)` : items.join(', ');
  };
  const actions = statement.action ? list(statement.action) : `NotAction ${list(statement.notAction)}`;
  const resources = statement.resource ? list(statement.resource) : `NotResource ${list(statement.notResource)}`;
  return `${statement.effect} ${actions} on ${resources}${statement.conditions.length ? ' (with conditions)' : ''}`;
}

/** Position-free identity for a fingerprint. */
export function statementIdentity(view: HolderView, policy: IamPolicy, statement: PolicyStatement, what: string): string {
  return `${view.holder.principal?.id ?? ''}|${policy.managed?.arn ?? policy.name}|${statement.sid ?? statement.index}|${what}`;
}

/** The Action value that grants the action, unless it is "*" or a service wildcard (those belong to full-admin and service-wildcard). */
export function namedValue(grant: StatementGrants, info: ActionInfo): Located<string> | undefined {
  const value = grant.actions.get(info);
  if (!value || value.value === 'NotAction' || isAllActions(value.value) || isServiceWildcard(value.value)) return undefined;
  return value;
}

/** Report range: the action value in the file (for managed policies, their anchor: the attachment reference). */
export function rangeOf(policy: IamPolicy, value: { start: number; end: number }): { start: number; end: number } {
  return policy.managed ? { start: policy.start, end: policy.end } : { start: value.start, end: value.end };
}

export function listActions(ids: string[], limit = 6): string {
  const shown = ids.slice(0, limit).map((id) => `\`${id}\``);
  return ids.length > limit ? `${shown.join(', ')} and ${ids.length - limit} more` : shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}` : (shown[0] ?? '');
}

/** "the FastAPI inference service (an inference service)" when the inventory knows the workload. */
export function workloadPhrase(info: HolderInfo): string | undefined {
  if (info.components.length === 0) return undefined;
  return info.components.map((component) => `${component.name ?? component.id}`).join(', ');
}

export function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Actions a statement grants by name or by a narrower wildcard ("ec2:Describe*"), on unscoped resources and
 * without conditions, that `pick` selects, in the order the statement lists them. "*" and "svc:*" values
 * are left to iam/full-admin and iam/service-wildcard.
 */
export function namedUnscoped(grant: StatementGrants, pick: (info: ActionInfo) => boolean): Array<{ info: ActionInfo; value: Located<string> }> {
  if (grant.conditional || !grant.statement.action) return [];
  const found: Array<{ info: ActionInfo; value: Located<string> }> = [];
  const catalog = iamCatalog();
  for (const value of grant.statement.action) {
    if (isAllActions(value.value) || isServiceWildcard(value.value)) continue;
    for (const info of catalog.expand(value.value)) {
      if (grant.actions.get(info) !== value || !grantsUnscoped(grant.statement, info) || !pick(info)) continue;
      found.push({ info, value });
    }
  }
  return found;
}

const fixes = new WeakMap<IamArtifact, WeakMap<Platform, { fix?: FixSuggestion }>>();

/** The verified least-privilege rewrite of a standalone identity policy, shared by every finding on it (undefined when its purpose is unknown). */
export function leastPrivilegeFix(artifact: IamArtifact, platform: Platform): FixSuggestion | undefined {
  let perPlatform = fixes.get(artifact);
  if (!perPlatform) fixes.set(artifact, (perPlatform = new WeakMap()));
  let entry = perPlatform.get(platform);
  if (!entry) perPlatform.set(platform, (entry = { fix: leastPrivilegeFixFor(artifact, platform) }));
  return entry.fix;
}
