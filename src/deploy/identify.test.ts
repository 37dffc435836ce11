import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeploymentArtifact } from '../artifacts/deploy/deployment.js';
import { parseArtifact } from '../artifacts/parse.js';
import { identifyContainer } from './identify.js';

function listenPort(service: string): number | undefined {
  const parsed = parseArtifact('compose.yaml', `services:\n  svc:\n${service}`, 'yaml');
  assert.ok(parsed.ok && parsed.artifact.kind === 'deployment');
  return identifyContainer((parsed.artifact as DeploymentArtifact).workloads[0]!.containers[0]!).listenPort;
}

test('the listening port of MLflow and Jupyter: option, then variable, then the default; unknown when not a number', () => {
  const mlflow = '    image: ghcr.io/mlflow/mlflow:v2.14.1\n';
  assert.equal(listenPort(`${mlflow}    command: mlflow server --host 0.0.0.0\n`), 5000);
  assert.equal(listenPort(`${mlflow}    command: mlflow server --port 8080\n`), 8080);
  assert.equal(listenPort(`${mlflow}    command: mlflow server -p 8081\n`), 8081);
  assert.equal(listenPort(`${mlflow}    command: ["sh", "-c", "mkdir -p /data && mlflow server --port 8082"]\n`), 8082);
  assert.equal(listenPort(`${mlflow}    command: mlflow server\n    environment:\n      MLFLOW_PORT: "8083"\n`), 8083);
  assert.equal(listenPort(`${mlflow}    command: mlflow server --port \${PORT}\n`), undefined);
  assert.equal(listenPort(mlflow), undefined, 'the image runs a command this file does not show');
  const lab = '    image: quay.io/jupyter/base-notebook:2024-07-29\n';
  assert.equal(listenPort(lab), 8888);
  assert.equal(listenPort(`${lab}    command: start-notebook.py --ServerApp.port=9999\n`), 9999);
  assert.equal(listenPort(`${lab}    environment:\n      JUPYTER_PORT: "8890"\n`), 8890);
});

test('the listening port of inference servers and dashboards; none for servers of several ports', () => {
  const api = '    image: acme/api:1.0\n';
  assert.equal(listenPort(`${api}    command: uvicorn app:app --host 0.0.0.0\n`), 8000);
  assert.equal(listenPort(`${api}    command: uvicorn app:app --port 9000\n`), 9000);
  assert.equal(listenPort(`${api}    command: gunicorn -k uvicorn.workers.UvicornWorker -b 0.0.0.0:8080 app:app\n`), 8080);
  assert.equal(listenPort(`${api}    command: gunicorn -b unix:/run/app.sock app:app\n`), undefined);
  assert.equal(listenPort('    image: tiangolo/uvicorn-gunicorn-fastapi:python3.11\n'), undefined, 'the image picks its port from variables');
  assert.equal(listenPort(`${api}    command: mlflow models serve -m models:/churn/1 -p 5001\n`), 5001);
  assert.equal(listenPort(`${api}    command: tensorboard --logdir /logs --bind_all\n`), 6006);
  assert.equal(listenPort('    image: vllm/vllm-openai:v0.6.3\n    command: --model m --port 8001\n'), 8001);
  assert.equal(listenPort('    image: nvcr.io/nvidia/tritonserver:24.08-py3\n    command: tritonserver --model-repository=/models\n'), undefined);
});
