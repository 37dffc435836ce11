// Offline Allow/Deny evaluation of IAM policy documents, following AWS's documented logic for policies in one
// account: an explicit Deny wins, otherwise any matching Allow, otherwise an implicit deny. Missing condition
// keys and unset policy variables leave an Allow 'undecided' rather than silently false, so static rules can
// tell "allowed only under conditions" from "never allowed".

import type { PolicyDocument, PolicyStatement } from './policy.js';
import { actionMatches, principalNamed, resourceMatches, type RequestPrincipal } from './arn-match.js';
import { conditionsHold } from './conditions.js';
import { allTrue, contextValues, not, type ContextValues, type RequestContext, type Truth } from './pattern.js';

export interface AccessRequest {
  /** 's3:GetObject' (compared case-insensitively). */
  action: string;
  /** A full ARN, or '*' for actions without resource-level permissions ('*' matches only a Resource that matches the text "*"). */
  resource: string;
  /** The caller, for resource and trust policies. */
  principal?: RequestPrincipal;
  /** Condition keys and policy variables; names compare case-insensitively. */
  context?: RequestContext;
}

export type Decision = 'allowed' | 'explicit-deny' | 'implicit-deny';

export interface StatementRef {
  document: PolicyDocument;
  statement: PolicyStatement;
}

export interface Evaluation {
  decision: Decision;
  /** Statements that allowed (decision allowed) or denied (explicit-deny) the request. */
  statements: StatementRef[];
  /** Allow statements that matched action and resource but whose conditions (or principal, or resource variables) could not be decided from the request. */
  undecided: StatementRef[];
}

export interface MatchOptions {
  /** The document's Version; policy variables are read only in "2012-10-17" (the default here). */
  version?: string;
}

/**
 * Whether one statement applies to the request, whatever its Effect. A statement with neither Action nor
 * NotAction applies to nothing; one with neither Resource nor NotResource (a trust policy) to any resource.
 */
export function statementMatches(statement: PolicyStatement, request: AccessRequest, options?: MatchOptions): 'match' | 'no-match' | 'undecided' {
  const result = statementTruth(statement, request, contextValues(request.context), (options?.version ?? '2012-10-17') === '2012-10-17');
  return result === true ? 'match' : result === false ? 'no-match' : 'undecided';
}

function statementTruth(statement: PolicyStatement, request: AccessRequest, context: ContextValues, variables: boolean): Truth {
  const action = request.action.trim();
  if (statement.action) {
    if (!actionMatches(values(statement.action), action)) return false;
  } else if (statement.notAction) {
    if (actionMatches(values(statement.notAction), action)) return false;
  } else return false;

  let resource: Truth = true;
  if (statement.resource) resource = resourceMatches(values(statement.resource), request.resource, context, variables);
  else if (statement.notResource) resource = not(resourceMatches(values(statement.notResource), request.resource, context, variables));
  if (resource === false) return false;

  let principal: Truth = true;
  if (statement.principal) principal = statement.principal.anyone ? true : request.principal ? principalNamed(statement.principal, request.principal) : 'undecided';
  else if (statement.notPrincipal) principal = request.principal ? !principalNamed(statement.notPrincipal, request.principal) : 'undecided';
  if (principal === false) return false;

  return allTrue([resource, principal, conditionsHold(statement.conditions, context, variables)]);
}

interface Outcome {
  denies: StatementRef[];
  allows: StatementRef[];
  undecidedAllows: StatementRef[];
  undecidedDenies: StatementRef[];
}

function collect(documents: readonly PolicyDocument[], request: AccessRequest): Outcome {
  const outcome: Outcome = { denies: [], allows: [], undecidedAllows: [], undecidedDenies: [] };
  const context = contextValues(request.context);
  for (const document of documents) {
    // Without a Version, AWS reads the document as 2008-10-17, where `${...}` is literal text.
    const variables = document.version === '2012-10-17';
    for (const statement of document.statements) {
      const result = statementTruth(statement, request, context, variables);
      if (result === false) continue;
      const ref = { document, statement };
      const deny = statement.effect === 'Deny';
      if (result === true) (deny ? outcome.denies : outcome.allows).push(ref);
      else (deny ? outcome.undecidedDenies : outcome.undecidedAllows).push(ref);
    }
  }
  return outcome;
}

/** AWS's decision for the request; undecided Allows count as not matching (AWS reads a missing key as false). */
export function evaluate(documents: readonly PolicyDocument[], request: AccessRequest): Evaluation {
  const { denies, allows, undecidedAllows } = collect(documents, request);
  if (denies.length > 0) return { decision: 'explicit-deny', statements: denies, undecided: undecidedAllows };
  if (allows.length > 0) return { decision: 'allowed', statements: allows, undecided: undecidedAllows };
  return { decision: 'implicit-deny', statements: [], undecided: undecidedAllows };
}

/**
 * Would these documents allow `action` on `resource` for some context? 'allowed': an Allow applies and no
 * Deny could; 'conditional': allowed only if undecided conditions hold (an undecided Allow) or unless they
 * hold (an undecided Deny); 'denied': an explicit Deny applies, or no Allow could.
 */
export function canPerform(documents: readonly PolicyDocument[], action: string, resource: string, context?: AccessRequest['context']): 'allowed' | 'conditional' | 'denied' {
  const { denies, allows, undecidedAllows, undecidedDenies } = collect(documents, { action, resource, context });
  if (denies.length > 0) return 'denied';
  if (allows.length > 0) return undecidedDenies.length > 0 ? 'conditional' : 'allowed';
  return undecidedAllows.length > 0 ? 'conditional' : 'denied';
}

function values(list: ReadonlyArray<{ value: string }>): string[] {
  return list.map((entry) => entry.value);
}
