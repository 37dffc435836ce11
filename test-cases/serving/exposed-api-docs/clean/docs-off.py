"""No documentation endpoints in production; they are switched on from the environment in development."""

import os

from fastapi import FastAPI

DEV = os.getenv("APP_ENV") == "dev"

app = FastAPI(title="fraud-scoring", openapi_url="/openapi.json" if DEV else None)
internal = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


@app.post("/score")
def score(amount: float) -> dict:
    return {"fraud": amount > 10_000}


@internal.post("/score")
def internal_score(amount: float) -> dict:
    return {"fraud": amount > 5_000}
