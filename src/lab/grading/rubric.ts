import type { StepNumber } from './answers.js';

// The published rubric: what each criterion checks and what it is worth. The grader (grade.ts) scores
// exactly these criteria; GET /api/rubric serves this object as it is.

export interface Criterion {
  id: string;
  step: StepNumber;
  title: string;
  points: number;
  checks: string;
}

export const CRITERIA: readonly Criterion[] = [
  { id: 's1-location', step: 1, title: 'Location', points: 5, checks: 'A finding on the notebook (or its committed checkpoint copy) with the line that shows the credential picked.' },
  { id: 's1-what', step: 1, title: 'What is wrong', points: 4, checks: 'Says that a credential (key, secret) was printed into a cell output.' },
  { id: 's1-severity', step: 1, title: 'Severity', points: 4, checks: "The located finding's severity equals the answer key's." },
  { id: 's1-blast-radius', step: 1, title: 'Blast radius', points: 6, checks: "Names what the key owner may do: the identity has AdministratorAccess (see the inventory)." },
  { id: 's1-controls', step: 1, title: 'Two controls', points: 6, checks: 'A commit-time control (pre-commit hook, nbstripout, secret scan) and an IAM role with short-lived credentials instead of the key; 3 points each.' },
  { id: 's2-location', step: 2, title: 'Location', points: 6, checks: 'Findings with the lines of the plaintext AWS secret key and of the MLflow tracking URI credentials picked; 3 points each.' },
  { id: 's2-severity', step: 2, title: 'Severity', points: 4, checks: "Each located finding's severity equals the answer key's; 2 points each." },
  { id: 's2-risk', step: 2, title: 'Risk explained', points: 3, checks: 'Says why a secret in the workflow file is dangerous: rotation, logs, forks or anyone who reads the repository.' },
  { id: 's2-yaml-clean', step: 2, title: 'Corrected YAML: no plaintext secret', points: 6, checks: 'The corrected workflow parses, is a workflow, and the analyzer finds no plaintext secret and no credentials in a URI in it.' },
  { id: 's2-yaml-references', step: 2, title: 'Corrected YAML: secret references or OIDC', points: 6, checks: 'Credentials come from ${{ secrets.* }} references or from an OIDC role (id-token: write with role-to-assume).' },
  { id: 's3-location', step: 3, title: 'Location', points: 6, checks: 'Findings with the lines of disabled authentication, the public-read artifact store and the Production transition without approval picked; 2 points each.' },
  { id: 's3-severity', step: 3, title: 'Severity', points: 3, checks: "Each located finding's severity equals the answer key's; 1 point each." },
  { id: 's3-chain', step: 3, title: 'Current config -> risk -> change', points: 4, checks: 'Every registry finding gives the current config, the risk and the recommended change.' },
  { id: 's3-recommendations', step: 3, title: 'Recommendations match the registry rules', points: 12, checks: 'Authentication on (basic-auth), a private bucket with Block Public Access, an approval gate for Production; 4 points each. A pasted recommended config is rescanned by the analyzer; otherwise the recommended changes must name these controls.' },
  { id: 's4-location', step: 4, title: 'Location', points: 4, checks: 'Findings with the lines of each excess grant picked (unscoped object read, EC2 reads, IAM reads, log group creation); 1 point each.' },
  { id: 's4-policy-needs', step: 4, title: 'Policy: still does the job', points: 4, checks: 'Evaluated: allows s3:GetObject on the model prefix of acme-mlflow-artifacts and logs:CreateLogStream / logs:PutLogEvents on the inference log group.' },
  { id: 's4-policy-nothing-more', step: 4, title: 'Policy: nothing more', points: 7, checks: 'Evaluated: denies every request the inference service never makes (IAM and EC2 reads, reads outside the prefix, writes, other log groups); 2 points off per action still allowed.' },
  { id: 's4-summary-coverage', step: 4, title: 'Summary: four findings', points: 2, checks: 'Exactly one summary entry per fixture.' },
  { id: 's4-summary-severity', step: 4, title: 'Summary: severities', points: 4, checks: "Each entry's severity equals the answer key's hardening summary; 1 point each." },
  { id: 's4-summary-order', step: 4, title: 'Summary: order', points: 2, checks: "Entries ordered by the answer key's severities, most severe first." },
  { id: 's4-summary-controls', step: 4, title: 'Summary: one control each', points: 2, checks: 'Every entry names a control.' },
];

export const MAX_SCORE = CRITERIA.reduce((sum, criterion) => sum + criterion.points, 0);

export function rubric(): { max: number; steps: Array<{ step: StepNumber; points: number; criteria: Criterion[] }> } {
  const steps = ([1, 2, 3, 4] as const).map((step) => {
    const criteria = CRITERIA.filter((criterion) => criterion.step === step);
    return { step, points: criteria.reduce((sum, criterion) => sum + criterion.points, 0), criteria };
  });
  return { max: MAX_SCORE, steps };
}
