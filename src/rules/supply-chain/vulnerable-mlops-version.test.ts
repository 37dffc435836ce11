import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArtifact } from '../../artifacts/parse.js';
import { analyzeArtifact } from '../../core/analyze.js';
import { LAB_FIXTURES } from '../../testing/paths.js';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';
import { findRule } from '../index.js';

const { analyze, own, single, readCase } = ruleKit('supply-chain/vulnerable-mlops-version');

test('lab config: mlflow_version 2.9.2 is critical, lists its advisories and the version that fixes them all', () => {
  const text = readFileSync(join(LAB_FIXTURES, 'mlflow-config.json'), 'utf8');
  const finding = single(analyze(text, 'fixtures/mlops/mlflow-config.json'));
  assert.equal(finding.line, positionOf(text, '"mlflow_version": "2.9.2"').line);
  assert.equal(finding.severity, 'critical');
  assert.equal(finding.category, 'vulnerable-component');
  assert.equal(finding.location.jsonPointer, '/mlflow_version');
  assert.match(finding.message, /^mlflow 2\.9\.2 \(recorded as mlflow_version in the config\) is covered by 5 published advisories: CVE-2024-3573 \(GHSA-hq88-wg7q-gp4g, critical\), CVE-2024-1560 /);
  assert.match(finding.message, /Upgrade to a release later than 2\.14\.1: that fixes all of them\.$/);
  assert.equal(finding.fix!.snippet, '"mlflow_version": "<a release later than 2.14.1>"');
  assert.equal(finding.notes!.length, 5);
  assert.ok(finding.notes!.every((note) => /^GHSA-[\w-]+: .+ https:\/\/github\.com\/(advisories\/GHSA-|pypa\/advisory-database\/)\S+$/.test(note)), 'each note names its advisory and source');
});

test('requirements: each vulnerable pin at its version, severity from the worst advisory; ranges and other packages are not judged', () => {
  const { file, text } = readCase('positive/requirements.txt');
  const findings = own(analyze(text, file)).sort((a, b) => a.line - b.line);
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.column, finding.severity, finding.evidence, finding.fix!.snippet]),
    [
      [positionOf(text, 'mlflow==2.9.2').line, 9, 'critical', 'mlflow 2.9.2', 'mlflow==<a release later than 2.14.1>'],
      [positionOf(text, 'jupyter_server==2.7.0').line, 17, 'high', 'jupyter-server 2.7.0', 'jupyter_server==2.14.1'],
      [positionOf(text, 'notebook==6.4.8').line, 11, 'high', 'notebook 6.4.8', 'notebook==6.4.10'],
      [positionOf(text, 'jupyterhub==4.1.5').line, 13, 'high', 'jupyterhub 4.1.5', 'jupyterhub==4.1.6'],
    ],
  );
  assert.match(findings[1]!.message, /by 3 published advisories: CVE-2024-35178 \(GHSA-hrw6-wg82-cm62, high\)/, 'the worst first');
  for (const cve of ['CVE-2023-39968', 'CVE-2023-40170']) assert.ok(findings[1]!.message.includes(cve), cve);
});

test('Dockerfile: the MLflow image tag and Jupyter stack tags, and pip pins in RUN lines', () => {
  const mlflow = readCase('positive/Dockerfile');
  const finding = single(analyze(mlflow.text, mlflow.file));
  assert.deepEqual([finding.line, finding.column, finding.severity], [2, positionOf(mlflow.text, '2.9.2').column, 'critical']);
  assert.match(finding.message, /image tag of ghcr\.io\/mlflow\/mlflow:v2\.9\.2/);
  assert.equal(finding.fix!.snippet, 'FROM ghcr.io/mlflow/mlflow:v<a release later than 2.14.1>');

  const notebook = readCase('positive/notebook.Dockerfile');
  const findings = own(analyze(notebook.text, notebook.file)).sort((a, b) => a.line - b.line || a.column - b.column);
  assert.deepEqual(
    findings.map((entry) => [entry.line, entry.evidence, entry.severity]),
    [
      [2, 'notebook 6.4.8', 'high'],
      [8, 'jupyterhub 4.0.2', 'high'],
      [8, 'mlflow 2.8.1', 'critical'],
    ],
  );
  assert.equal(findings[1]!.column, positionOf(notebook.text, '4.0.2').column);
  assert.match(findings[2]!.message, /CVE-2023-6831/, 'a 2.8.1 pin also carries the advisories fixed in 2.9.2');
  assert.match(findings[2]!.fix!.snippet, /"mlflow\[extras\]==<a release later than 2\.14\.1>"/);
  assert.equal(findings[1]!.fix!.snippet, 'RUN pip install --no-cache-dir "jupyterhub==4.1.6" "mlflow[extras]==2.8.1" scikit-learn==1.3.2');
});

test('Dockerfile build arguments: the pin is reported where the version is written, in the ARG', () => {
  const text = 'ARG MLFLOW_VERSION=2.9.2\nARG HUB_VERSION="4.0.2"\nFROM ghcr.io/mlflow/mlflow:v${MLFLOW_VERSION}\nRUN pip install --no-cache-dir jupyterhub==${HUB_VERSION}\n';
  const findings = own(analyze(text, 'docker/Dockerfile')).sort((a, b) => a.line - b.line);
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.column, finding.evidence, finding.fix!.snippet]),
    [
      [1, positionOf(text, '2.9.2').column, 'mlflow 2.9.2', 'ARG MLFLOW_VERSION=<a release later than 2.14.1>'],
      [2, positionOf(text, '4.0.2').column, 'jupyterhub 4.0.2', 'ARG HUB_VERSION=4.1.6'],
    ],
  );
  assert.match(findings[0]!.message, /image tag of ghcr\.io\/mlflow\/mlflow:v\$\{MLFLOW_VERSION\}, with MLFLOW_VERSION = 2\.9\.2/);
});

test('workflow job and service containers are read', () => {
  const text = [
    'name: train',
    'on: push',
    'permissions: {}',
    'jobs:',
    '  train:',
    '    runs-on: ubuntu-24.04',
    '    container:',
    '      image: jupyter/scipy-notebook:notebook-6.4.8',
    '    services:',
    '      tracking:',
    '        image: ghcr.io/mlflow/mlflow:v2.9.1',
    '    steps:',
    '      - run: python train.py',
    '',
  ].join('\n');
  const findings = own(analyze(text, '.github/workflows/train.yml')).sort((a, b) => a.line - b.line);
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.evidence, finding.location.yamlPath]),
    [
      [8, 'notebook 6.4.8', 'jobs.train.container.image'],
      [11, 'mlflow 2.9.1', 'jobs.train.services.tracking.image'],
    ],
  );
  assert.equal(findings[0]!.column, positionOf(text, '6.4.8').column);
});

test('deployment containers (compose or Kubernetes) are read from Container.image', () => {
  const text = 'services:\n  mlflow:\n    image: ghcr.io/mlflow/mlflow:v2.9.2\n    command: mlflow server --host 0.0.0.0\n  hub:\n    image: "jupyterhub/jupyterhub:5.0.0"\n';
  // The real compose reader, so the test follows the spans and pointers it gives.
  const parsed = parseArtifact('deploy/docker-compose.yml', text, 'yaml');
  assert.ok(parsed.ok && parsed.artifact.kind === 'deployment', 'read as a deployment');
  const artifact = parsed.artifact;
  const rule = findRule('supply-chain/vulnerable-mlops-version')!;
  const findings = analyzeArtifact(artifact, [rule]).sort((a, b) => a.line - b.line);
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.column, finding.severity, finding.location.yamlPath, finding.fix!.snippet]),
    [
      [3, positionOf(text, '2.9.2').column, 'critical', 'services.mlflow.image', 'image: ghcr.io/mlflow/mlflow:v<a release later than 2.14.1>'],
      [6, positionOf(text, '5.0.0').column, 'high', 'services.hub.image', 'image: jupyterhub/jupyterhub:5.1.0'],
    ],
  );
  assert.match(findings[0]!.message, /mlflow, container mlflow/);
});

test('patched pins, unpinned ranges, variables and unknown tags are clean', () => {
  for (const name of ['clean/requirements.txt', 'clean/Dockerfile', 'clean/notebook.Dockerfile', 'clean/mlflow-config.json']) {
    const { file, text } = readCase(name);
    assert.deepEqual(own(analyze(text, file)), [], name);
  }
  const odd = 'FROM ghcr.io/mlflow/mlflow:latest\nFROM ghcr.io/mlflow/mlflow\nRUN pip install "mlflow==${UNSET}" "notebook>=6"\nRUN echo mlflow==2.9.2 > pins.txt\n';
  assert.deepEqual(own(analyze(odd, 'docker/Dockerfile')), [], 'latest, untagged, unknown variables, ranges and non-pip lines');
  assert.deepEqual(own(analyze('{"mlflow_version": 292}', 'config/mlflow.json')), []);
  assert.deepEqual(own(analyze('mlflow>=2.9\nmlflow-skinny==2.9.2\n', 'requirements.txt')), []);
});
