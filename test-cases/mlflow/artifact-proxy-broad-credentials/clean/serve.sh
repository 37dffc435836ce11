#!/usr/bin/env bash
# The instance role grants s3 on acme-mlflow-artifacts/mlflow/* only.
mlflow server --app-name basic-auth --host 127.0.0.1 \
  --artifacts-destination s3://acme-mlflow-artifacts/mlflow
