"""Churn model inference service: whatever the registry holds in Production, served over HTTP."""

import os
import pickle

import mlflow
from fastapi import FastAPI
from pydantic import BaseModel

MLFLOW_TRACKING_URI = os.getenv("MLFLOW_TRACKING_URI", "http://mlflow.ml.internal:5000")
MODEL_URI = "models:/churn-model/Production"

app = FastAPI(title="churn-inference")

_model = None


class Customer(BaseModel):
    tenure_months: float
    monthly_charges: float
    support_tickets: int


def model():
    """Downloads the Production model on first use and unpickles it."""
    global _model
    if _model is None:
        path = os.getenv("MODEL_PATH")  # a local copy, for offline runs
        if not path:
            mlflow.set_tracking_uri(MLFLOW_TRACKING_URI)
            local_dir = mlflow.artifacts.download_artifacts(artifact_uri=MODEL_URI)
            path = os.path.join(local_dir, "model.pkl")
        with open(path, "rb") as handle:
            _model = pickle.load(handle)
    return _model


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


@app.post("/predict")
def predict(customer: Customer) -> dict:
    row = [[customer.tenure_months, customer.monthly_charges, customer.support_tickets]]
    return {"churn_probability": float(model().predict_proba(row)[0][1])}


@app.post("/reload")
def reload() -> dict:
    global _model
    _model = None
    model()
    return {"reloaded": MODEL_URI}
