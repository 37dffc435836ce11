"""The docs stay on, behind an authentication middleware that covers every path."""

from fastapi import FastAPI
from starlette.middleware.authentication import AuthenticationMiddleware

from .auth import TokenBackend

app = FastAPI(title="forecast")
app.add_middleware(AuthenticationMiddleware, backend=TokenBackend())


@app.post("/forecast")
def forecast(horizon: int) -> dict:
    return {"values": [0.0] * horizon}
