"""Sentiment service: a request-logging middleware, which authenticates nobody."""

import logging
import time

from fastapi import FastAPI, Request
from transformers import pipeline

log = logging.getLogger("sentiment")
app = FastAPI()
classifier = pipeline("sentiment-analysis", model="/opt/models/sentiment")


@app.middleware("http")
async def timing(request: Request, call_next):
    started = time.perf_counter()
    response = await call_next(request)
    log.info("%s %s took %.1f ms", request.method, request.url.path, (time.perf_counter() - started) * 1000)
    return response


@app.post("/v1/sentiment")
async def sentiment(text: str) -> dict:
    return classifier(text)[0]
