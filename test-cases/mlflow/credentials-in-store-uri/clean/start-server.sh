#!/usr/bin/env bash
# password from ~/.pgpass (mode 600), rendered from the secret store
mlflow server --app-name basic-auth --host 127.0.0.1 \
  --backend-store-uri postgresql://mlflow@mlflow-db.internal:5432/mlflow
