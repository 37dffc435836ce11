import type { JobProfile, ModelWrite } from '../../artifacts/workflow/job-profile.js';
import { andList } from '../../artifacts/workflow/job-profile.js';
import type { Step } from '../../artifacts/workflow/workflow.js';
import type { Confidence } from '../../core/finding.js';
import type { ReportInput } from '../../core/rule.js';

// Shared by the rules about jobs that deploy or promote models: which writes count, how the step and
// the writes are named in messages, and the related locations.

/** The deployments a rule can attribute to a step of this job (a reusable-workflow call is judged where it is defined). */
export function stepDeployments(profile: JobProfile): Array<ModelWrite & { step: Step }> {
  if (profile.workflow.flavor !== 'workflow' || profile.job.uses) return [];
  return profile.deployments.filter((write): write is ModelWrite & { step: Step } => write.step !== undefined);
}

/** `step 5 "Register the model…"` or `step 5` without a name (1-based, as a reader counts). */
export function stepLabel(step: Step): string {
  return `step ${step.index + 1}${step.name ? ` ("${step.name}")` : ''}`;
}

/** What the job does to models, deduplicated, in the order the steps do it. */
export function deploymentPhrases(writes: readonly ModelWrite[]): string {
  return andList([...new Set(writes.map((write) => write.phrase))]);
}

/** high when at least one deployment is an exact command or action, medium when all are recognised by names. */
export function deploymentConfidence(writes: readonly ModelWrite[]): Confidence {
  return writes.some((write) => write.confidence === 'high') ? 'high' : 'medium';
}

export function deploymentEvidence(write: ModelWrite & { step: Step }): string {
  return `${write.step.path}${write.step.name ? ` "${write.step.name}"` : ''}: ${write.command}`;
}

export function deploymentRelated(writes: ReadonlyArray<ModelWrite & { step: Step }>): NonNullable<ReportInput['related']> {
  return writes.slice(0, 8).map((write) => ({ start: write.start, location: { yamlPath: write.step.run ? write.step.run.path : write.step.path }, message: write.phrase }));
}

/** Notes on who can start the job, when outsiders can. */
export function triggerNotes(profile: JobProfile): string[] {
  const untrusted = profile.triggers.filter((trigger) => trigger.untrusted);
  if (untrusted.length === 0) return [];
  const privileged = untrusted.filter((trigger) => trigger.privileged);
  return [
    `People without write access can start this job through ${andList(untrusted.map((trigger) => trigger.event))}${privileged.length ? `; ${andList(privileged.map((trigger) => trigger.event))} ${privileged.length === 1 ? 'runs' : 'run'} with the repository's secrets` : ''}.`,
  ];
}

/** The names of the deploying steps, as the start of a YAML step list. */
export function stepNames(writes: ReadonlyArray<ModelWrite & { step: Step }>): string[] {
  const steps: Step[] = [];
  for (const write of writes) if (!steps.includes(write.step)) steps.push(write.step);
  return steps.map((step) => step.name ?? (step.uses ? `uses ${step.uses.value}` : `step ${step.index + 1}`));
}
