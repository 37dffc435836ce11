import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('jupyter/xsrf-disabled');
const SERVER = 'jupyter/jupyter_server_config.py';

test('disable_check_xsrf True is reported at its line, medium on an open server', () => {
  const { file, text } = readCase('positive/shared-gpu-box/jupyter_server_config.py');
  const finding = single(analyze(text, file));
  assert.equal(finding.line, positionOf(text, 'c.ServerApp.disable_check_xsrf = True').line);
  assert.equal(finding.severity, 'medium');
  assert.equal(finding.category, 'misconfiguration');
  assert.match(finding.fix!.snippet, /disable_check_xsrf = False/);
  assert.ok(finding.frameworks.some((ref) => ref.id === 'CWE-352'));
});

test('high on a remote server people log in to', () => {
  const text = "import os\nc.ServerApp.ip = '0.0.0.0'\nc.IdentityProvider.token = os.environ['JUPYTER_TOKEN']\nc.ServerApp.disable_check_xsrf = True\n";
  const finding = single(analyze(text, SERVER));
  assert.equal(finding.severity, 'high');
  assert.match(finding.message, /users log in to it/);
});

test('JSON and legacy forms; False and absent are clean', () => {
  const json = readCase('positive/json/jupyter_server_config.json');
  assert.equal(single(analyze(json.text, json.file)).location.jsonPointer, '/ServerApp/disable_check_xsrf');
  const legacy = readCase('positive/legacy-notebook/jupyter_notebook_config.py');
  assert.match(single(analyze(legacy.text, legacy.file)).message, /c\.NotebookApp\.disable_check_xsrf = True/);
  assert.deepEqual(own(analyze('c.ServerApp.disable_check_xsrf = False\n', SERVER)), []);
});

test('a container behind an internal load balancer is still remote for XSRF: people log in to it from their browsers', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: lab}
spec:
  selector: {matchLabels: {app: lab}}
  template:
    metadata: {labels: {app: lab}}
    spec:
      containers:
        - name: lab
          image: quay.io/jupyter/base-notebook:2024-07-29
          args: [start-notebook.py, --ServerApp.disable_check_xsrf=True]
          ports: [{containerPort: 8888}]
---
apiVersion: v1
kind: Service
metadata:
  name: lab
  annotations: {networking.gke.io/load-balancer-type: Internal}
spec:
  type: LoadBalancer
  selector: {app: lab}
  ports: [{port: 80, targetPort: 8888}]
`;
  assert.equal(single(analyze(text, 'k8s/lab.yaml')).severity, 'high');
  assert.equal(single(analyze(text.replace(/\n---[^]*$/, '\n'), 'k8s/lab.yaml')).severity, 'medium');
});
