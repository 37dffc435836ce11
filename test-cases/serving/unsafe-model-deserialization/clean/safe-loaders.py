"""Loaders that cannot run code: tensors only, safetensors, ONNX, arrays without objects."""

import pickle

import numpy as np
import onnxruntime
import torch
from safetensors.torch import load_file

# pickle.load(open("model.pkl", "rb")) was the old way; it is gone.
HELP = "never call pickle.load on a model file"


def load_all():
    state = torch.load("/opt/models/weights.pt", map_location="cpu", weights_only=True)
    tensors = load_file("/opt/models/encoder.safetensors")
    session = onnxruntime.InferenceSession("/opt/models/model.onnx")
    embeddings = np.load("/opt/models/embeddings.npy")
    cache_blob = pickle.dumps({"warm": True})
    return state, tensors, session, embeddings, cache_blob
