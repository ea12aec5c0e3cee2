"""Interop check for step 2's files, with numpy.load (needs only Python 3 and NumPy).

After `swift run step2` (any generated preset), checks that activations.npy, codes.npy and
directions.npy load with the right shapes and dtype, that a = codes @ directions (+ the preset's
noise), that dataset.json and metrics.json agree with the arrays, and recomputes the statistics.

    python3 Tests/Interop/check_activations.py [OUT_ROOT]
"""
import json
import sys

import numpy as np


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "out"
    folder = f"{root}/step2"
    record = json.load(open(f"{folder}/dataset.json"))
    metrics = json.load(open(f"{folder}/metrics.json"))
    a = np.load(f"{folder}/activations.npy")
    failures = []

    def check(name, ok, detail=""):
        print(f"{name:44s} {'ok' if ok else 'MISMATCH'} {detail}")
        if not ok:
            failures.append(name)

    check("activations: float64, C order, 2-D", a.dtype == np.float64 and a.flags["C_CONTIGUOUS"] and a.ndim == 2, str(a.shape))
    check("shape matches dataset.json", a.shape == (record["samples_collected"], record["dims"]))
    norms = np.linalg.norm(a, axis=1)
    if record["normalize"]:
        # The file holds scaled activations; metrics.json describes the raw ones the scale came from.
        check("normalised: mean norm is sqrt(d)", abs(norms.mean() - np.sqrt(a.shape[1])) < 1e-9)
        norms = norms / metrics["normalization_scale"]
    check("mean norm", abs(norms.mean() - metrics["mean_norm"]) < 1e-9 * max(1, metrics["mean_norm"]), f"{norms.mean():.6f}")
    check("norm standard deviation (population)", abs(norms.std() - metrics["norm_sd"]) < 1e-9 * max(1, metrics["norm_sd"]), f"{norms.std():.6f}")
    scale = np.sqrt(a.shape[1]) / norms.mean()
    check("normalisation scale", abs(scale - metrics["normalization_scale"]) < 1e-9 * scale, f"{scale:.6f}")
    if record["ground_truth"]:
        codes = np.load(f"{folder}/codes.npy")
        directions = np.load(f"{folder}/directions.npy")
        check("codes [N, n], directions [n, d]", codes.shape == (a.shape[0], directions.shape[0]) and directions.shape[1] == a.shape[1])
        noise = record["source"]["config"].get("noise", 0.0)
        residual = a - codes @ directions
        check("a = codes @ directions (+ noise)", abs(residual.std() - noise) < 2e-3 and abs(residual.mean()) < 2e-3,
              f"residual sd {residual.std():.2e}")
        fractions = np.bincount((codes != 0).sum(axis=1)) / a.shape[0]
        check("active-feature distribution", np.allclose(fractions, metrics["active_distribution"], atol=1e-12))
    if "labels" in record["files"]:
        labels = np.load(f"{folder}/labels.npy")
        check("labels: int64 [N]", labels.dtype == np.int64 and labels.shape == (a.shape[0],))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
