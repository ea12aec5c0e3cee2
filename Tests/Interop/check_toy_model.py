"""Interop check for step 1's files, from outside Swift (needs only Python 3 and NumPy).

Reads out/step1/toy-model.safetensors with its own parser of the format (8-byte little-endian
header length, JSON header, raw little-endian data), recomputes the superposition metrics with
NumPy, and compares them with out/step1/metrics.json.

    python3 Tests/Interop/check_toy_model.py [OUT_ROOT]      # after `swift run step1`
"""
import json
import struct
import sys

import numpy as np

DTYPES = {"F64": "<f8", "F32": "<f4"}


def load_safetensors(path):
    with open(path, "rb") as handle:
        data = handle.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    metadata = header.pop("__metadata__", {})
    body = data[8 + length :]
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(body[begin:end], dtype=DTYPES[entry["dtype"]]).reshape(entry["shape"])
    return tensors, metadata


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "out"
    tensors, metadata = load_safetensors(f"{root}/step1/toy-model.safetensors")
    with open(f"{root}/step1/metrics.json") as handle:
        metrics = json.load(handle)
    W, b = tensors["W"], tensors["b"]
    config = json.loads(metadata["config"])
    assert W.shape == (config["hidden"], config["features"]), W.shape
    assert b.shape == (config["features"],), b.shape

    norms = np.linalg.norm(W, axis=0)
    gram = W.T @ W
    safe = np.where(norms > 1e-12, norms, 1.0)
    projections = (gram / safe[:, None]) ** 2  # (Ŵ_i · W_j)²
    represented = norms > 1e-12
    interference = np.where(represented, projections.sum(axis=1) - np.diag(projections), 0.0)
    dimensionality = np.where(represented, norms**2 / np.where(represented, projections.sum(axis=1), 1.0), 0.0)
    dims_per_feature = W.shape[0] / np.sum(W**2)

    checks = {
        "feature_norms": (norms, metrics["feature_norms"]),
        "interference": (interference, metrics["interference"]),
        "feature_dimensionality": (dimensionality, metrics["feature_dimensionality"]),
        "dimensions_per_feature": (dims_per_feature, metrics["dimensions_per_feature"]),
        "bias": (b, metrics["bias"]),
    }
    failed = False
    for name, (numpy_value, swift_value) in checks.items():
        error = float(np.max(np.abs(np.asarray(numpy_value) - np.asarray(swift_value))))
        status = "ok" if error <= 1e-9 else "MISMATCH"
        failed |= status != "ok"
        print(f"{name:24s} max |numpy - swift| = {error:.2e}  {status}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
