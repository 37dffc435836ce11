import { iamCatalog, wildcardMatch } from '../catalog.js';
import type { PolicyDocument, PolicyStatement } from '../policy.js';
import { PURPOSE_NAMES, type Profile } from './profiles.js';

// The rewrite: the profile's statements (stable Sids, one per need) plus the original's explicit Deny
// statements, which only ever take permissions away. Every original action, and every action the profile
// adds, gets a sentence saying what happened to it and why.

export type Outcome = 'kept' | 'narrowed' | 'removed' | 'added';

export interface Explanation {
  outcome: Outcome;
  /** The action or pattern as the original wrote it (or the added action). */
  action: string;
  /** The original statement (0-based index and JSON pointer); absent for added actions. */
  statement?: { index: number; sid?: string; pointer: string };
  from?: string[];
  to?: string[];
  text: string;
}

export interface JsonStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface JsonPolicy {
  Version: '2012-10-17';
  Statement: JsonStatement[];
}

export interface Rewrite {
  document: JsonPolicy;
  /** 2-space JSON with a final newline, as written to the file. */
  text: string;
  explanations: Explanation[];
}

const one = (values: string[]): string | string[] => (values.length === 1 ? values[0]! : values);
const quoted = (values: string[] | undefined): string => (values ?? []).map((value) => (value === '*' ? '"*"' : value)).join(', ') || 'no resource';

export function rewritePolicy(original: PolicyDocument, profile: Profile): Rewrite {
  const p = profile.parameters;
  const who = `${PURPOSE_NAMES[p.purpose]} ${p.service}`;
  const statements: JsonStatement[] = profile.statements.map((statement) => ({
    Sid: statement.sid,
    Effect: 'Allow',
    Action: one(statement.actions),
    Resource: one(statement.resources),
    ...(statement.condition ? { Condition: statement.condition } : {}),
  }));
  const explanations: Explanation[] = [];
  const granted = new Map<string, string[]>();
  const whyOf = new Map<string, string>();
  for (const statement of profile.statements) {
    for (const action of statement.actions) {
      granted.set(action, [...(granted.get(action) ?? []), ...statement.resources]);
      whyOf.set(action, whyOf.has(action) ? `${whyOf.get(action)}; ${statement.why}` : statement.why);
    }
  }
  const covered = new Set<string>();
  const usedSids = new Set(statements.map((statement) => statement.Sid));

  for (const statement of original.statements) {
    const where = { index: statement.index, sid: statement.sid, pointer: statement.pointer };
    const resources = statement.resource?.map((entry) => entry.value) ?? statement.notResource?.map((entry) => `not ${entry.value}`);
    if (statement.effect === 'Deny') {
      statements.push(denyStatement(statement, usedSids));
      explanations.push({ outcome: 'kept', action: patterns(statement).join(', '), statement: where, from: resources, to: resources, text: `Deny statement ${statement.sid ?? `#${statement.index + 1}`} kept: an explicit Deny only takes permissions away.` });
      continue;
    }
    if (statement.notAction) {
      const actions = statement.notAction.map((entry) => entry.value);
      const wanted = [...granted.keys()].filter((action) => !actions.some((pattern) => wildcardMatch(pattern, action)));
      wanted.forEach((action) => covered.add(action));
      explanations.push({ outcome: 'removed', action: `NotAction ${actions.join(', ')}`, statement: where, from: resources, text: `Allow with NotAction ${actions.join(', ')} removed: it grants every other action in AWS, present and future; replaced by the ${granted.size} action${granted.size === 1 ? '' : 's'} the ${who} needs.` });
      continue;
    }
    for (const entry of statement.action ?? []) {
      const pattern = entry.value;
      const needs = [...granted.keys()].filter((action) => wildcardMatch(pattern, action));
      if (pattern === '*' || pattern === '*:*') {
        needs.forEach((action) => covered.add(action));
        explanations.push({ outcome: 'narrowed', action: pattern, statement: where, from: resources, to: [...new Set([...granted.values()].flat())], text: `"*" narrowed to the ${needs.length} action${needs.length === 1 ? '' : 's'} the ${who} needs (${needs.join(', ')}), each on its own resource; every other action in AWS removed.` });
        continue;
      }
      if (needs.length === 0) {
        explanations.push({ outcome: 'removed', action: pattern, statement: where, from: resources, text: `${pattern} removed: ${removalReason(pattern, profile, who)}.` });
        continue;
      }
      for (const action of needs) {
        covered.add(action);
        const to = granted.get(action)!;
        const wildcard = /[*?]/.test(pattern);
        const sameResources = !wildcard && sameSet(resources ?? [], to) && statement.conditions.length === 0;
        if (sameResources) {
          explanations.push({ outcome: 'kept', action, statement: where, from: resources, to, text: `${action} kept on ${quoted(to)}: ${whyOf.get(action)}.` });
          continue;
        }
        const scope = sameSet(resources ?? [], to) ? `on ${quoted(to)}` : `from ${quoted(resources)} to ${quoted(to)}`;
        const what = wildcard ? `${pattern} narrowed to ${action} ${scope}` : `${action} narrowed ${scope}`;
        const before = resources?.includes('*') ? `; on "*" it reached ${describeStar(action)}` : '';
        explanations.push({ outcome: 'narrowed', action: pattern, statement: where, from: resources, to, text: `${what}: ${whyOf.get(action)}${before}.` });
      }
    }
  }

  for (const [action, to] of granted) {
    if (covered.has(action)) continue;
    explanations.push({ outcome: 'added', action, to, text: `${action} added on ${quoted(to)}: ${whyOf.get(action)}; the original policy did not grant it.` });
  }

  const document: JsonPolicy = { Version: '2012-10-17', Statement: statements };
  return { document, text: `${JSON.stringify(document, null, 2)}\n`, explanations };
}

function patterns(statement: PolicyStatement): string[] {
  return (statement.action ?? statement.notAction ?? []).map((entry) => entry.value);
}

/** The original Deny, rebuilt from the model; a missing or clashing Sid gets a stable one from its position. */
function denyStatement(statement: PolicyStatement, usedSids: Set<string>): JsonStatement {
  let sid = statement.sid && /^[A-Za-z0-9]+$/.test(statement.sid) ? statement.sid : `KeepDeny${statement.index + 1}`;
  while (usedSids.has(sid)) sid = `${sid}X`;
  usedSids.add(sid);
  const values = (list?: Array<{ value: string }>) => (list ? one(list.map((entry) => entry.value)) : undefined);
  const condition: NonNullable<JsonStatement['Condition']> = {};
  for (const clause of statement.conditions) (condition[clause.operator] ??= {})[clause.key] = one(clause.values);
  return {
    Sid: sid,
    Effect: 'Deny',
    ...(statement.action ? { Action: values(statement.action) } : { NotAction: values(statement.notAction) }),
    ...(statement.resource ? { Resource: values(statement.resource) } : statement.notResource ? { NotResource: values(statement.notResource) } : {}),
    ...(statement.conditions.length > 0 ? { Condition: condition } : {}),
  };
}

function describeStar(action: string): string {
  const service = action.split(':')[0];
  if (service === 's3') return 'every object in every bucket the account can reach';
  if (service === 'logs') return 'every log group in the account';
  if (service === 'iam') return 'every role in the account';
  return 'every resource of its type in the account';
}

/** Why an original action the profile does not need goes: specific words for the usual suspects, the access level otherwise. */
function removalReason(pattern: string, profile: Profile, who: string): string {
  const p = profile.parameters;
  const lower = pattern.toLowerCase();
  const specific: Record<string, string> = {
    'iam:listroles': `the ${who} never lists roles; it only maps the account for an attacker`,
    'iam:getrole': `the ${who} never reads role definitions; an attacker reads them to pick roles to assume or pass`,
    'ec2:describeinstances': `the ${who} never looks up EC2 instances; the answer hands an attacker hosts, addresses and instance roles`,
    'ec2:describevpcs': `the ${who} never needs the network layout; it only helps an attacker move sideways`,
    'logs:createloggroup': `the log group ${p.logGroup} is created beforehand, so the ${who} never creates one; on "*" it could create log groups anywhere (pass --create-log-group if the workload must create its own group)`,
    'iam:passrole': `the ${who} starts no compute with another role; passing roles is the usual privilege escalation`,
    'iam:createaccesskey': 'mints long-lived keys for users, a classic way to keep access',
    'sts:assumerole': `the ${who} becomes no other role; on "*" it could become any role that trusts the account`,
    'secretsmanager:getsecretvalue': `the ${who} reads no secrets from Secrets Manager; on "*" it read every secret`,
    'kms:decrypt': `the ${who} decrypts nothing itself; on "*" it could decrypt data under any key`,
    's3:putobject': `the ${who} does not write objects; a workload that can rewrite models or data can poison them`,
    's3:deleteobject': `the ${who} deletes no objects`,
  };
  if (specific[lower]) return specific[lower];
  if (/^ec2:describe/.test(lower) || /^(iam|organizations|sts):(list|get)/.test(lower)) return `the ${who} never needs it; listing and describing the account is reconnaissance for an attacker`;
  if (/^s3:(get|list)/.test(lower)) return `the ${who} reads only the objects the statements below name`;
  const catalog = iamCatalog();
  const actions = catalog.expand(pattern);
  if (actions.length > 1) return `the ${who} needs none of the ${actions.length} actions it matches`;
  const info = catalog.action(pattern);
  return info ? `the ${who} never needs it (${info.level.toLowerCase()} access to ${catalog.serviceName(info.service) ?? info.service})` : `the ${who} never needs it (not an action AWS knows)`;
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((value) => b.includes(value));
}
