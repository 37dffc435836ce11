"""Fraud scoring service with FastAPI's default documentation endpoints."""

import onnxruntime as ort
from fastapi import FastAPI
from pydantic import BaseModel

session = ort.InferenceSession("/opt/model/fraud.onnx")
app = FastAPI(title="fraud-scoring", version="2.3.0")


class Transaction(BaseModel):
    amount: float
    merchant_risk: float


@app.post("/score")
def score(tx: Transaction) -> dict:
    out = session.run(None, {"input": [[tx.amount, tx.merchant_risk]]})
    return {"fraud": float(out[0][0])}
