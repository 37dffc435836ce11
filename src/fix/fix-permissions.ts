import { isMap, isScalar, type Pair, type YAMLMap } from 'yaml';
import type { Job } from '../artifacts/workflow/workflow.js';
import type { FixPass, PassResult } from './fix-types.js';
import type { TextEdit } from './text-edits.js';
import { pairOf } from './workflow-model.js';
import type { YamlEntries, YamlText } from './yaml-text.js';

// Fix (3): a workflow without `permissions:` runs with the repository's default token permissions, often
// write access to everything. A minimal top-level block limits every job that does not declare its own.

export const fixWorkflowPermissions: FixPass = (workflow, yaml) => {
  const result: PassResult = { edits: [], changes: [], notes: [] };
  if (workflow.permissions) return result;
  const block: YamlEntries = [['permissions', [['contents', 'read']]]];
  const jobs = pairOf(workflow.root, 'jobs');
  if (workflow.root.flow || !jobs || !yaml.startsLine(yaml.start(jobs.key))) {
    result.edits.push(yaml.appendEntries(workflow.root, block));
  } else {
    // Above `jobs:` and above the comment lines written just over it, with a blank line after when the file
    // separates its top-level blocks with one.
    let at = yaml.lineStart(yaml.start(jobs.key));
    while (at > 0) {
      const above = yaml.lineStart(at - 1);
      if (!/^[ \t]*#/.test(yaml.text.slice(above, at))) break;
      at = above;
    }
    const previousLine = at > 0 ? yaml.text.slice(yaml.lineStart(at - 1), at) : 'x';
    const blankAbove = previousLine.trim() === '';
    result.edits.push(yaml.insertLines(at, yaml.blockLines(block, yaml.keyColumn(workflow.root)), '', blankAbove ? yaml.eol : ''));
  }
  result.changes.push({
    kind: 'workflow-permissions',
    description: 'The workflow token can only read the repository (permissions: contents: read) unless a job asks for more; a job that pushes, comments or publishes must now declare what it needs.',
    addresses: ['permissions'],
    shows: ['permissions'],
  });
  return result;
};

/**
 * Makes a job's `permissions:` grant `scopes` (adding the block after runs-on when there is none), keeping
 * what it already grants. `read-all` and an empty block become exactly `scopes`; `write-all` already covers them.
 */
export function ensureJobPermissions(yaml: YamlText, job: Job, scopes: ReadonlyArray<readonly [string, 'read' | 'write']>, notes: string[]): TextEdit[] {
  const entries: YamlEntries = scopes.map(([scope, level]) => [scope, level] as const);
  const pair = pairOf(job.map, 'permissions');
  if (!pair) return [insertJobKey(yaml, job.map, [['permissions', entries]])];
  const value = pair.value;
  if (isMap(value) && value.items.length > 0) {
    const edits: TextEdit[] = [];
    const missing: Array<[string, string]> = [];
    for (const [scope, level] of scopes) {
      const existing = pairOf(value, scope);
      if (!existing) missing.push([scope, level]);
      else if (isScalar(existing.value) && level === 'write' && existing.value.value !== 'write') {
        edits.push(yaml.setScalar(existing.value, 'write', value.flow === true));
      }
    }
    if (missing.length > 0) edits.push(yaml.appendEntries(value, missing));
    return edits;
  }
  const shorthand = isScalar(value) ? String(value.value ?? '').trim() : '';
  if (shorthand === 'write-all') return [];
  if (shorthand === 'read-all') notes.push(`jobs.${job.id}.permissions: read-all became ${scopes.map(([scope, level]) => `${scope}: ${level}`).join(', ')}; add back any other read scope the job needs`);
  return [yaml.replacePair(job.map, pair, 'permissions', entries)];
}

/** A new key for a job: after runs-on, else before steps, else at the end. */
export function insertJobKey(yaml: YamlText, map: YAMLMap, entries: YamlEntries): TextEdit {
  const runsOn = pairOf(map, 'runs-on');
  if (runsOn) return yaml.insertEntriesAfter(map, runsOn, entries);
  const steps: Pair | undefined = pairOf(map, 'steps');
  if (steps) return yaml.insertEntriesBefore(map, steps, entries);
  return yaml.appendEntries(map, entries);
}
