#!/usr/bin/env bash
# Starts the team's tracking server on the shared GPU box.
set -euo pipefail

export MLFLOW_BACKEND_STORE_URI=postgresql://mlflow@mlflow-db.internal:5432/mlflow

exec mlflow server \
  --host 0.0.0.0 \
  --port 5000 \
  --default-artifact-root s3://acme-mlflow-artifacts/mlflow \
  --workers 4
