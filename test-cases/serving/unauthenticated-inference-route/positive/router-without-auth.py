"""Recommendation API: routes on a router, one registered with add_api_route."""

from fastapi import APIRouter, Depends, FastAPI
from sqlalchemy.orm import Session

from .db import get_db
from .model import recommender

app = FastAPI(title="recommendations")
router = APIRouter(prefix="/v1", tags=["inference"])


@router.post("/recommend")
def recommend(user_id: int, db: Session = Depends(get_db)) -> dict:
    history = db.execute("select item_id from views where user_id = :u", {"u": user_id}).fetchall()
    return {"items": recommender.top_k([row.item_id for row in history], k=10)}


@router.api_route("/score", methods=["GET", "POST"])
def score(item_id: int) -> dict:
    return {"score": recommender.score(item_id)}


@app.get("/healthz")
def healthz() -> dict:
    return {"ok": True}


def batch_predict(items: list[int]) -> dict:
    return {"scores": [recommender.score(item) for item in items]}


app.include_router(router)
app.add_api_route("/batch", batch_predict, methods=["POST"])
