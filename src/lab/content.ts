import type { StepNumber } from './grading/answers.js';

// What the lab tells the learner, in our own words: the overview, the four steps with their evidence
// prompts, and the hints, from a nudge to a near answer. The answer key itself stays in
// fixtures/mlops/expected-findings.json and is never served.

export interface StepContent {
  step: StepNumber;
  title: string;
  fixture: string;
  task: string;
  evidencePrompt: string;
  /** What the evidence builder asks for, field by field. */
  fields: string[];
}

export const OVERVIEW = {
  mission:
    'Audit the four artifacts of a self-hosted MLOps platform. For each one, point at the lines at fault, say what is wrong, how bad it is and how far an attacker gets with it, and name one targeted control. Finish with a hardening summary ordered by severity.',
  scenario:
    'A team runs JupyterHub for experiments, MLflow for tracking and the model registry, a GitHub Actions workflow for nightly training and a FastAPI inference service on AWS. A review flagged a notebook, the training workflow, the MLflow configuration and the inference role policy.',
  objectives: [
    'See how notebooks leak credentials through printed output, autosave copies and commits.',
    'Spot identities with far more IAM permission than their job needs.',
    'Find secrets written into CI workflows and replace them with secret references or short-lived credentials.',
    'Judge who can read, register and promote models in the registry.',
    'Write a least-privilege policy and a hardening plan that covers training to inference.',
  ],
  prerequisites: ['Basic AWS IAM: users, roles, policies, actions and resources.', 'What a model registry stores and how a model version reaches Production.', 'How a GitHub Actions workflow gets its credentials.'],
} as const;

export const STEP_CONTENT: readonly StepContent[] = [
  {
    step: 1,
    title: 'Audit the notebook for credential exposure',
    fixture: 'notebook-credential-leak.ipynb',
    task: 'Find where the notebook shows a credential, explain how it got there and why it matters beyond the notebook, and say how to stop it happening again.',
    evidencePrompt: 'Pick the line that exposes the credential; describe the exposure, its blast radius given what the key owner may do, and two controls: one at commit time and one that removes the long-lived key.',
    fields: ['file', 'lines', 'what', 'severity', 'blastRadius', 'control'],
  },
  {
    step: 2,
    title: 'Audit the CI pipeline for secret hygiene',
    fixture: 'training-pipeline.yml',
    task: 'List every value in the workflow that should be a GitHub Secret or a short-lived OIDC credential, say why each is dangerous, and write the corrected workflow.',
    evidencePrompt: 'One finding per exposed value (line, risk, severity), and the corrected workflow YAML using secret references or an OIDC role.',
    fields: ['findings[].file', 'findings[].lines', 'findings[].what', 'findings[].severity', 'findings[].blastRadius', 'findings[].control', 'correctedYaml'],
  },
  {
    step: 3,
    title: 'Assess the model registry security posture',
    fixture: 'mlflow-config.json',
    task: 'Find what lets anyone read the artifacts, use the tracking server and push a model to Production, and recommend specific MLflow changes.',
    evidencePrompt: 'For each finding: current config, then risk, then recommended change. Optionally paste the whole recommended configuration.',
    fields: ['findings[].file', 'findings[].lines', 'findings[].current', 'findings[].risk', 'findings[].change', 'findings[].severity', 'recommendedConfig'],
  },
  {
    step: 4,
    title: 'Apply least privilege to the inference IAM role',
    fixture: 'inference-iam-policy.json',
    task: 'The inference service only loads its model from s3://acme-mlflow-artifacts/mlflow/ and writes logs to the CloudWatch Logs group /aws/inference/inference-api (account 111122223333, us-east-1). Point at each excess grant, rewrite the policy, then write the four-finding hardening summary.',
    evidencePrompt: 'The least-privilege policy JSON, and the hardening summary: one entry per fixture, ordered by severity, each with its severity and one control.',
    fields: ['findings[].file', 'findings[].lines', 'findings[].what', 'findings[].severity', 'policy', 'summary[].fixture', 'summary[].title', 'summary[].severity', 'summary[].control'],
  },
];

export const HINTS: Record<StepNumber, readonly string[]> = {
  1: [
    'Look at the outputs of the code cells, not only their source: Jupyter saves what a cell printed inside the .ipynb file.',
    'Cell 7 prints the session credentials. Check the platform inventory (mlops-inventory.json) to see which policy the key owner has.',
    'The key belongs to an identity with AdministratorAccess: the blast radius is the whole account. Controls: a pre-commit hook that strips outputs and scans for secrets (nbstripout, mlops-audit), and a role with short-lived credentials for the notebook server instead of a user key.',
  ],
  2: [
    'Read the workflow-level env block: which values would still work if someone copied them?',
    'Two values carry credentials: the AWS secret key and the MLflow tracking URI with a password in it. The access key id is part of the same long-lived key.',
    'Corrected workflow: drop the keys, add permissions: id-token: write and aws-actions/configure-aws-credentials with role-to-assume, and read the MLflow credentials from ${{ secrets.MLFLOW_TRACKING_USERNAME }} and ${{ secrets.MLFLOW_TRACKING_PASSWORD }}.',
  ],
  3: [
    'Three settings decide who may read artifacts, who may use the server and who may promote a model.',
    'Look at tracking_server.authentication, artifact_store.acl / block_public_access and model_registry.stage_transitions.Production.',
    'Recommend: authentication on (mlflow server --app-name basic-auth behind TLS), a private bucket with S3 Block Public Access, and require_approval with named approvers for Production.',
  ],
  4: [
    'Each statement of the policy is one question: does serving predictions need it?',
    'Only s3:GetObject on the model prefix and log writes (logs:CreateLogStream, logs:PutLogEvents) on the service\'s own log group are needed; EC2 and IAM reads are reconnaissance.',
    'Resources: arn:aws:s3:::acme-mlflow-artifacts/mlflow/* and arn:aws:logs:us-east-1:111122223333:log-group:/aws/inference/inference-api:*. Order the summary by the worst thing each fixture allows, weighing what an attacker needs first.',
  ],
};
