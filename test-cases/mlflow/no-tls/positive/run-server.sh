#!/bin/bash
mlflow server --app-name basic-auth --host=0.0.0.0 --port=5000 \
  --backend-store-uri postgresql://mlflow@db.internal:5432/mlflow
