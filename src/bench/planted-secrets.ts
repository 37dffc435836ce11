// Credentials planted into about one notebook in fifty, so the secret rules do real work during the
// benchmark and the run can check that every one of them is found. Values are random, never the
// documentation examples (which contain EXAMPLE) and never placeholders.

import { stream, type CellSpec } from '../testing/notebook-builder.js';
import type { Prng } from './prng.js';

export const PLANT_KINDS = ['aws-key-pair-in-output', 'hf-token-in-environment', 'uri-password-in-source', 'wandb-key-in-source'] as const;
export type PlantKind = (typeof PLANT_KINDS)[number];

const AWS_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const AWS_SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+';

function awsSecret(random: Prng): string {
  for (;;) {
    const value = random.chars(40, AWS_SECRET_ALPHABET);
    if (/[a-z]/.test(value) && /[A-Z]/.test(value) && /[0-9/+]/.test(value) && !value.includes('EXAMPLE')) return value;
  }
}

/** The cell that leaks a credential of the given kind. */
export function plantedCell(kind: PlantKind, random: Prng): CellSpec {
  switch (kind) {
    case 'aws-key-pair-in-output': {
      const id = `AKIA${random.chars(16, AWS_ID_ALPHABET)}`;
      const secret = awsSecret(random);
      return {
        source: [
          '# debugging the S3 permission error',
          'session = boto3.Session()',
          'credentials = session.get_credentials().get_frozen_credentials()',
          'print(f"Access key: {credentials.access_key}")',
          'print(f"Secret: {credentials.secret_key}")',
          'print(f"Region: {session.region_name}")',
        ].join('\n'),
        outputs: [stream(`Access key: ${id}\nSecret: ${secret}\nRegion: us-east-1\n`)],
      };
    }
    case 'hf-token-in-environment':
      return {
        source: [
          'import os',
          `os.environ["HF_TOKEN"] = "hf_${random.chars(random.int(34, 38))}"`,
          'from huggingface_hub import snapshot_download',
          'model_dir = snapshot_download("acme/churn-embeddings", revision="main")',
        ].join('\n'),
      };
    case 'uri-password-in-source':
      return {
        source: [
          'import mlflow',
          `mlflow.set_tracking_uri("postgresql://mlflow:${random.chars(random.int(14, 20))}@mlflow-db.ml.internal:5432/mlflow")`,
          'mlflow.set_experiment("churn-model")',
        ].join('\n'),
      };
    case 'wandb-key-in-source':
      return {
        source: ['import wandb', `wandb.login(key="${random.hex(40)}")`, 'run = wandb.init(project="demand-forecast", config={"epochs": 20})'].join('\n'),
      };
  }
}
