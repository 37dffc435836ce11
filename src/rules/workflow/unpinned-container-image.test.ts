import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, readCase } = ruleKit('workflow/unpinned-container-image');

test('job containers and service images without digest are reported at the image, saying latest or no tag', () => {
  const { file, text } = readCase('positive/training-container.yml');
  const findings = own(analyze(text, file));
  const expected: Array<[string, string]> = [
    ['pytorch/pytorch:latest', 'jobs.train.container.image'],
    ['ghcr.io/mlflow/mlflow', 'jobs.train.services.mlflow.image'],
    ['postgres:16', 'jobs.train.services.postgres.image'],
    ['python:3.11-slim', 'jobs.lint.container'],
  ];
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.column, finding.location.yamlPath, finding.evidence]),
    expected.map(([needle, path]) => [...Object.values(positionOf(text, needle)), path, needle]),
  );
  assert.ok(findings.every((finding) => finding.severity === 'medium'));
  assert.match(findings[0]!.message, /the `latest` tag/);
  assert.match(findings[1]!.message, /no tag, so Docker pulls `latest`/);
  assert.match(findings[2]!.message, /a tag \(`16`\)/);
  assert.doesNotMatch(findings[2]!.message, /latest/);
  assert.match(findings[0]!.blastRadius, /self-hosted GPU runner/);
  assert.match(findings[1]!.blastRadius, /MLFLOW_TRACKING_PASSWORD/);
  assert.equal(findings[0]!.fix!.snippet, 'image: pytorch/pytorch:<version>@sha256:<digest>');
  assert.equal(findings[2]!.fix!.snippet, 'image: postgres:16@sha256:<digest>');
});

test('images by digest and images chosen by an expression are not reported', () => {
  const { file, text } = readCase('clean/digest-pinned.yml');
  assert.deepEqual(own(analyze(text, file)), []);
});
