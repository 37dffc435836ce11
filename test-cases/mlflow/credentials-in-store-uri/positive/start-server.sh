#!/usr/bin/env bash
mlflow server --app-name basic-auth --host 127.0.0.1 \
  --backend-store-uri postgresql://mlflow:Xk9vQ2mPz7Lw@mlflow-db.internal:5432/mlflow
