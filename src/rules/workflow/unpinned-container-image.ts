import type { ContainerSpec, Job } from '../../artifacts/workflow/workflow.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { describeJobReach, describeSecrets, imageParts, list, secretsOf } from './job-facts.js';

export default defineRule({
  id: 'workflow/unpinned-container-image',
  artifact: 'workflow',
  title: 'Job container or service image not pinned by digest',
  category: 'missing-artifact-integrity',
  severity: 'medium',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-ML-2023:ML06:2023', 'MITRE-ATLAS:AML.T0010', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.5', 'CWE:CWE-829', 'CWE:CWE-494'),
  control:
    'Reference job containers and service containers by digest (`image: registry/name:tag@sha256:<digest>`), from a registry you control, and update the digest through a reviewed change (Dependabot or Renovate for docker).',
  docs: {
    summary:
      'Finds `container:` and `services:` images of workflow jobs that are referenced by tag or without a tag instead of by an `@sha256:` digest, and says when the tag is `latest` or missing (which means `latest`). Images chosen by an expression are not reported. `docker://` step images are reported by workflow/unpinned-action.',
    risk:
      'A job container runs every step of the job, so its image sees the checkout, the secrets passed to steps and the GITHUB_TOKEN; a service container (a database, an MLflow server, a feature store) sits on the job\'s network and receives its credentials. A tag can be re-pushed by anyone with push rights on the image, or by an attacker who took them, and a training image such as pytorch/pytorch:latest changes under you between runs: the next run trains and publishes with code nobody reviewed.',
    bad: {
      language: 'yaml',
      code: 'jobs:\n  train:\n    runs-on: [self-hosted, gpu]\n    container:\n      image: pytorch/pytorch:latest\n    services:\n      mlflow:\n        image: ghcr.io/mlflow/mlflow',
    },
    good: {
      language: 'yaml',
      code: 'jobs:\n  train:\n    runs-on: [self-hosted, gpu]\n    container:\n      image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime@sha256:<digest>\n    services:\n      mlflow:\n        image: ghcr.io/mlflow/mlflow:v2.14.1@sha256:<digest>',
      note: 'Find the digest with `docker buildx imagetools inspect IMAGE:TAG` or `crane digest IMAGE:TAG`.',
    },
    references: [
      { title: 'Running jobs in a container', url: 'https://docs.github.com/actions/writing-workflows/choosing-where-your-workflow-runs/running-jobs-in-a-container' },
      { title: 'Docker: pull an image by digest', url: 'https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier' },
    ],
  },
  check({ artifact, report }) {
    for (const job of artifact.jobs) {
      const specs: Array<{ spec: ContainerSpec; service?: string }> = [
        ...(job.container ? [{ spec: job.container }] : []),
        ...job.services.map((service) => ({ spec: service, service: service.id })),
      ];
      for (const { spec, service } of specs) {
        const image = spec.image;
        if (!image || image.value.includes('${{') || image.value.trim() === '') continue;
        const parts = imageParts(image.value.trim());
        if (parts.digest?.toLowerCase().startsWith('sha256:')) continue;
        const version = !parts.tag ? 'no tag, so Docker pulls `latest`' : parts.tag === 'latest' ? 'the `latest` tag' : `a tag (\`${parts.tag}\`)`;
        const versionTag = parts.tag && parts.tag !== 'latest' ? parts.tag : '<version>';
        const what = service ? `The image of service container \`${service}\`` : 'The container image';
        report({
          start: image.start,
          end: image.end,
          location: { yamlPath: image.path },
          title: `${service ? `Service ${service}` : `Job ${job.id} container`} image ${!parts.tag || parts.tag === 'latest' ? 'uses latest' : 'pinned by tag only'}, not by digest`,
          message:
            `${what} of job ${job.id} is \`${image.value.trim()}\`: ${version}, not an @sha256: digest. ` +
            `The image can change between runs without a change to this file${!parts.tag || parts.tag === 'latest' ? ', and `latest` changes with every release' : ''}; whoever can push to ${parts.name} decides what runs.`,
          evidence: image.value.trim(),
          blastRadius: service ? serviceReach(job, spec, artifact) : `The image runs every step of the job. ${describeJobReach(job, artifact)}`,
          identity: `${service ? `service:${service}` : 'container'}:${job.id}:${image.value.trim()}`,
          recommendation:
            `Pin the image by digest: \`image: ${parts.name}:${versionTag}@sha256:<digest>\`${versionTag === '<version>' ? ', with a specific version tag instead of latest' : ''}; ` +
            `get the digest with \`docker buildx imagetools inspect ${parts.name}:${versionTag === '<version>' ? '<version>' : versionTag}\` and update it through a reviewed change (Dependabot or Renovate for docker).`,
          fix: { description: 'Image pinned by digest', snippet: `image: ${parts.name}:${versionTag}@sha256:<digest>`, language: 'yaml' },
        });
      }
    }
  },
});

function serviceReach(job: Job, spec: ContainerSpec, workflow: Parameters<typeof secretsOf>[1]): string {
  const env = spec.env.map((entry) => entry.name);
  const jobSecrets = describeSecrets(secretsOf(job, workflow));
  return (
    `A replaced service image runs beside job ${job.id} on its network, receives ${env.length ? `its env (${list(env)})` : 'its configuration'} and every request the job's steps send it` +
    `${jobSecrets ? `, which can include ${jobSecrets}` : ''}; it can return poisoned data (features, models, metrics) to the training steps.`
  );
}
