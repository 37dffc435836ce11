import type { Finding } from '../core/finding.js';
import type { ComponentKind } from './model.js';

// The platform signals an MLOps review looks for (the chapter's lab names these six). A finding supports a
// signal by what it is (its category) and where it sits on the platform (the kind of component it is about).

export interface PlatformSignal {
  id: string;
  name: string;
  matches(finding: Finding, kind: ComponentKind | undefined): boolean;
}

const TRAINING_SIDE: readonly ComponentKind[] = ['notebook-server', 'training-job', 'ci-pipeline'];
const REGISTRY: readonly ComponentKind[] = ['tracking-server', 'model-registry'];

/** A finding on an identity's policy rather than on a file's own settings. */
function onIdentity(finding: Finding): boolean {
  return finding.ruleId.startsWith('iam/') || finding.subjects?.identity !== undefined;
}

export function isPromotion(finding: Finding): boolean {
  return /promot|deploy|regist|publish|sign|attest/i.test(`${finding.title} ${finding.evidence}`);
}

export const PLATFORM_SIGNALS: readonly PlatformSignal[] = [
  {
    id: 'credential-in-notebook-output',
    name: 'credential in notebook output',
    matches: (finding, kind) => finding.category === 'secret-exposure' && kind === 'notebook-server' && (finding.location.part === 'output' || finding.location.output !== undefined),
  },
  {
    id: 'overprivileged-training-job-role',
    name: 'overprivileged training job role',
    matches: (finding, kind) => finding.category === 'excessive-privilege' && kind !== undefined && TRAINING_SIDE.includes(kind) && onIdentity(finding),
  },
  {
    id: 'ci-secret-in-plaintext',
    name: 'CI secret in plaintext',
    matches: (finding, kind) => finding.category === 'secret-exposure' && kind === 'ci-pipeline' && finding.subjects?.credential !== undefined,
  },
  {
    id: 'unauthenticated-model-registry',
    name: 'unauthenticated model registry',
    matches: (finding, kind) => finding.category === 'missing-authentication' && kind !== undefined && REGISTRY.includes(kind),
  },
  {
    id: 'inference-api-least-privilege-gap',
    name: 'inference API least-privilege gap',
    matches: (finding, kind) => finding.category === 'excessive-privilege' && kind === 'inference-service' && onIdentity(finding),
  },
  {
    id: 'missing-artifact-signing',
    name: 'missing artifact signing',
    matches: (finding) => finding.category === 'missing-artifact-integrity' && isPromotion(finding),
  },
];
