"""Interop check for step 6's SAE folders, from Python with `safetensors` and `json`.

Loads out/step6/topk-sae/ ("topk") and out/step6/batchtopk-sae/ ("jumprelu") the way a SAELens user
would, encodes the step-2 activations with NumPy in each architecture's own rule, and compares L0,
normalised MSE and the reconstruction bias with what Swift reported in out/step6/metrics.json.

    python3 Tests/Interop/check_topk_sae.py [OUT_ROOT]      # needs numpy and safetensors
"""
import json
import sys

import numpy as np
from safetensors.numpy import load_file

failures = []


def check(name, ok, detail=""):
    print(f"{name:56s} {'ok' if ok else 'MISMATCH'} {detail}")
    if not ok:
        failures.append(name)


def topk_codes(z, k):
    """Keep each row's k largest entries that are positive; ties go to the lower index (stable sort)."""
    order = np.argsort(-z, axis=1, kind="stable")[:, :k]
    codes = np.zeros_like(z)
    rows = np.arange(z.shape[0])[:, None]
    codes[rows, order] = z[rows, order]
    return np.maximum(codes, 0)


def measure(name, folder, activations, reported):
    cfg = json.load(open(f"{folder}/cfg.json"))
    weights = load_file(f"{folder}/sae_weights.safetensors")
    z = (activations - weights["b_dec"]) @ weights["W_enc"] + weights["b_enc"]
    if cfg["architecture"] == "topk":
        codes = topk_codes(z, cfg["k"])
    else:
        threshold = weights["threshold"]
        check(f"{name}: one positive threshold per latent", threshold.shape == (cfg["d_sae"],) and (threshold > 0).all())
        codes = np.where(z > threshold, z, 0)
    reconstruction = codes @ weights["W_dec"] + weights["b_dec"]
    l0 = (codes > 0).sum(axis=1).mean()
    centred = activations - activations.mean(axis=0)
    nmse = ((activations - reconstruction) ** 2).sum() / (centred ** 2).sum()
    bias = (reconstruction ** 2).sum() / (activations * reconstruction).sum()
    check(f"{name}: L0 equals metrics.json", abs(l0 - reported["l0"]) < 1e-9, f"{l0:.4f}")
    check(f"{name}: normalised MSE equals metrics.json", abs(nmse - reported["normalized_mse"]) < 1e-9, f"{nmse:.4f}")
    check(f"{name}: reconstruction bias equals metrics.json", abs(bias - reported["reconstruction_bias"]) < 1e-9, f"{bias:.4f}")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "out"
    metrics = json.load(open(f"{root}/step6/metrics.json"))
    dataset = json.load(open(f"{root}/step2/dataset.json"))
    topk_cfg = json.load(open(f"{root}/step6/topk-sae/cfg.json"))
    check("topk-sae: architecture topk, k as in metrics.json", topk_cfg["architecture"] == "topk" and topk_cfg["k"] == metrics["topk"]["k"])
    activations = np.load(f"{root}/step2/activations.npy")
    if dataset["normalize"]:
        activations = activations / dataset["normalization_scale"]  # the exported SAEs take raw activations
    measure("topk-sae", f"{root}/step6/topk-sae", activations, metrics["topk"])
    measure("batchtopk-sae", f"{root}/step6/batchtopk-sae", activations, metrics["batchtopk"])
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
