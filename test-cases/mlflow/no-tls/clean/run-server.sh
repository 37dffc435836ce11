#!/usr/bin/env bash
set -euo pipefail
export MLFLOW_AUTH_CONFIG_PATH=/etc/mlflow/basic_auth.ini
export MLFLOW_FLASK_SERVER_SECRET_KEY="$(cat /run/secrets/mlflow_flask_key)"

exec mlflow server --app-name basic-auth \
  --host 0.0.0.0 --port 5000 \
  --backend-store-uri postgresql://mlflow@mlflow-db.internal:5432/mlflow \
  --gunicorn-opts "--certfile /etc/mlflow/tls/tls.crt --keyfile /etc/mlflow/tls/tls.key"
