"""Interop check for step 4's SAE folder, from Python with `safetensors` and `json`.

Loads out/step4/sae/ (cfg.json + sae_weights.safetensors) the way a SAELens user would, re-encodes
the first 1,000 step-2 activations with NumPy, f = ReLU((a - b_dec) @ W_enc + b_enc), and compares
with the codes Swift computed (out/step4/latents-sample.npy). Also checks the reconstruction error.

    python3 Tests/Interop/check_sae.py [OUT_ROOT]      # needs numpy and safetensors
"""
import json
import sys

import numpy as np
from safetensors.numpy import load_file


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "out"
    cfg = json.load(open(f"{root}/step4/sae/cfg.json"))
    weights = load_file(f"{root}/step4/sae/sae_weights.safetensors")
    dataset = json.load(open(f"{root}/step2/dataset.json"))
    metrics = json.load(open(f"{root}/step4/metrics.json"))
    d_in, d_sae = cfg["d_in"], cfg["d_sae"]
    failures = []

    def check(name, ok, detail=""):
        print(f"{name:48s} {'ok' if ok else 'MISMATCH'} {detail}")
        if not ok:
            failures.append(name)

    check("cfg: architecture standard, b_dec applied to input", cfg["architecture"] == "standard" and cfg["apply_b_dec_to_input"])
    shapes = {name: tensor.shape for name, tensor in weights.items()}
    check("weights: W_enc [d_in, d_sae], W_dec [d_sae, d_in], biases",
          shapes == {"W_enc": (d_in, d_sae), "W_dec": (d_sae, d_in), "b_enc": (d_sae,), "b_dec": (d_in,)}, str(shapes))
    check("decoder rows have unit norm (times the folded input scale)",
          np.allclose(np.linalg.norm(weights["W_dec"], axis=1) * cfg["metadata"]["input_scale_folded"], 1, atol=1e-9))

    a = np.load(f"{root}/step2/activations.npy")[:1000]
    if dataset["normalize"]:
        a = a / dataset["normalization_scale"]  # the exported SAE takes raw activations (the scale is folded in)
    W_enc, b_enc, W_dec, b_dec = (weights[k] for k in ("W_enc", "b_enc", "W_dec", "b_dec"))
    f = np.maximum(0, (a - b_dec) @ W_enc + b_enc)
    swift = np.load(f"{root}/step4/latents-sample.npy")
    check("NumPy codes equal Swift's (latents-sample.npy)", f.shape == swift.shape and np.allclose(f, swift, rtol=1e-9, atol=1e-12),
          f"max |diff| {np.abs(f - swift).max():.2e}")
    full = np.load(f"{root}/step2/activations.npy")
    if dataset["normalize"]:
        full = full / dataset["normalization_scale"]
    codes = np.maximum(0, (full - b_dec) @ W_enc + b_enc)
    l0 = (codes > 0).sum(axis=1).mean()
    check("L0 over the dataset equals metrics.json", abs(l0 - metrics["l0"]) < 1e-9, f"{l0:.4f}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
