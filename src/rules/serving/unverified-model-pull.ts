import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import type { ModelPull } from '../../python/serving-facts.js';
import { servingFacts } from '../../python/serving-facts.js';
import { written } from './serving-text.js';

const VERIFY_SNIPPET = [
  '# Promotion pipeline signs the model directory: `model_signing sign <dir>` (OpenSSF model-signing, Sigstore).',
  'import model_signing',
  '',
  'local = mlflow.artifacts.download_artifacts("models:/churn-model/7")  # one immutable version',
  'model_signing.verifying.Config().use_sigstore_verifier(',
  '    identity="https://github.com/acme/ml-platform/.github/workflows/promote.yml@refs/heads/main",',
  '    oidc_issuer="https://token.actions.githubusercontent.com",',
  ').verify(local, f"{local}/model.sig")',
].join('\n');

function describeReference(unpinned: string): string {
  if (unpinned === 'latest') return 'its `latest` version';
  const [kind, value] = unpinned.split(' ');
  return `${kind} \`${value}\``;
}

function pinnedExample(pull: ModelPull): string {
  if (pull.registry === 'huggingface') {
    return `${pull.callee}("${pull.reference}", revision="<full commit sha>"${pull.callee.endsWith('hf_hub_download') ? ', filename="model.safetensors"' : ''})  # a commit, not a branch or tag`;
  }
  const name = /^models:\/([^/@]+)/.exec(pull.reference)?.[1] ?? pull.reference;
  return `model_uri = "models:/${name}/<version>"  # a version number, not a stage or alias`;
}

export default defineRule({
  id: 'serving/unverified-model-pull',
  artifact: 'python',
  title: 'Model pulled by a movable reference without signature or digest verification',
  category: 'missing-artifact-integrity',
  severity: 'medium',
  confidence: 'medium',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-LLM-2025:LLM04:2025', 'OWASP-ML-2023:ML06:2023', 'OWASP-ML-2023:ML10:2023', 'MITRE-ATLAS:AML.T0010', 'NIST-AI-RMF:MEASURE 2.7', 'CWE:CWE-494', 'CWE:CWE-345'),
  control:
    'Pull one immutable model version (`models:/name/7`, a Hugging Face commit sha as `revision=`) and verify its signature (OpenSSF model-signing with Sigstore, or cosign) or its released digest before loading it.',
  docs: {
    summary:
      'Reads Python files and finds models pulled by a reference that can move: MLflow `models:/name/Production` (a stage), `models:/name@champion` (an alias) or `models:/name/latest` passed to `load_model`, `download_artifacts`, `spark_udf` and similar calls (through variables and f-strings), `MlflowClient.get_latest_versions` and `get_model_version_by_alias`; and Hugging Face `hf_hub_download`, `snapshot_download` and `from_pretrained` of a hub repository with no `revision=` or with a branch or tag instead of a commit sha. A pull is not reported when the same function (or a function it calls, or the module\'s top-level code) verifies a signature or digest: a `verify…`, `sigstore`, `cosign`, `model_signing` or `compare_digest` call, or a `hexdigest()` comparison. High when the pulled model is then loaded with a code-executing loader (a pickle-based MLflow flavour, `pickle.load` of the downloaded file) or with `trust_remote_code=True`; medium otherwise. Local paths are skipped.',
    risk:
      'Whoever can move the stage or alias (any registry editor in open-source MLflow) or push to the hub repository decides what the service loads on its next start, and nothing checks that the files are the ones that were reviewed and released. A poisoned or backdoored model reaches production without a deploy; with a pickle-based format it also runs code in the service.',
    bad: {
      language: 'python',
      code: 'model = mlflow.pyfunc.load_model("models:/churn-model/Production")',
    },
    good: {
      language: 'python',
      code: VERIFY_SNIPPET,
      note: 'Promote by changing the pinned version in the deployment, through a reviewed, signed CI job.',
    },
    references: [
      { title: 'MLflow Model Registry: model URIs, versions and aliases', url: 'https://mlflow.org/docs/latest/model-registry.html' },
      { title: 'OpenSSF model-signing (sigstore/model-transparency)', url: 'https://github.com/sigstore/model-transparency' },
      { title: 'huggingface_hub: download files (revision)', url: 'https://huggingface.co/docs/huggingface_hub/guides/download' },
      { title: 'Sigstore cosign: signing blobs', url: 'https://docs.sigstore.dev/cosign/signing/signing_with_blobs/' },
    ],
  },
  check({ artifact, report }) {
    const facts = servingFacts(artifact);
    for (const pull of facts.pulls) {
      if (pull.verified) continue;
      const loadedUnsafely = facts.loads.some((load) => (load.from === pull.from && load.kind === 'mlflow') || load.source.pulledAt === pull.from);
      const high = loadedUnsafely || pull.remoteCode;
      const what =
        pull.registry === 'mlflow'
          ? `pulls \`${pull.reference}\` from the MLflow registry by ${describeReference(pull.unpinned)}`
          : `pulls \`${pull.reference}\` from the Hugging Face Hub with ${pull.unpinned === 'no revision' ? 'no pinned revision (the default branch)' : `${pull.unpinned.replace('revision ', 'revision `')}\` (a branch or tag, which can move)`}`;
      report({
        start: pull.from,
        end: pull.to,
        location: {},
        severity: high ? 'high' : 'medium',
        message: `\`${pull.callee}\` ${what}, and nothing verifies a signature or digest before the model is used${loadedUnsafely ? '; the model is then loaded with a loader that runs code' : ''}${pull.remoteCode ? '; `trust_remote_code=True` also runs the repository\'s Python code' : ''}.`,
        evidence: written(artifact, pull.from, pull.to),
        blastRadius:
          pull.registry === 'mlflow'
            ? `Whoever can ${pull.unpinned === 'latest' ? 'register a new version' : `move the ${pull.unpinned.split(' ')[0]}`} (in open-source MLflow, any user who can edit the registered model) decides which model this service loads on its next start${loadedUnsafely ? ', and runs code in it' : ''}.`
            : `Whoever can push to ${pull.reference} on the hub decides which files this code loads${high ? ', and runs code in it' : ''}.`,
        identity: `pull:${pull.callee}:${pull.reference}`,
        recommendation: `Pin one immutable version (\`${pinnedExample(pull).replace(/\s+#.*$/, '')}\`) and verify its signature (OpenSSF model-signing with Sigstore, or \`cosign verify-blob\`) or its released SHA-256 digest before loading it; promote by changing the pinned version through a reviewed, signed deployment.`,
        fix: { description: 'A pinned version, verified before it is loaded', language: 'python', snippet: pull.registry === 'mlflow' ? VERIFY_SNIPPET : pinnedExample(pull) },
      });
    }
  },
});
