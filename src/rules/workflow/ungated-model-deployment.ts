import { andList, blastRadiusSentence, jobProfiles } from '../../artifacts/workflow/job-profile.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { deploymentConfidence, deploymentEvidence, deploymentPhrases, deploymentRelated, stepDeployments, stepNames, triggerNotes } from './describe-deployment.js';

export default defineRule({
  id: 'workflow/ungated-model-deployment',
  artifact: 'workflow',
  title: 'Model deployed or promoted by a job without a protected environment',
  category: 'missing-approval-gate',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks(
    'OWASP-LLM-2025:LLM03:2025',
    'OWASP-LLM-2025:LLM04:2025',
    'OWASP-ML-2023:ML10:2023',
    'MITRE-ATLAS:AML.T0010',
    'NIST-AI-RMF:GOVERN 1.4',
    'NIST-AI-RMF:MANAGE 2.4',
    'ISO-42001:A.6.2.5',
    'CWE:CWE-284',
  ),
  control:
    'Promote and deploy models only from a dedicated job with `environment: production`, protected by required reviewers and a deployment branch rule that allows only main; the training job hands the model over as an artifact and never writes the Production stage, bucket or endpoint itself.',
  docs: {
    summary:
      'Finds GitHub Actions jobs that deploy or promote a model but declare no `environment:`. Deployments are recognised from `run:` scripts and actions: copies of model files to S3, GCS or Azure Blob storage, MLflow stage and alias changes (`transition_model_version_stage`, `set_registered_model_alias`, promote/register scripts called with `--stage` or `--alias`), `mlflow models serve`, SageMaker endpoint and model changes, Vertex AI and Azure ML deployments, Hugging Face Hub pushes, model-serving image pushes and Kubernetes or Helm rollouts of serving workloads. The finding sits on the job; related locations point at each deploying command. Jobs that call a reusable workflow and composite actions are left to the workflow that defines the job.',
    risk:
      "Without an environment, a job's deployment needs no approval: every push, schedule or manual run that reaches the job replaces the model in production, and so does anyone who can change the training code, its dependencies or the workflow. The job also uses repository secrets that any workflow in the repository can read, instead of environment secrets that are released only to approved runs on allowed branches. A poisoned or simply untested model goes live with no second person seeing it and no deployment record.",
    bad: {
      language: 'yaml',
      code: 'on:\n  push:\n    branches: [main]\njobs:\n  train:\n    runs-on: [self-hosted, gpu]\n    steps:\n      - run: python train.py\n      - name: Promote to Production\n        run: python promote.py --name churn-model --stage Production\n      - run: aws s3 cp model/ s3://models/churn-model/production/ --recursive',
      note: 'Training and promotion in one job with no environment: every run of train.py ships.',
    },
    good: {
      language: 'yaml',
      code: "jobs:\n  train:\n    runs-on: [self-hosted, gpu]\n    steps:\n      - run: python train.py\n      - uses: actions/upload-artifact@<sha>  # v4\n        with: { name: model, path: model/ }\n  promote:\n    needs: train\n    if: github.ref == 'refs/heads/main'\n    runs-on: ubuntu-24.04\n    environment: production   # required reviewers, deployment branches: main\n    permissions:\n      contents: read\n      id-token: write\n    steps:\n      - uses: actions/download-artifact@<sha>  # v4\n        with: { name: model, path: model/ }\n      - name: Promote to Production\n        run: python promote.py --name churn-model --stage Production",
      note: 'Settings → Environments → production: add required reviewers and limit deployment branches to main; move the deployment credentials into the environment.',
    },
    references: [
      { title: 'Managing environments for deployment (GitHub Docs)', url: 'https://docs.github.com/actions/deployment/targeting-different-environments/managing-environments-for-deployment' },
      { title: 'Deployment protection rules (GitHub Docs)', url: 'https://docs.github.com/actions/deployment/protecting-deployments/configuring-custom-deployment-protection-rules' },
      { title: 'MLflow Model Registry: stages and aliases', url: 'https://mlflow.org/docs/latest/model-registry.html' },
    ],
  },
  check({ artifact, platform, report }) {
    for (const profile of jobProfiles(artifact, platform)) {
      const { job } = profile;
      if (job.environment) continue;
      const deployments = stepDeployments(profile);
      const first = deployments[0];
      if (!first) continue;
      const what = deploymentPhrases(deployments);
      const triggers = profile.triggers.map((trigger) => trigger.description);
      const runs = triggers.length ? `Every run that reaches it (${andList([...new Set(triggers)])})` : 'Every run of it';
      const names = stepNames(deployments);
      report({
        start: job.keyStart,
        end: job.keyStart + job.id.length,
        location: { yamlPath: job.path },
        confidence: deploymentConfidence(deployments),
        title: `Job ${job.id} ${deployments.some((write) => write.effect === 'promote') ? 'promotes' : deployments.every((write) => write.effect === 'publish') ? 'publishes' : 'deploys'} a model without a protected environment`,
        message:
          `Job \`${job.id}\` ${what}, but it has no \`environment:\`. ${runs} changes what serves in production with no required reviewer, no deployment branch rule and no deployment record, ` +
          'and it holds repository-wide secrets instead of environment secrets released only to approved runs.',
        evidence: deploymentEvidence(first),
        blastRadius: `${blastRadiusSentence(profile)} Whoever can start the job, or change the code and dependencies it runs, puts a model into production without anyone approving it.`,
        identity: `job:${job.id}`,
        notes: [
          ...triggerNotes(profile),
          ...(deployments.every((write) => write.confidence === 'medium') ? ['Recognised from script, image or manifest names and their arguments; check that the step really deploys or promotes a model.'] : []),
        ],
        related: deploymentRelated(deployments),
        recommendation:
          `Move ${andList(names.map((name) => `"${name}"`))} out of job \`${job.id}\` into a job that \`needs: ${job.id}\`, runs only for main (\`if: github.ref == 'refs/heads/main'\`) and declares \`environment: production\`; ` +
          'protect that environment with required reviewers and a deployment branch rule allowing only main (Settings → Environments), and move the deployment credentials into environment secrets.',
        fix: {
          description: `A separate promotion job gated by the production environment (required reviewers, main only); ${job.id} uploads the model as an artifact instead of deploying it`,
          language: 'yaml',
          snippet: [
            'jobs:',
            `  ${job.id}:`,
            '    # … trains, then: uses: actions/upload-artifact (name: model) — no deployment here',
            '  promote:',
            `    needs: ${job.id}`,
            "    if: github.ref == 'refs/heads/main'",
            '    runs-on: ubuntu-24.04',
            '    environment: production   # Settings → Environments: required reviewers, deployment branches: main',
            '    permissions:',
            '      contents: read',
            '      id-token: write   # cloud access through OIDC, scoped to the environment',
            '    steps:',
            '      - uses: actions/download-artifact@<full-commit-sha>  # v4',
            '        with:',
            '          name: model',
            ...names.flatMap((name) => [`      - name: ${/^[\w .,()/-]+$/.test(name) ? name : JSON.stringify(name)}`, '        run: …  # unchanged']),
          ].join('\n'),
        },
      });
    }
  },
});
