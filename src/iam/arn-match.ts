// Action, resource, ARN and principal matching for the evaluator.

import type { PrincipalBlock, PrincipalValue } from './policy.js';
import { anyTrue, compilePattern, patternTruth, type ContextValues, type Truth } from './pattern.js';

export interface RequestPrincipal {
  type: 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';
  id: string;
}

/** Actions compare case-insensitively; policy variables are not allowed in actions. */
export function actionMatches(patterns: readonly string[], action: string): boolean {
  const none = new Map<string, string[]>();
  return patterns.some((pattern) => patternTruth(compilePattern(pattern, { wildcards: true, variables: false, context: none }), action, false) === true);
}

/** Resources compare case-sensitively and a wildcard crosses `:` and `/`; an unset variable makes the answer undecided. */
export function resourceMatches(patterns: readonly string[], resource: string, context: ContextValues, variables: boolean): Truth {
  return anyTrue(patterns.map((pattern) => patternTruth(compilePattern(pattern, { wildcards: true, variables, context }), resource, true)));
}

/** Splits an ARN into its six parts (the resource part keeps its own colons), or undefined when it is not an ARN. */
export function arnParts(arn: string): string[] | undefined {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const colon = arn.indexOf(':', from);
    if (colon === -1) return undefined;
    parts.push(arn.slice(from, colon));
    from = colon + 1;
  }
  parts.push(arn.slice(from));
  return parts[0] === 'arn' ? parts : undefined;
}

/**
 * ArnEquals / ArnLike: part by part, a wildcard stays within its part (unlike Resource). A pattern without
 * colons (a bare "*") is matched against the whole value; a truncated ARN ("arn:aws:s3:*") matches nothing.
 */
export function arnLike(pattern: string, value: string, context: ContextValues, variables: boolean): Truth {
  const wanted = arnParts(pattern);
  if (!wanted) return pattern.includes(':') ? false : patternTruth(compilePattern(pattern, { wildcards: true, variables, context }), value, true);
  const actual = arnParts(value);
  if (!actual) return false;
  let undecided = false;
  for (let i = 0; i < 6; i++) {
    const result = patternTruth(compilePattern(wanted[i]!, { wildcards: true, variables, context }), actual[i]!, true);
    if (result === false) return false;
    if (result === 'undecided') undecided = true;
  }
  return undecided ? 'undecided' : true;
}

/** Whether a Principal (or NotPrincipal) block names the caller. */
export function principalNamed(block: PrincipalBlock, caller: RequestPrincipal): boolean {
  if (block.anyone) return true;
  return block.values.some((entry) => principalValueNames(entry, caller));
}

function principalValueNames(entry: PrincipalValue, caller: RequestPrincipal): boolean {
  const named = entry.value.trim();
  if (entry.type !== caller.type) return false;
  switch (entry.type) {
    case 'AWS': {
      if (named === '*') return true;
      const account = accountPrincipal(named);
      if (account !== undefined) return accountOf(caller.id) === account;
      return sameIdentity(named, caller.id);
    }
    case 'Service':
    case 'Federated':
      return named.toLowerCase() === caller.id.trim().toLowerCase();
    case 'CanonicalUser':
      return named === caller.id.trim();
    default:
      return false;
  }
}

/** "123456789012" and "arn:aws:iam::123456789012:root" name a whole account. */
function accountPrincipal(value: string): string | undefined {
  if (isAccountId(value)) return value;
  const parts = arnParts(value);
  return parts && parts[2] === 'iam' && parts[5] === 'root' && isAccountId(parts[4]!) ? parts[4] : undefined;
}

function accountOf(id: string): string | undefined {
  const trimmed = id.trim();
  if (isAccountId(trimmed)) return trimmed;
  const parts = arnParts(trimmed);
  return parts && isAccountId(parts[4]!) ? parts[4] : undefined;
}

function isAccountId(value: string): boolean {
  if (value.length !== 12) return false;
  for (const char of value) if (char < '0' || char > '9') return false;
  return true;
}

/** Same user or role; a role ARN also names that role's sessions (arn:aws:sts::…:assumed-role/name/session). */
function sameIdentity(named: string, caller: string): boolean {
  const id = caller.trim();
  if (named === id) return true;
  const role = roleOf(named);
  const callerRole = roleOf(id);
  return role !== undefined && callerRole !== undefined && role.partition === callerRole.partition && role.account === callerRole.account && role.name === callerRole.name;
}

function roleOf(arn: string): { partition: string; account: string; name: string } | undefined {
  const parts = arnParts(arn);
  if (!parts) return undefined;
  const [, partition, service, , account, resource] = parts as [string, string, string, string, string, string];
  if (service === 'iam' && resource.startsWith('role/')) return { partition, account, name: resource.slice(resource.lastIndexOf('/') + 1) };
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const name = resource.split('/')[1];
    return name ? { partition, account, name } : undefined;
  }
  return undefined;
}
