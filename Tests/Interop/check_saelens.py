"""Interop check with SAELens itself: the folders the steps write load in SAELens, encode as Swift
encodes, and keep their provenance through a SAELens load and re-save.

For out/step4/sae ("standard"), out/step6/topk-sae ("topk") and out/step6/batchtopk-sae ("jumprelu"):
SAE.load_from_disk; the SAE class SAELens picked; its codes and reconstructions of the step-2
activations against NumPy's, computed from the weights by the project's rule (and, for step 4,
against Swift's own codes in latents-sample.npy); then save_model to OUT_ROOT/saelens-resaved/NAME,
SAE.load_from_disk again, and the same codes. SAELens 6 must keep cfg.json's metadata whole (our
provenance and the fingerprint steps 5 and 6 look for); SAELens 5 writes a fixed set of keys, and
must keep model_name, hook_name and dataset_path. Last, the README's claim must name this SAELens.

    python Tests/Interop/check_saelens.py [OUT_ROOT]    # in a venv with sae-lens (5.x or 6.x)
"""
import json
import re
import sys
import warnings
from pathlib import Path

import numpy as np
import sae_lens
import torch
from safetensors.numpy import load_file

warnings.filterwarnings("ignore")
MAJOR = int(sae_lens.__version__.split(".")[0])
failures = []


def check(name, ok, detail=""):
    print(f"{name:64s} {'ok' if ok else 'MISMATCH'} {detail}")
    if not ok:
        failures.append(name)


def load(folder):
    from sae_lens import SAE
    return SAE.load_from_disk(str(folder))


def numpy_codes(cfg, weights, a):
    """The project's rule: z = (a - b_dec) @ W_enc + b_enc; then ReLU, TopK (each row's k largest,
    then ReLU) or z where z > threshold."""
    z = (a - weights["b_dec"]) @ weights["W_enc"] + weights["b_enc"]
    if cfg["architecture"] == "topk":
        order = np.argsort(-z, axis=1, kind="stable")[:, :cfg["k"]]
        codes = np.zeros_like(z)
        rows = np.arange(z.shape[0])[:, None]
        codes[rows, order] = z[rows, order]
        return np.maximum(codes, 0)
    if cfg["architecture"] == "jumprelu":
        return np.where(z > np.maximum(weights["threshold"], 0), z, 0)
    return np.maximum(z, 0)


def saelens_pass(sae, a):
    with torch.no_grad():
        codes = sae.encode(torch.from_numpy(a))
        return codes.double().numpy(), sae.decode(codes).double().numpy()


def expected_class(architecture):
    if MAJOR >= 6:
        return {"standard": "StandardSAE", "topk": "TopKSAE", "jumprelu": "JumpReLUSAE"}[architecture]
    return "SAE"


def check_folder(name, folder, a, resaved_root, swift_codes=None):
    cfg = json.load(open(folder / "cfg.json"))
    weights = load_file(str(folder / "sae_weights.safetensors"))
    sae = load(folder)
    expected = expected_class(cfg["architecture"])
    check(f"{name}: loads as {expected}", type(sae).__name__ == expected, type(sae).__name__)
    if MAJOR < 6:
        k = sae.cfg.activation_fn_kwargs.get("k") if sae.cfg.activation_fn_str == "topk" else None
        check(f"{name}: SAELens 5 runs the activation the folder names",
              (sae.cfg.architecture, k) == (cfg["architecture"], cfg.get("k")),
              f"{sae.cfg.architecture}, activation_fn_str {sae.cfg.activation_fn_str}, k {k}")
    codes, reconstructions = saelens_pass(sae, a)
    ours = numpy_codes(cfg, weights, a)
    diff = np.abs(codes - ours).max()
    check(f"{name}: SAELens's codes equal NumPy's", diff <= 1e-12 * max(1, np.abs(ours).max()),
          f"max |diff| {diff:.1e}")
    recon = ours @ weights["W_dec"] + weights["b_dec"]
    diff = np.abs(reconstructions - recon).max()
    check(f"{name}: SAELens's reconstructions equal NumPy's", diff <= 1e-12 * max(1, np.abs(recon).max()),
          f"max |diff| {diff:.1e}")
    if swift_codes is not None:
        diff = np.abs(codes[: len(swift_codes)] - swift_codes).max()
        check(f"{name}: SAELens's codes equal Swift's (latents-sample.npy)",
              diff <= 1e-12 * max(1, np.abs(swift_codes).max()), f"max |diff| {diff:.1e}")

    resaved = resaved_root / name
    sae.save_model(str(resaved))
    again = json.load(open(resaved / "cfg.json"))
    codes_again, _ = saelens_pass(load(resaved), a)
    check(f"{name}: re-saved by SAELens, loads to the same codes", np.array_equal(codes_again, codes))
    if MAJOR >= 6:
        kept = again.get("metadata", {})
        lost = [key for key, value in cfg["metadata"].items() if kept.get(key) != value]
        check(f"{name}: metadata kept through load and re-save", not lost,
              f"lost {lost}" if lost else f"{len(cfg['metadata'])} keys")
    else:
        lost = [key for key in ("model_name", "hook_name", "dataset_path") if again.get(key) != cfg[key]]
        check(f"{name}: model_name, hook_name, dataset_path kept through re-save", not lost,
              f"lost {lost}" if lost else "")


def readme_claim():
    text = Path(__file__).resolve().parents[2].joinpath("README.md").read_text()
    match = re.search(r"SAELens ((?:\d+\.x(?:, | and )?)+) load", text)
    return [int(m) for m in re.findall(r"(\d+)\.x", match.group(1))] if match else []


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "out")
    print(f"sae-lens {sae_lens.__version__}, torch {torch.__version__}")
    dataset = json.load(open(root / "step2/dataset.json"))
    a = np.load(root / "step2/activations.npy")
    if dataset["normalize"]:
        a = a / dataset["normalization_scale"]  # the saved SAEs take raw activations
    resaved_root = root / f"saelens-resaved-{MAJOR}"
    resaved_root.mkdir(parents=True, exist_ok=True)
    check_folder("step4/sae", root / "step4/sae", a, resaved_root, np.load(root / "step4/latents-sample.npy"))
    for name in ("topk-sae", "batchtopk-sae"):
        check_folder(f"step6/{name}", root / "step6" / name, a, resaved_root)
    claimed = readme_claim()
    check(f"README: the SAELens versions that load the folders include {MAJOR}.x", MAJOR in claimed,
          f"claims {claimed}")
    if failures:
        print(f"\n{len(failures)} check(s) failed with sae-lens {sae_lens.__version__}")
        sys.exit(1)
    print(f"\nall checks passed with sae-lens {sae_lens.__version__}")


if __name__ == "__main__":
    main()
