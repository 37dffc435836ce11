"""Authentication on the router, on the include, and on a handler parameter."""

from fastapi import APIRouter, Depends, FastAPI, Security
from fastapi.security import OAuth2PasswordBearer

from .auth import decode_token, require_api_key

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")


def get_current_user(token: str = Depends(oauth2_scheme)) -> dict:
    return decode_token(token)


app = FastAPI(openapi_url=None)
scoring = APIRouter(prefix="/score", dependencies=[Security(oauth2_scheme)])
batch = APIRouter(prefix="/batch")


@scoring.post("/")
def score(features: list[float]) -> dict:
    return {"score": sum(features)}


@batch.post("/run")
def run_batch(rows: list[list[float]]) -> dict:
    return {"scores": [sum(row) for row in rows]}


@app.post("/explain")
def explain(features: list[float], user: dict = Depends(get_current_user)) -> dict:
    return {"user": user["sub"], "weights": features}


@app.get("/metrics")
def metrics() -> str:
    return "requests_total 1\n"


app.include_router(scoring)
app.include_router(batch, dependencies=[Depends(require_api_key)])
