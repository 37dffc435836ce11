import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { identifyContainer } from '../../deploy/identify.js';

/** Name, tag and digest of an image reference: registry:5000/org/image:tag@sha256:… */
export function imageReference(image: string): { name: string; tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const withoutDigest = at === -1 ? image : image.slice(0, at);
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest } : { name: withoutDigest, digest };
}

export default defineRule({
  id: 'deploy/latest-image-tag',
  artifact: 'deployment',
  title: 'Deployed image uses the latest tag or no tag',
  category: 'missing-artifact-integrity',
  severity: 'medium',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-ML-2023:ML06:2023', 'MITRE-ATLAS:AML.T0010', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.5', 'CWE:CWE-494', 'CWE:CWE-1104'),
  control:
    'Deploy images by an explicit version and digest (`image: ghcr.io/mlflow/mlflow:v2.14.1@sha256:<digest>`) and move to a new version through a reviewed change (Renovate or Dependabot for docker), never through `latest`.',
  docs: {
    summary:
      'Finds container images in docker-compose services and Kubernetes workloads (Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, Pods and KServe InferenceService predictor, transformer and explainer containers, including `oci://` model images in `storageUri`) that use the `latest` tag or no tag at all, which Docker and Kubernetes read as `latest`. Images pinned by an `@sha256:` digest are not reported, whatever their tag; images chosen by a variable (`${MLFLOW_IMAGE}`) are skipped.',
    risk:
      '`latest` is whatever was pushed last. A tracking server, notebook or model server deployed from it changes version on the next restart or node move, without review: a release with a known vulnerability, a breaking change to the registry schema, or an image replaced by someone who obtained push rights. Nobody can tell afterwards which code served which prediction, and a rollback has no version to return to.',
    bad: { language: 'yaml', code: 'services:\n  mlflow:\n    image: ghcr.io/mlflow/mlflow:latest\n  notebook:\n    image: jupyter/scipy-notebook' },
    good: {
      language: 'yaml',
      code: 'services:\n  mlflow:\n    image: ghcr.io/mlflow/mlflow:v2.14.1@sha256:<digest>\n  notebook:\n    image: quay.io/jupyter/scipy-notebook:2024-07-29@sha256:<digest>',
      note: 'Get the digest with `docker buildx imagetools inspect IMAGE:TAG` or `crane digest IMAGE:TAG`.',
    },
    references: [
      { title: 'Kubernetes: images (tags, digests and imagePullPolicy)', url: 'https://kubernetes.io/docs/concepts/containers/images/' },
      { title: 'Docker: pull an image by digest', url: 'https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier' },
    ],
  },
  check({ artifact, report }) {
    for (const workload of artifact.workloads) {
      for (const container of workload.containers) {
        const image = container.image;
        if (!image) continue;
        const value = image.value.trim();
        if (value === '' || value.includes('${') || value.includes('{{')) continue;
        const parts = imageReference(value);
        if (parts.digest?.toLowerCase().startsWith('sha256:')) continue;
        if (parts.tag && parts.tag !== 'latest') continue;
        const identity = identifyContainer(container, { workloadKind: workload.kind });
        const runs = identity.service === 'other' ? '' : ` (it runs ${identity.label})`;
        const where = artifact.format === 'compose' ? `Service \`${container.name}\`` : `Container \`${container.name}\` of ${workload.name}`;
        const how = parts.tag ? 'the `latest` tag' : 'no tag, which means `latest`';
        const snippet = `image: ${parts.name}:<version>@sha256:<digest>`;
        report({
          start: image.start,
          end: image.end,
          location: { yamlPath: image.pointer },
          title: `Image ${parts.name} deployed from ${parts.tag ? 'the latest tag' : 'no tag (latest)'}`,
          message:
            `${where}${runs} uses the image \`${value}\`: ${how}, with no digest. Every pull or restart can bring a different version, unreviewed, and nobody can tell which version served what. ` +
            `Recommended: pin a version and its digest, \`${snippet}\`, and update it through a reviewed change.`,
          evidence: value,
          blastRadius: `Whoever can push ${parts.name} decides what runs as ${where.replace(/^Service/, 'service').replace(/^Container/, 'container')} on the next restart${identity.service === 'mlflow' ? ', including the code that serves the model registry' : identity.service === 'jupyter' ? ', with the credentials the notebook server holds' : identity.service === 'inference-api' || identity.service === 'kserve-predictor' ? ', including the code that answers every prediction request' : ''}.`,
          identity: `${workload.name}:${container.name}:${value}`,
          recommendation: `Pin the image to a version and digest: \`${snippet}\` (find the digest with \`docker buildx imagetools inspect ${parts.name}:<version>\`), and let Renovate or Dependabot propose updates.`,
          fix: { description: 'Image pinned to a version and digest', snippet, language: 'yaml' },
        });
      }
    }
  },
});
