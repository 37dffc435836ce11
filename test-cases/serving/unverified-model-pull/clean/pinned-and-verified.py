"""Pinned versions and commits; the one stage pull is verified before use."""

import mlflow
import model_signing
from huggingface_hub import hf_hub_download
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("acme-ml/support-router", revision="6c0e6080953db56375760c0471a8c5f2929baf11")
weights = hf_hub_download("acme-ml/support-router", "model.safetensors", revision="6c0e6080953db56375760c0471a8c5f2929baf11")
local = AutoTokenizer.from_pretrained("./artifacts/tokenizer")


def load_pinned():
    return mlflow.pyfunc.load_model("models:/churn-model/12")


def load_production_verified():
    path = mlflow.artifacts.download_artifacts("models:/churn-model/Production")
    model_signing.verifying.Config().use_sigstore_verifier(
        identity="https://github.com/acme/ml/.github/workflows/promote.yml@refs/heads/main",
        oidc_issuer="https://token.actions.githubusercontent.com",
    ).verify(path, f"{path}/model.sig")
    return path
