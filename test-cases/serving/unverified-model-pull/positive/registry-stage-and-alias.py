"""Scoring job that always takes whatever the registry currently points at."""

import mlflow
from mlflow import MlflowClient

MODEL_NAME = "churn-model"
ALIAS = "champion"


def load_champion():
    return mlflow.pyfunc.load_model(f"models:/{MODEL_NAME}@{ALIAS}")


def latest_udf(spark):
    return mlflow.pyfunc.spark_udf(spark, model_uri="models:/churn-model/latest")


def production_version():
    client = MlflowClient()
    return client.get_latest_versions(MODEL_NAME, stages=["Production"])[0]
