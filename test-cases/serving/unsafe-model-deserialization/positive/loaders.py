"""Batch scorer: loads a scikit-learn pipeline, a PyTorch checkpoint and a Keras model."""

import os

import mlflow
import torch
from joblib import load as load_pipeline
from tensorflow import keras

PIPELINE_PATH = os.getenv("PIPELINE_PATH", "/opt/models/pipeline.joblib")
CHECKPOINT = "s3://acme-models/churn/checkpoint.pt"


def load_all():
    pipeline = load_pipeline(PIPELINE_PATH)
    checkpoint = torch.load(CHECKPOINT, map_location="cpu")
    classifier = keras.models.load_model("/opt/models/classifier.keras", safe_mode=False)
    ranker = mlflow.sklearn.load_model("s3://acme-mlflow-artifacts/3/5f1c/artifacts/ranker")
    return pipeline, checkpoint, classifier, ranker
