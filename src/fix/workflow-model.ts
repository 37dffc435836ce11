import { isMap, isScalar, type YAMLMap } from 'yaml';
import type { Entry, Job, Step, WorkflowArtifact } from '../artifacts/workflow/workflow.js';
import { pairOf } from './yaml-text.js';

// Small questions the fixes ask of a parsed workflow.

export type EntryPlace = 'env' | 'with' | 'credentials' | 'secrets';

export interface PlacedEntry {
  entry: Entry;
  place: EntryPlace;
  job?: Job;
  step?: Step;
}

/** Every `NAME: value` entry of env, with, secrets and container credentials, with where it stands. */
export function workflowEntries(workflow: WorkflowArtifact): PlacedEntry[] {
  const out: PlacedEntry[] = [];
  const add = (entries: Entry[], place: EntryPlace, job?: Job, step?: Step) => {
    for (const entry of entries) out.push({ entry, place, job, step });
  };
  add(workflow.env, 'env');
  for (const job of workflow.jobs) {
    add(job.env, 'env', job);
    add(job.with, 'with', job);
    if (Array.isArray(job.secrets)) add(job.secrets, 'secrets', job);
    for (const container of [job.container, ...job.services]) {
      if (!container) continue;
      add(container.credentials, 'credentials', job);
      add(container.env, 'env', job);
    }
    for (const step of job.steps) {
      add(step.env, 'env', job, step);
      add(step.with, 'with', job, step);
    }
  }
  return out;
}

/** The entry whose value covers file offset `offset`. */
export function entryAt(entries: readonly PlacedEntry[], offset: number): PlacedEntry | undefined {
  return entries.find(({ entry }) => {
    const range = entry.value?.node.range;
    return range !== undefined && range !== null && range[0] <= offset && offset < range[1];
  });
}

export function usesAction(step: Step, action: string): boolean {
  const uses = step.uses?.value.trim().toLowerCase();
  return uses !== undefined && (uses === action || uses.startsWith(`${action}@`));
}

export const isCheckout = (step: Step) => usesAction(step, 'actions/checkout');
export const isConfigureAwsCredentials = (step: Step) => usesAction(step, 'aws-actions/configure-aws-credentials');

/** `${{ secrets.NAME }}` and nothing else. */
export function secretReference(value: string): string | undefined {
  return /^\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/.exec(value.trim())?.[1];
}

export function mapAt(map: YAMLMap, key: string): YAMLMap | undefined {
  const value = map.get(key, true);
  return isMap(value) ? value : undefined;
}

export function scalarAt(map: YAMLMap, path: string[]): string | undefined {
  const value = map.getIn(path, true);
  return isScalar(value) && value.value !== null && value.value !== undefined ? String(value.value) : undefined;
}

export { pairOf };

/** The shell a step's `run:` goes to, as GitHub picks it: step, job defaults, workflow defaults, runner OS. */
export function shellOf(workflow: WorkflowArtifact, job: Job, step: Step): string {
  const named = step.shell ?? scalarAt(job.map, ['defaults', 'run', 'shell']) ?? scalarAt(workflow.root, ['defaults', 'run', 'shell']);
  if (named) return named.trim().split(/\s+/)[0]!.toLowerCase();
  return job.runsOn.some((label) => /windows/i.test(label)) ? 'pwsh' : 'bash';
}
