"""Every route needs a valid bearer token: the dependency is on the app."""

import os

from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

bearer = HTTPBearer()


def require_token(credentials: HTTPAuthorizationCredentials = Depends(bearer)) -> None:
    if credentials.credentials != os.environ["SERVICE_TOKEN"]:
        raise HTTPException(status_code=status.HTTP_403_FORBIDDEN)


app = FastAPI(dependencies=[Depends(require_token)], docs_url=None, redoc_url=None, openapi_url=None)


@app.post("/predict")
def predict(features: list[float]) -> dict:
    return {"score": sum(features) / len(features)}
