"""Churn model inference service, hardened.

- every inference route needs an API key (compared in constant time with one from the environment);
- the interactive docs and the OpenAPI schema are off;
- the model is one pinned registry version, checked against a SHA-256 digest recorded at release
  before it is read;
- the model is ONNX, read by onnxruntime: loading it cannot run code.
"""

import hashlib
import hmac
import os
from pathlib import Path

from fastapi import Depends, FastAPI, HTTPException, Security, status
from fastapi.security import APIKeyHeader
from pydantic import BaseModel

MODEL_URI = os.getenv("MODEL_URI", "models:/churn-model/7")
MODEL_SHA256 = os.getenv("MODEL_SHA256", "")
MODEL_DIR = Path(os.getenv("MODEL_DIR", "/srv/model"))

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)


def verify_api_key(api_key: str | None = Security(api_key_header)) -> None:
    expected = os.environ.get("INFERENCE_API_KEY", "")
    if not expected or not api_key or not hmac.compare_digest(api_key.encode(), expected.encode()):
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="invalid or missing API key")


app = FastAPI(title="churn-inference", docs_url=None, redoc_url=None, openapi_url=None)

_session = None


class Customer(BaseModel):
    tenure_months: float
    monthly_charges: float
    support_tickets: int


def verify_digest(path: Path, expected: str) -> bytes:
    data = path.read_bytes()
    if not expected or not hmac.compare_digest(hashlib.sha256(data).hexdigest(), expected):
        raise RuntimeError(f"{path} does not match the released digest")
    return data


def model_file() -> Path:
    """The pinned model version: baked into MODEL_DIR at deploy time, or fetched once from the registry."""
    path = MODEL_DIR / "model.onnx"
    if not path.exists():
        import mlflow

        local = mlflow.artifacts.download_artifacts(artifact_uri=MODEL_URI, dst_path=str(MODEL_DIR))
        path = Path(local) / "model.onnx"
    return path


def session():
    """Reads the pinned ONNX model once, after checking its digest."""
    global _session
    if _session is None:
        import onnxruntime

        data = verify_digest(model_file(), MODEL_SHA256)
        _session = onnxruntime.InferenceSession(data, providers=["CPUExecutionProvider"])
    return _session


@app.get("/healthz")
def healthz() -> dict:
    return {"status": "ok"}


@app.post("/predict", dependencies=[Depends(verify_api_key)])
def predict(customer: Customer) -> dict:
    import numpy as np

    row = np.array([[customer.tenure_months, customer.monthly_charges, customer.support_tickets]], dtype=np.float32)
    run = session()
    outputs = run.run(None, {run.get_inputs()[0].name: row})
    return {"churn_probability": float(outputs[1][0][1])}
