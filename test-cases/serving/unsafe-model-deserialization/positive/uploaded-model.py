"""Lets users try their own scikit-learn model: it unpickles the upload."""

import pickle

from fastapi import FastAPI, UploadFile

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


@app.post("/try-model")
async def try_model(model_file: UploadFile, features: list[float]) -> dict:
    model = pickle.loads(await model_file.read())
    return {"prediction": model.predict([features]).tolist()}
