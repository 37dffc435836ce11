import { iamCatalog, type ActionInfo } from './catalog.js';
import { ESCALATION_PATHS, type EscalationPath } from './escalation-paths.js';
import { grantsUnscoped, type StatementGrants } from './grants.js';
import type { Located } from './policy.js';

/** One action of a present path and the statement that grants it. */
export interface EscalationStep {
  action: string;
  grant: StatementGrants;
  value: Located<string>;
  conditional: boolean;
}

export interface PresentPath {
  path: EscalationPath;
  steps: EscalationStep[];
  /** critical when every step is granted unconditionally; high when a condition narrows one (iam:PassedToService still lets any role through). */
  severity: 'critical' | 'high';
}

const cache = new WeakMap<readonly StatementGrants[], PresentPath[]>();

/** The catalogue's paths whose every action the grants allow on an unscoped resource. */
export function escalationPaths(grants: readonly StatementGrants[]): PresentPath[] {
  const cached = cache.get(grants);
  if (cached) return cached;
  const catalog = iamCatalog();
  const stepFor = (id: string): EscalationStep | undefined => {
    const info = catalog.action(id);
    if (!info) return undefined;
    let conditional: EscalationStep | undefined;
    for (const grant of grants) {
      const value = grant.actions.get(info);
      if (!value || !grantsUnscoped(grant.statement, info)) continue;
      if (!grant.conditional) return { action: info.id, grant, value, conditional: false };
      conditional ??= { action: info.id, grant, value, conditional: true };
    }
    return conditional;
  };
  const present: PresentPath[] = [];
  for (const path of ESCALATION_PATHS) {
    const steps = path.actions.map(stepFor);
    if (steps.some((step) => !step)) continue;
    const complete = steps as EscalationStep[];
    present.push({ path, steps: complete, severity: complete.some((step) => step.conditional) ? 'high' : 'critical' });
  }
  cache.set(grants, present);
  return present;
}

/** Actions of present paths, which the narrower rules leave to iam/privilege-escalation. */
export function escalationActions(grants: readonly StatementGrants[]): Set<ActionInfo> {
  const catalog = iamCatalog();
  return new Set(escalationPaths(grants).flatMap((present) => present.path.actions.map((id) => catalog.action(id)!)));
}

/** "iam:PassRole + sagemaker:CreateTrainingJob". */
export function pathLabel(path: EscalationPath): string {
  return path.actions.join(' + ');
}
