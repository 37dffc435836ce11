// The lab's reading module: the field guide's MLOps platform checklists, rewritten in our own words, each
// item pointing at where the lab or the analyzer practises it. Served by GET /api/reading.

export interface ReadingItem {
  text: string;
  /** Lab steps that practise it. */
  steps?: number[];
  /** Analyzer rules (or families, `notebook/*`) that check it. */
  rules?: string[];
  /** A command or report section that shows it; `manual` when no file or service can. */
  tool?: string;
}

export interface ReadingSection {
  id: string;
  title: string;
  intro: string;
  items: ReadingItem[];
}

export interface ReadingModule {
  title: string;
  summary: string[];
  sections: ReadingSection[];
}

export const READING: ReadingModule = {
  title: 'Reading: securing the MLOps platform',
  summary: [
    'Treat the platform as the factory that builds and ships model behaviour. A model that passed every evaluation still becomes an unsafe product when the notebook that trained it leaks a key, the registry lets anyone swap the artifact, the endpoint answers strangers, or the experiment logs quietly become a copy of the training data.',
    'The scope is everything an artifact passes through: notebooks, experiment tracking, feature stores and data pipelines, training jobs and GPU clusters, the model registry, CI/CD, serving endpoints, and the secrets, identities, environment boundaries and rollout controls around them.',
    'A practical way in: pick one model and follow it from the notebook or training job to the registry, the deployment, the endpoint, its telemetry, its rollback and the incident runbook. Write down every identity that touches it and every place it is stored. The lab does exactly this for one small platform.',
  ],
  sections: [
    {
      id: 'breaks',
      title: 'What goes wrong',
      intro: 'The failures that recur on ML platforms, and why each is easy to miss.',
      items: [
        { text: 'Notebooks keep state nobody sees in the code: printed secrets and data stay in saved outputs, autosave copies and kernel history.', steps: [1], rules: ['notebook/*'] },
        { text: 'Experiment tracking ends up holding prompts, labels, model outputs or credentials logged as parameters and artifacts.', rules: ['notebook/secret-in-experiment-tracking'], tool: 'mlops-audit report: checklist (tracking-logging)' },
        { text: 'Training, notebook and serving workloads run with broad shared permissions, so one foothold reaches everything.', steps: [1, 4], rules: ['iam/*'] },
        { text: 'Model endpoints, artifact buckets or tracking servers are reachable from outside without a login.', steps: [3], rules: ['mlflow/*', 'deploy/*', 'serving/*'], tool: 'mlops-audit probe' },
        { text: 'GPU and batch capacity is abused for mining or runs up cost, and shared clusters leak between tenants.', tool: 'manual' },
        { text: 'A single role can train, approve and deploy a model, so no second person ever looks before production.', steps: [3], rules: ['workflow/ungated-model-deployment'] },
      ],
    },
    {
      id: 'inspect',
      title: 'What to look at',
      intro: 'The places to open during a review.',
      items: [
        { text: 'The notebook platform, the experiment tracker, feature stores and the model registry, including how they are deployed.', steps: [1, 3], rules: ['jupyter/*', 'jupyterhub/*'] },
        { text: 'CI/CD workflows, build runners, deployment jobs and the service accounts they use.', steps: [2], rules: ['workflow/*'] },
        { text: 'Secrets wherever they hide: notebook code and outputs, environment variables, logs, configuration files and stored artifacts.', steps: [1, 2] },
        { text: 'Who can read training data and serving data, which buckets hold models, and which endpoints are exposed.', steps: [4], tool: 'mlops-audit report: platform map' },
        { text: 'Rollout, canary and rollback mechanics, and who approves a model change.', steps: [3], tool: 'mlops-audit report: promotion review' },
        { text: 'GPU quotas, workload isolation, network egress and how jobs are scheduled.', tool: 'manual' },
      ],
    },
    {
      id: 'ask',
      title: 'Questions to ask the team',
      intro: 'Answers to these often reveal more than the configuration does.',
      items: [
        { text: 'Which identities can train, register, deploy and serve a model, and are any of them the same identity?', tool: 'mlops-audit report: identity review' },
        { text: 'Where do prompts, labels, embeddings and model outputs show up in platform logs?' },
        { text: 'Are development, test, evaluation and production separated, with separate credentials and data?' },
        { text: 'Can a notebook or a training job read production data or production secrets?', steps: [1] },
        { text: 'What stops an unreviewed model from serving traffic?', steps: [3] },
        { text: 'How would you notice GPU abuse, exhausted quotas or an endpoint that became public?' },
        { text: 'Who can skip the staged rollout, the canary or the rollback requirement?' },
      ],
    },
    {
      id: 'test',
      title: 'What to test',
      intro: 'Claims to verify rather than accept.',
      items: [
        { text: 'Secrets exposed by notebooks, and code paths that run outside the visible cells.', steps: [1] },
        { text: 'Promoting a model in the registry without an approval.', steps: [3] },
        { text: 'Public exposure and weak authentication of serving endpoints.', rules: ['probe/*'], tool: 'mlops-audit probe' },
        { text: 'Reaching one environment\'s data or credentials from another.' },
        { text: 'Leakage through experiment tracking: what an unauthenticated caller can list and download.', rules: ['probe/mlflow-unauthenticated'], tool: 'mlops-audit probe' },
        { text: 'Whether staged rollout and rollback actually work when exercised.' },
        { text: 'Exhausting GPU quotas, launching jobs without authorisation and reaching unexpected network destinations.' },
      ],
    },
    {
      id: 'controls',
      title: 'Controls that close the gaps',
      intro: 'Each finding in the lab should end in one of these.',
      items: [
        { text: 'Separate development, evaluation, training, staging and production environments.' },
        { text: 'Least-privilege IAM for notebooks, jobs, registries and serving endpoints.', steps: [4], tool: 'mlops-audit fix' },
        { text: 'Secret scanning in every ML workflow, with credentials held in a vault or secret store and short-lived where possible.', steps: [1, 2] },
        { text: 'Promotion gates in the registry, approvals for model changes, and a written rollback playbook.', steps: [3] },
        { text: 'A logging policy that says what may be recorded about prompts, outputs, labels, embeddings and datasets.' },
        { text: 'GPU quotas, workload isolation and monitoring for abuse.' },
        { text: 'Separation of duties between training, approval, deployment and production access.', steps: [3], rules: ['workflow/ungated-model-deployment'] },
      ],
    },
    {
      id: 'evidence',
      title: 'Evidence to collect',
      intro: 'What a reviewer keeps so that the conclusions can be checked later.',
      items: [
        { text: 'An architecture map of the platform.', tool: 'mlops-audit report: platform map' },
        { text: 'A review of IAM roles and service accounts.', steps: [4], tool: 'mlops-audit report: identity review' },
        { text: 'Findings on notebooks and experiment tracking.', steps: [1, 3] },
        { text: 'Records of registry promotions: who promoted what, approved by whom.', tool: 'mlops-audit report: promotion review' },
        { text: 'Checks of endpoint exposure.', tool: 'mlops-audit probe' },
        { text: 'Results of rollout and rollback tests.' },
        { text: 'Evidence that quotas, isolation and egress controls are in place.' },
      ],
    },
    {
      id: 'outputs',
      title: 'What the review produces',
      intro: 'The deliverables; the lab\'s Markdown export is a small version of the first two.',
      items: [
        { text: 'An MLOps security checklist with a status per control.', tool: 'mlops-audit report: checklist' },
        { text: 'An assessment of the platform\'s controls, component by component.', tool: 'mlops-audit report: control assessment' },
        { text: 'A review of registry promotion.', tool: 'mlops-audit report: promotion review' },
        { text: 'Findings on serving endpoints.', tool: 'mlops-audit report; mlops-audit probe' },
        { text: 'A remediation backlog ordered by priority.', steps: [4], tool: 'mlops-audit report: backlog' },
      ],
    },
  ],
};
