import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, readCase } = ruleKit('deploy/latest-image-tag');

test('compose images with latest or no tag are reported at the image; tagged ones are not', () => {
  const { file, text } = readCase('positive/compose-latest.yaml');
  const findings = own(analyze(text, file));
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.column, finding.location.yamlPath, finding.evidence, finding.severity]),
    [
      [...Object.values(positionOf(text, 'ghcr.io/mlflow/mlflow:latest')), 'services.mlflow.image', 'ghcr.io/mlflow/mlflow:latest', 'medium'],
      [...Object.values(positionOf(text, 'jupyter/scipy-notebook')), 'services.notebook.image', 'jupyter/scipy-notebook', 'medium'],
    ],
  );
  assert.match(findings[0]!.message, /the `latest` tag.*Recommended: pin a version and its digest, `image: ghcr\.io\/mlflow\/mlflow:<version>@sha256:<digest>`/s);
  assert.match(findings[1]!.message, /no tag, which means `latest`/);
  assert.match(findings[0]!.blastRadius, /model registry/);
  assert.equal(findings[0]!.fix!.snippet, 'image: ghcr.io/mlflow/mlflow:<version>@sha256:<digest>');
});

test('Kubernetes init containers, containers and InferenceService predictor containers', () => {
  const { file, text } = readCase('positive/k8s-latest.yaml');
  const findings = own(analyze(text, file));
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.location.yamlPath]),
    [
      [positionOf(text, 'ghcr.io/mlflow/mlflow\n').line, 'spec.template.spec.initContainers[0].image'],
      [positionOf(text, 'ghcr.io/mlflow/mlflow:latest').line, 'spec.template.spec.containers[0].image'],
      [positionOf(text, 'sentiment-server:latest').line, 'spec.predictor.containers[0].image'],
    ],
  );
});

test('digests, version tags, variables and OCI model images with a version are not reported', () => {
  for (const name of ['clean/pinned.yaml', 'clean/k8s-pinned.yaml']) {
    const { file, text } = readCase(name);
    assert.deepEqual(own(analyze(text, file)), [], name);
  }
  const oci = 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: m}\nspec:\n  predictor:\n    model:\n      modelFormat: {name: huggingface}\n      storageUri: oci://registry.acme.internal/models/m\n';
  assert.equal(own(analyze(oci, 'k8s/m.yaml')).length, 1, 'an OCI model image without a tag is latest too');
});
