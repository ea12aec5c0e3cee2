"""Writes an SAE folder from Python, the way another library would, for `step5 --sae` to evaluate.

The "oracle" SAE's decoder rows are the true directions of the step-2 data (unit-normalised), its
encoder their transpose, biases zero; weights in float32 (SAELens's usual dtype), cfg.json in its
flat layout. Evaluating it must give MMCS 1 (true → learned).

    python3 Tests/Interop/make_oracle_sae.py OUT_ROOT FOLDER     # after swift run step2 (a generated preset)
"""
import json
import os
import sys

import numpy as np
from safetensors.numpy import save_file


def main():
    root, folder = sys.argv[1], sys.argv[2]
    directions = np.load(f"{root}/step2/directions.npy")
    norms = np.linalg.norm(directions, axis=1, keepdims=True)
    present = norms[:, 0] >= 0.1 * norms.max()
    W_dec = (directions[present] / norms[present]).astype(np.float32)
    d_sae, d_in = W_dec.shape
    os.makedirs(folder, exist_ok=True)
    save_file({"W_enc": np.ascontiguousarray(W_dec.T), "b_enc": np.zeros(d_sae, np.float32),
               "W_dec": W_dec, "b_dec": np.zeros(d_in, np.float32)}, f"{folder}/sae_weights.safetensors")
    with open(f"{folder}/cfg.json", "w") as handle:
        json.dump({"architecture": "standard", "d_in": int(d_in), "d_sae": int(d_sae), "dtype": "float32", "device": "cpu",
                   "apply_b_dec_to_input": True, "normalize_activations": "none", "model_name": "oracle", "hook_name": "none"}, handle)
    print(f"wrote {folder}: oracle SAE with {d_sae} latents on {d_in} dims (float32)")


if __name__ == "__main__":
    main()
