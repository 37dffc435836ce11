"""Pulls a tokenizer and weights from the Hugging Face Hub at whatever the branch holds today."""

from huggingface_hub import hf_hub_download
from transformers import AutoModelForSequenceClassification, AutoTokenizer

weights_path = hf_hub_download(repo_id="acme-ml/support-router", filename="model.safetensors")
tokenizer = AutoTokenizer.from_pretrained("acme-ml/support-router", revision="main")
model = AutoModelForSequenceClassification.from_pretrained("acme-ml/support-router-large", trust_remote_code=True)
