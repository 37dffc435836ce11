#!/usr/bin/env bash
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
mlflow server --app-name basic-auth --host 127.0.0.1 \
  --artifacts-destination s3://acme-mlflow-artifacts/mlflow
