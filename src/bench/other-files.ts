// The rest of an ML platform repository around the notebooks: CI workflows, training and serving
// configs, IAM policies, and the files a scan must not read (vendored packages, ignored run folders).

import type { Prng } from './prng.js';

const RUNNERS = ['ubuntu-latest', '[self-hosted, linux, gpu]', 'ubuntu-22.04', '[self-hosted, linux, x64]'];
const ACTIONS_CHECKOUT = ['actions/checkout@v4', 'actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11'];

/** A GitHub Actions workflow: test, train, register or deploy a model. */
export function workflowYaml(random: Prng, project: string, purpose: string): string {
  const python = random.pick(['3.10', '3.11', '3.12']);
  const lines = [
    `# ${purpose} for ${project}`,
    `name: ${purpose.toLowerCase().replace(/\s+/g, '-')}-${project}`,
    '',
    'on:',
    '  push:',
    '    branches: [main]',
    `    paths: ["projects/${project}/**", ".github/workflows/**"]`,
    '  pull_request:',
    '    types: [opened, synchronize]',
  ];
  if (random.chance(0.4)) lines.push('  schedule:', `    - cron: "${random.int(0, 59)} ${random.int(0, 23)} * * *"`);
  lines.push('  workflow_dispatch:', '', 'permissions:', '  contents: read', `  id-token: ${random.chance(0.7) ? 'write' : 'none'}`, '');
  lines.push('env:', `  MLFLOW_TRACKING_URI: https://mlflow.ml.internal.example`, `  MODEL_NAME: ${project}`, `  AWS_REGION: ${random.pick(['us-east-1', 'eu-west-1', 'eu-central-1'])}`, '');
  lines.push('jobs:');
  const jobs = random.int(1, 4);
  let previous: string | undefined;
  for (let j = 0; j < jobs; j++) {
    const job = `${['lint', 'test', 'train', 'evaluate', 'register', 'deploy'][j + random.int(0, 2)]!}-${j}`;
    lines.push(`  ${job}:`, `    runs-on: ${random.pick(RUNNERS)}`, `    timeout-minutes: ${random.int(10, 360)}`);
    if (previous) lines.push(`    needs: [${previous}]`);
    previous = job;
    if (/^(?:deploy|register)-/.test(job)) lines.push('    environment: production');
    lines.push('    steps:', `      - uses: ${random.pick(ACTIONS_CHECKOUT)}`, '      - uses: actions/setup-python@v5', '        with:', `          python-version: "${python}"`, '          cache: pip');
    lines.push('      - name: Configure AWS credentials', '        uses: aws-actions/configure-aws-credentials@v4', '        with:', `          role-to-assume: arn:aws:iam::${random.int(100000000000, 999999999999)}:role/${project}-ci`, '          aws-region: ${{ env.AWS_REGION }}');
    const steps = random.int(2, 6);
    for (let s = 0; s < steps; s++) {
      lines.push(`      - name: ${random.pick(['Install dependencies', 'Run unit tests', 'Train model', 'Evaluate on holdout', 'Register model', 'Build image', 'Smoke test endpoint'])} (${s + 1})`);
      if (random.chance(0.5)) {
        lines.push('        run: |', `          pip install -r projects/${project}/requirements.txt`, `          python -m ${project.replace(/-/g, '_')}.${random.pick(['train', 'evaluate', 'register', 'serve'])} --config configs/${project}/train.json`);
      } else {
        lines.push(`        run: make -C projects/${project} ${random.pick(['test', 'train', 'package', 'deploy'])}`);
      }
      if (random.chance(0.3)) lines.push('        env:', '          HF_TOKEN: ${{ secrets.HF_TOKEN }}', '          WANDB_API_KEY: ${{ secrets.WANDB_API_KEY }}');
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A training or serving configuration file. */
export function configJson(random: Prng, project: string): string {
  const config = {
    experiment: project,
    tracking: { uri: 'https://mlflow.ml.internal.example', registered_model: project, artifact_location: `s3://acme-mlflow-artifacts/${project}` },
    data: {
      train: `s3://acme-training-data/${project}/train/`,
      validation: `s3://acme-training-data/${project}/validation/`,
      features: Array.from({ length: random.int(8, 40) }, (_, i) => `feature_${i}_${random.hex(4)}`),
    },
    model: {
      type: random.pick(['random_forest', 'xgboost', 'lightgbm', 'logistic_regression']),
      params: { n_estimators: random.int(50, 800), max_depth: random.int(3, 16), learning_rate: Number(random.float(0.01, 0.3).toFixed(3)), seed: 42 },
    },
    serving: { instance_type: random.pick(['ml.m5.xlarge', 'ml.g5.2xlarge', 'ml.c6i.4xlarge']), min_replicas: random.int(1, 3), max_replicas: random.int(3, 20), auth: random.pick(['iam', 'none', 'api-key-from-secrets-manager']) },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** An IAM policy document for a training role, a serving role or a CI role. */
export function iamPolicyJson(random: Prng, project: string): string {
  const broad = random.chance(0.2);
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadTrainingData',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [`arn:aws:s3:::acme-training-data`, `arn:aws:s3:::acme-training-data/${project}/*`],
      },
      {
        Sid: 'WriteModelArtifacts',
        Effect: 'Allow',
        Action: broad ? 's3:*' : ['s3:PutObject', 's3:GetObject'],
        Resource: broad ? '*' : `arn:aws:s3:::acme-mlflow-artifacts/${project}/*`,
      },
      {
        Sid: 'SageMakerEndpoints',
        Effect: 'Allow',
        Action: ['sagemaker:CreateModel', 'sagemaker:CreateEndpointConfig', 'sagemaker:UpdateEndpoint', 'sagemaker:InvokeEndpoint'],
        Resource: `arn:aws:sagemaker:us-east-1:${random.int(100000000000, 999999999999)}:endpoint/${project}-*`,
        Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
      },
    ],
  };
  return `${JSON.stringify(policy, null, 2)}\n`;
}

/** package.json of a vendored npm package: discovery must skip node_modules entirely. */
export function vendoredPackageJson(random: Prng, name: string): string {
  return `${JSON.stringify({ name, version: `${random.int(0, 9)}.${random.int(0, 30)}.${random.int(0, 20)}`, main: 'index.js', license: 'MIT', dependencies: {} }, null, 2)}\n`;
}

/** An MLflow run's meta file, as written under mlruns/ (which the repository's .gitignore excludes). */
export function mlrunsMetaJson(random: Prng, experiment: number): string {
  return `${JSON.stringify({ run_id: random.hex(32), experiment_id: String(experiment), status: 'FINISHED', artifact_uri: `file:///home/jovyan/mlruns/${experiment}/${random.hex(32)}/artifacts`, params: { aws_secret_access_key: 'must-never-be-read' } }, null, 2)}\n`;
}

/** A project's FastAPI inference service: some authenticated, some open, loading the model in different ways. */
export function servePy(random: Prng, project: string): string {
  const secured = random.chance(0.5);
  const loader = random.pick(['onnx', 'joblib', 'mlflow', 'torch']);
  const version = random.int(1, 40);
  const module = project.replace(/-/g, '_');
  const lines = [
    `"""Inference service for ${project}."""`,
    '',
    'import logging',
    'import os',
    'from pathlib import Path',
    '',
    `from fastapi import ${secured ? 'Depends, FastAPI, HTTPException, Security, status' : 'FastAPI'}`,
    secured ? 'from fastapi.security import APIKeyHeader' : '',
    'from pydantic import BaseModel',
    '',
    `log = logging.getLogger("${module}.serve")`,
    `MODEL_DIR = Path(os.getenv("MODEL_DIR", "/opt/models/${project}"))`,
    `MODEL_URI = "models:/${project}/${random.chance(0.5) ? 'Production' : String(version)}"`,
    '',
  ];
  if (secured) {
    lines.push(
      'api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)',
      '',
      '',
      'def verify_api_key(api_key: str | None = Security(api_key_header)) -> None:',
      '    if api_key != os.environ["INFERENCE_API_KEY"]:',
      '        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED)',
      '',
      '',
      `app = FastAPI(title="${project}", dependencies=[Depends(verify_api_key)], docs_url=None, redoc_url=None, openapi_url=None)`,
    );
  } else {
    lines.push(`app = FastAPI(title="${project}")`);
  }
  const features = Array.from({ length: random.int(6, 30) }, (_, i) => `feature_${i}_${random.hex(3)}`);
  lines.push('', '', 'class Features(BaseModel):', ...features.map((name) => `    ${name}: float = 0.0`), '', '');
  lines.push('def load_model():', `    """Loads the ${loader} model once per process."""`);
  if (loader === 'onnx') lines.push('    import onnxruntime', '    return onnxruntime.InferenceSession(str(MODEL_DIR / "model.onnx"))');
  else if (loader === 'joblib') lines.push('    import joblib', '    return joblib.load(MODEL_DIR / "model.joblib")');
  else if (loader === 'mlflow') lines.push('    import mlflow', '    return mlflow.pyfunc.load_model(MODEL_URI)');
  else lines.push('    import torch', '    return torch.load(MODEL_DIR / "model.pt", map_location="cpu", weights_only=True)');
  lines.push('', '', 'MODEL = load_model()', '', '');
  lines.push('@app.get("/healthz")', 'def healthz() -> dict:', '    return {"status": "ok"}', '', '');
  lines.push('@app.post("/predict")', 'def predict(features: Features) -> dict:', '    row = [[' + features.map((name) => `features.${name}`).join(', ') + ']]', '    log.info("scoring one row")', '    return {"score": float(MODEL.predict(row)[0])}', '');
  return `${lines.filter((line, i, all) => line !== '' || all[i - 1] !== '' || all[i - 2] !== '').join('\n')}\n`;
}

/** A helper module with no serving or model-loading code: the scan must read it for almost nothing. */
export function helperPy(random: Prng, project: string, name: string): string {
  const lines = [`"""${name} helpers for ${project}."""`, '', 'from __future__ import annotations', '', 'import math', 'from dataclasses import dataclass', '', ''];
  const functions = random.int(8, 30);
  for (let i = 0; i < functions; i++) {
    const fn = `${name}_${random.pick(['scale', 'clip', 'bucket', 'ratio', 'lag', 'window', 'impute'])}_${i}`;
    lines.push(`def ${fn}(values: list[float], factor: float = ${random.float(0.1, 4).toFixed(2)}) -> list[float]:`);
    lines.push(`    """Returns the values after ${fn.replace(/_/g, ' ')}."""`);
    lines.push('    total = sum(values) or 1.0', '    return [math.copysign(abs(value) * factor / total, value) for value in values]', '', '');
  }
  lines.push('@dataclass', `class ${name[0]!.toUpperCase()}${name.slice(1)}Config:`, '    window: int = 7', '    min_count: int = 3', '');
  return `${lines.join('\n')}\n`;
}
