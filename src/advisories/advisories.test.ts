import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEVERITIES } from '../core/finding.js';
import { ADVISORY_DATA, advisoriesFor, describeUpgrade, imageComponent } from './advisories.js';
import { parseVersion } from './versions.js';

test('the advisory file is reviewed, sourced and complete for every entry', () => {
  assert.match(ADVISORY_DATA.reviewed, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(ADVISORY_DATA.sources.length > 0);
  const ids = new Set<string>();
  for (const advisory of ADVISORY_DATA.advisories) {
    assert.match(advisory.ghsa, /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/, advisory.ghsa);
    assert.ok(!ids.has(advisory.ghsa), `${advisory.ghsa} once`);
    ids.add(advisory.ghsa);
    if (advisory.cve) assert.match(advisory.cve, /^CVE-\d{4}-\d{4,}$/);
    assert.ok(SEVERITIES.includes(advisory.severity), advisory.ghsa);
    assert.ok(advisory.summary.length > 40, `${advisory.ghsa} summary`);
    assert.match(advisory.url, /^https:\/\/github\.com\/(advisories|pypa\/advisory-database)\//);
    assert.equal(advisory.package, advisory.package.toLowerCase().replace(/[-_.]+/g, '-'), 'normalised package name');
    assert.ok(advisory.affected.length > 0);
    for (const range of advisory.affected) {
      assert.ok(range.introduced === '0' || parseVersion(range.introduced), `${advisory.ghsa} introduced`);
      assert.ok((range.fixed === undefined) !== (range.lastAffected === undefined), `${advisory.ghsa}: one upper bound`);
      assert.ok(parseVersion(range.fixed ?? range.lastAffected!), `${advisory.ghsa} bound parses`);
    }
  }
});

test('mlflow 2.9.2 is critical; the upgrade must clear every matched range; names are normalised; fixed versions are clean', () => {
  const lab = advisoriesFor('MLflow', '2.9.2')!;
  assert.equal(lab.severity, 'critical');
  assert.deepEqual(lab.advisories.map((advisory) => advisory.cve), ['CVE-2024-3573', 'CVE-2024-1560', 'CVE-2024-37060', 'CVE-2024-1594', 'CVE-2024-37055']);
  assert.equal(describeUpgrade(lab), 'a release later than 2.14.1', 'the pickle advisories name no fixed release, only the last affected one');
  assert.equal(describeUpgrade(advisoriesFor('mlflow', '1.20.0')!), '2.10.0 or later', 'before 1.24.0 the deserialization ranges do not apply');
  assert.equal(advisoriesFor('jupyter_server', '2.7.0')?.package, 'jupyter-server');
  assert.equal(advisoriesFor('mlflow', '2.14.2'), undefined);
  assert.equal(advisoriesFor('jupyterhub', '5.1.0'), undefined);
  assert.equal(describeUpgrade(advisoriesFor('jupyterhub', '5.0.0')!), '5.1.0 or later', 'the second range of GHSA-9x4q-3gxw-849f');
  assert.equal(advisoriesFor('requests', '2.0.0'), undefined, 'packages outside the data');
  assert.equal(advisoriesFor('mlflow', 'latest'), undefined);
});

test('image tags map to the package they ship', () => {
  const official = 'ghcr.io/mlflow/mlflow:v2.9.2';
  const mlflow = imageComponent(official)!;
  assert.deepEqual([mlflow.package, mlflow.version, official.slice(mlflow.versionStart, mlflow.versionEnd), official.slice(0, mlflow.versionStart)], ['mlflow', '2.9.2', '2.9.2', 'ghcr.io/mlflow/mlflow:v']);
  assert.equal(imageComponent('bitnami/mlflow:2.9.2-debian-12-r1')?.version, '2.9.2');
  assert.equal(imageComponent('jupyter/base-notebook:notebook-6.4.8')?.package, 'notebook');
  assert.equal(imageComponent('quay.io/jupyter/scipy-notebook:hub-4.0.2')?.package, 'jupyterhub');
  assert.equal(imageComponent('jupyterhub/jupyterhub:4.0.2@sha256:0123')?.version, '4.0.2');
  const reference = 'jupyter/base-notebook:lab-4.0.7';
  const lab = imageComponent(reference)!;
  assert.equal(reference.slice(lab.versionStart, lab.versionEnd), '4.0.7');
  for (const other of ['ghcr.io/mlflow/mlflow:latest', 'ghcr.io/mlflow/mlflow', 'jupyter/base-notebook:python-3.11', 'localhost:5000/mlflow', 'example.com/mlflow/mlflow:v2.9.2']) {
    assert.equal(imageComponent(other), undefined, other);
  }
});
