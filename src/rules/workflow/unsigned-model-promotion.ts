import { andList, blastRadiusSentence, jobProfiles } from '../../artifacts/workflow/job-profile.js';
import { commentChecker } from '../../artifacts/workflow/shell-words.js';
import type { Job, Step } from '../../artifacts/workflow/workflow.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { deploymentConfidence, deploymentEvidence, deploymentPhrases, deploymentRelated, stepDeployments, stepLabel, triggerNotes } from './describe-deployment.js';

/** Actions that sign or attest what the job built. */
const INTEGRITY_ACTIONS = [
  /^actions\/attest(?:-build-provenance|-sbom)?$/,
  /^sigstore\/gh-action-sigstore-python$/,
  /^slsa-framework\/slsa-github-generator\//,
];

/** Commands that sign, attest or verify files: cosign, GPG, notation, OpenSSF model-signing, sigstore, checksum checks, gh attestation verify. */
const INTEGRITY_COMMANDS = [
  /\bcosign\s+(?:sign|sign-blob|attest|attest-blob|verify|verify-blob|verify-attestation|verify-blob-attestation)\b/,
  /\bsha(?:1|224|256|384|512)sum\b[^\n|;&]*\s(?:-c|--check)\b/,
  /\bshasum\b[^\n|;&]*\s(?:-c|--check)\b/,
  /\bb2sum\b[^\n|;&]*\s(?:-c|--check)\b/,
  /\bgpg2?\b[^\n|;&]*\s(?:--sign|--detach-sign|--detach-sig|--clear-sign|--clearsign|--verify|-[a-zA-Z]*[sb][a-zA-Z]*)\b/,
  /\bnotation\s+(?:sign|verify)\b/,
  /\bmodel[_-]signing\s+(?:sign|verify)\b/,
  /-m\s+model_signing\b/,
  /\b(?:import|from)\s+model_signing\b/,
  /\bsigstore\s+(?:sign|verify)\b/,
  /\bgh\s+attestation\s+verify\b/,
  /\bopenssl\s+dgst\b[^\n|;&]*\s-(?:sign|verify)\b/,
  /\bslsa-verifier\s+verify/,
];

/** The step that signs, attests or verifies, if the step does. */
function integrityOf(step: Step): string | undefined {
  const action = step.uses?.value.split('@')[0]!.toLowerCase();
  if (action && INTEGRITY_ACTIONS.some((pattern) => pattern.test(action))) return action;
  const script = step.run?.text.text;
  if (!script) return undefined;
  const inComment = commentChecker(script);
  for (const pattern of INTEGRITY_COMMANDS) {
    for (const match of script.matchAll(new RegExp(pattern.source, 'g'))) if (!inComment(match.index)) return match[0].trim().split(/\s+/).slice(0, 3).join(' ');
  }
  return undefined;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return (end === -1 ? text.length : end) - (text[end - 1] === '\r' ? 1 : 0);
}

function jobIntegrity(job: Job): string | undefined {
  if (job.uses && INTEGRITY_ACTIONS.some((pattern) => pattern.test(job.uses!.value.split('@')[0]!.toLowerCase()))) return job.uses.value.split('@')[0];
  for (const step of job.steps) {
    const found = integrityOf(step);
    if (found) return found;
  }
  return undefined;
}

export default defineRule({
  id: 'workflow/unsigned-model-promotion',
  artifact: 'workflow',
  title: 'Model promoted or deployed without signing, attestation or verification',
  category: 'missing-artifact-integrity',
  severity: 'medium',
  confidence: 'high',
  labSignal: 'missing artifact signing',
  frameworks: frameworks(
    'OWASP-LLM-2025:LLM03:2025',
    'OWASP-LLM-2025:LLM04:2025',
    'OWASP-ML-2023:ML10:2023',
    'MITRE-ATLAS:AML.T0010',
    'NIST-AI-RMF:MANAGE 2.4',
    'ISO-42001:A.6.2.5',
    'CWE:CWE-345',
    'CWE:CWE-494',
  ),
  control:
    'Sign or attest the model where it is built and verify it before it is promoted or served: actions/attest-build-provenance (or cosign sign-blob, or OpenSSF model-signing) over the model files in the training job, and gh attestation verify (or cosign verify-blob) in the job that promotes or loads it, so only the bytes CI produced can reach Production.',
  docs: {
    summary:
      'Finds GitHub Actions jobs that deploy or promote a model (bucket copies, MLflow stage and alias changes, SageMaker, Vertex AI and Azure ML deployments, Hugging Face Hub and serving-image pushes, Kubernetes rollouts) where neither the job nor any job it needs signs, attests or verifies anything: no actions/attest-build-provenance, actions/attest or actions/attest-sbom, no sigstore or cosign sign, sign-blob, attest or verify, no GPG or notation signature, no OpenSSF model-signing, no `gh attestation verify` and no checksum verification (`sha256sum -c`). The finding points at the first deploying step. Computing a checksum (`sha256sum model.pt > model.sha256`) does not count: whoever replaces the model replaces the checksum beside it.',
    risk:
      'A model is code: pickled weights execute on load, and changed weights change every prediction. Between training and serving the files pass through the runner, the artifact bucket and the registry, and anyone who can write to one of them can swap the model for a backdoored or poisoned one. Without a signature or provenance attestation bound to the workflow run, the serving side cannot tell the swapped model from the trained one, and an incident review cannot prove which build is live.',
    bad: {
      language: 'yaml',
      code: 'jobs:\n  train:\n    runs-on: [self-hosted, gpu]\n    steps:\n      - run: python train.py --output model/\n      - name: Promote to Production\n        run: python promote.py --name churn-model --stage Production\n      - run: aws s3 cp model/ s3://models/churn-model/production/ --recursive',
    },
    good: {
      language: 'yaml',
      code: 'jobs:\n  train:\n    runs-on: [self-hosted, gpu]\n    permissions:\n      contents: read\n      id-token: write      # Sigstore signing identity\n      attestations: write  # stores the attestation\n    steps:\n      - run: python train.py --output model/\n      - uses: actions/attest-build-provenance@<sha>  # v2\n        with:\n          subject-path: model/**\n      - name: Promote to Production\n        run: python promote.py --name churn-model --stage Production',
      note: 'Verify before loading: gh attestation verify model/model.pkl --repo acme/churn (or cosign verify-blob), in the promotion job and in the serving image.',
    },
    references: [
      { title: 'Using artifact attestations to establish provenance for builds (GitHub Docs)', url: 'https://docs.github.com/actions/security-for-github-actions/using-artifact-attestations/using-artifact-attestations-to-establish-provenance-for-builds' },
      { title: 'OpenSSF model signing', url: 'https://github.com/sigstore/model-transparency' },
      { title: 'Sigstore cosign: signing blobs', url: 'https://docs.sigstore.dev/cosign/signing/signing_with_blobs/' },
      { title: 'SLSA provenance', url: 'https://slsa.dev/spec/v1.0/provenance' },
    ],
  },
  check({ artifact, platform, report }) {
    for (const profile of jobProfiles(artifact, platform)) {
      const deployments = stepDeployments(profile);
      const first = deployments[0];
      if (!first) continue;
      const { job } = profile;
      if (jobIntegrity(job) || profile.upstream.some((upstream) => jobIntegrity(upstream))) continue;
      const what = deploymentPhrases(deployments);
      const who = profile.upstream.length
        ? `neither this job nor the job${profile.upstream.length === 1 ? '' : 's'} it needs (${andList(profile.upstream.map((upstream) => `\`${upstream.id}\``))}) signs, attests or verifies the model`
        : 'the job does not sign, attest or verify the model';
      const subject = deployments.find((write) => write.source)?.source;
      const subjectPath = subject ? `${subject.replace(/\/+$/, '')}${subject.endsWith('/') || !/\.[\w]+$/.test(subject) ? '/**' : ''}` : 'path/to/model/**';
      report({
        start: first.step.start,
        end: lineEnd(artifact.text, first.step.start),
        location: { yamlPath: first.step.path },
        confidence: deploymentConfidence(deployments),
        title: `Model ${first.effect === 'promote' ? 'promoted' : first.effect === 'publish' ? 'published' : 'deployed'} without signing, attestation or verification`,
        message:
          `Job \`${job.id}\` ${what}, starting at ${stepLabel(first.step)}, but ${who} ` +
          '(no artifact attestation, cosign, GPG, notation, model-signing or checksum check), so nothing ties the files that reach production to this workflow run.',
        evidence: deploymentEvidence(first),
        blastRadius:
          `${blastRadiusSentence(profile)} Anyone who can write the model files between training and serving (the runner${profile.runner.kind === 'self-hosted' ? ', which is self-hosted and keeps state between jobs' : ''}, the bucket, the registry's artifact store) ` +
          'can swap them, and neither the serving side nor an incident review can tell the swapped model from the trained one.',
        identity: `job:${job.id}`,
        notes: triggerNotes(profile),
        related: deploymentRelated(deployments).slice(1),
        recommendation:
          `Attest the model files in job \`${job.id}\` before ${stepLabel(first.step)}: \`actions/attest-build-provenance\` with \`subject-path: ${subjectPath}\` (job permissions \`id-token: write\` and \`attestations: write\`), ` +
          'then verify it with `gh attestation verify` wherever the model is promoted or loaded. cosign sign-blob / verify-blob or OpenSSF model-signing (`python -m model_signing sign`) work the same way.',
        fix: {
          description: `Attest the model before ${stepLabel(first.step)}`,
          language: 'yaml',
          snippet: [
            `${job.id}:`,
            '  permissions:',
            '    contents: read',
            '    id-token: write       # signs with the workflow identity (Sigstore)',
            '    attestations: write   # stores the attestation with the repository',
            '  steps:',
            '    # … training …',
            '    - uses: actions/attest-build-provenance@<full-commit-sha>  # v2',
            '      with:',
            `        subject-path: ${subjectPath}`,
            `    - name: ${first.step.name && /^[\w .,()/-]+$/.test(first.step.name) ? first.step.name : JSON.stringify(first.step.name ?? 'Promote the model')}`,
            '      run: …  # unchanged; consumers verify with gh attestation verify',
          ].join('\n'),
        },
      });
    }
  },
});
