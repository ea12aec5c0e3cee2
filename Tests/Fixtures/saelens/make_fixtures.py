"""Makes the SAELens folders SAEKitTests read, with SAELens itself (run from this folder):

    python make_fixtures.py          # in a venv with sae-lens 5.x, then again with sae-lens 6.x

Each folder v5-*/ or v6-*/ is written by that SAELens's own save_model (cfg.json and
sae_weights.safetensors, float32, d_in 4, d_sae 6) with the setting its name says, and holds the
known answers SAELens computes: inputs.npy [8, 4], codes.npy = sae.encode(inputs) and
reconstructions.npy = sae.decode(codes), from the folder as SAE.load_from_disk reads it (with the
input scale folded by SAELens's fold_activation_norm_scaling_factor where the folder records one or
the data gives one, as SAELens folds it at the end of training). Folders whose setting the project
refuses (layer_norm, constant_norm_rescale, covariance_whitening) hold no answers.

ours-*/ are folders this project writes (SAELensFixtureTests writes them again when
SAE_WRITE_SAELENS_FIXTURES=1, and fails when they differ from what SAELensFolder.write writes);
v5-resaved-ours-*/ and v6-resaved-ours-*/ are those folders loaded and saved again by SAELens, with
SAELens's answers. versions.json records which SAELens made the folders of each major version.
"""
import json
import os
import shutil

import numpy as np
import sae_lens
import torch
from safetensors.torch import load_file, save_file

MAJOR = int(sae_lens.__version__.split(".")[0])
D_IN, D_SAE = 4, 6
generator = torch.Generator().manual_seed(20240 + MAJOR)


def randn(*shape, scale=1.0):
    return torch.randn(*shape, generator=generator, dtype=torch.float32) * scale


def fill(sae, decoder_norms=None):
    """Random weights; decoder rows of the given norms (unit norm otherwise)."""
    with torch.no_grad():
        W_dec = randn(D_SAE, D_IN)
        W_dec /= W_dec.norm(dim=-1, keepdim=True)
        if decoder_norms is not None:
            W_dec *= torch.tensor(decoder_norms, dtype=torch.float32).unsqueeze(1)
        sae.W_dec.copy_(W_dec)
        sae.W_enc.copy_(W_dec.T + randn(D_IN, D_SAE, scale=0.3))
        sae.b_enc.copy_(randn(D_SAE, scale=0.3))
        sae.b_dec.copy_(randn(D_IN, scale=0.5))
        if hasattr(sae, "threshold"):
            sae.threshold.copy_(torch.rand(D_SAE, generator=generator) * 0.6)
    return sae


def inputs(scale=1.0):
    return randn(8, D_IN, scale=scale)


def answers(folder, sae, x):
    """SAELens's codes and reconstructions for x, saved beside the folder's files."""
    with torch.no_grad():
        codes = sae.encode(x)
        reconstructions = sae.decode(codes)
    np.save(f"{folder}/inputs.npy", x.double().numpy())
    np.save(f"{folder}/codes.npy", codes.double().numpy())
    np.save(f"{folder}/reconstructions.npy", reconstructions.double().numpy())
    print(f"{folder}: {int((codes != 0).sum())} nonzero codes")


def fresh(name):
    folder = f"v{MAJOR}-{name}"
    shutil.rmtree(folder, ignore_errors=True)
    return folder


# MARK: - SAELens 6


def v6():
    from sae_lens import SAE, StandardSAE, StandardSAEConfig, TopKSAE, TopKSAEConfig, JumpReLUSAE, JumpReLUSAEConfig
    from sae_lens.training.activation_scaler import ActivationScaler

    def save(name, sae):
        folder = fresh(name)
        sae.save_model(folder)
        return folder, SAE.load_from_disk(folder)

    folder, loaded = save("standard-no-bdec", fill(StandardSAE(StandardSAEConfig(d_in=D_IN, d_sae=D_SAE,
                                                                                  apply_b_dec_to_input=False))))
    answers(folder, loaded, inputs())

    norms = [0.5, 1.0, 1.5, 2.0, 3.0, 0.8]
    folder, loaded = save("topk-rescale", fill(TopKSAE(TopKSAEConfig(d_in=D_IN, d_sae=D_SAE, k=2,
                                                                     rescale_acts_by_decoder_norm=True)), norms))
    answers(folder, loaded, inputs())

    folder, loaded = save("jumprelu", fill(JumpReLUSAE(JumpReLUSAEConfig(d_in=D_IN, d_sae=D_SAE))))
    answers(folder, loaded, inputs())

    # A training checkpoint: normalize_activations still set, the factor in activation_scaler.json.
    folder, loaded = save("expected-average-scaler", fill(TopKSAE(TopKSAEConfig(
        d_in=D_IN, d_sae=D_SAE, k=3, normalize_activations="expected_average_only_in",
        rescale_acts_by_decoder_norm=True)), norms))
    ActivationScaler(scaling_factor=0.37).save(f"{folder}/activation_scaler.json")
    loaded.fold_activation_norm_scaling_factor(0.37)
    answers(folder, loaded, inputs(scale=5))

    # The same setting without the factor: SAELens estimates it on the data before training.
    folder, loaded = save("expected-average-no-scaler", fill(StandardSAE(StandardSAEConfig(
        d_in=D_IN, d_sae=D_SAE, normalize_activations="expected_average_only_in"))))
    x = inputs(scale=5)
    scaler = ActivationScaler()
    scaler.estimate_scaling_factor(D_IN, iter([x]), n_batches_for_norm_estimate=1)
    loaded.fold_activation_norm_scaling_factor(scaler.scaling_factor)
    answers(folder, loaded, x)

    for setting in ["layer_norm", "constant_norm_rescale", "covariance_whitening"]:
        save(setting.replace("_", "-"), fill(StandardSAE(StandardSAEConfig(d_in=D_IN, d_sae=D_SAE,
                                                                          normalize_activations=setting))))


# MARK: - SAELens 5


def v5():
    from sae_lens import SAE, SAEConfig

    def config(**changes):
        fields = dict(architecture="standard", d_in=D_IN, d_sae=D_SAE, activation_fn_str="relu",
                      apply_b_dec_to_input=True, finetuning_scaling_factor=False, context_size=128,
                      model_name="gpt2", hook_name="blocks.0.hook_resid_pre", hook_layer=0, hook_head_index=None,
                      prepend_bos=True, dataset_path="monology/pile-uncopyrighted", dataset_trust_remote_code=True,
                      normalize_activations="none", dtype="float32", device="cpu", sae_lens_training_version="5")
        fields.update(changes)
        return SAEConfig(**fields)

    def save(name, sae):
        folder = fresh(name)
        sae.save_model(folder)
        return folder

    # SAELens 5's TopK: a "standard" SAE whose activation_fn_str is topk, k in activation_fn_kwargs.
    folder = save("topk", fill(SAE(config(activation_fn_str="topk", activation_fn_kwargs={"k": 2}))))
    answers(folder, SAE.load_from_disk(folder), inputs())

    folder = save("standard-no-bdec", fill(SAE(config(apply_b_dec_to_input=False))))
    answers(folder, SAE.load_from_disk(folder), inputs())

    folder = save("jumprelu", fill(SAE(config(architecture="jumprelu"))))
    answers(folder, SAE.load_from_disk(folder), inputs())

    # finetuning_scaling_factor: SAELens 5's loader reads the scales from a tensor named scaling_factor.
    sae = fill(SAE(config(finetuning_scaling_factor=True)))
    with torch.no_grad():
        sae.finetuning_scaling_factor.copy_(torch.rand(D_SAE, generator=generator) * 2 + 0.25)
    folder = save("finetuning-scale", sae)
    weights = load_file(f"{folder}/sae_weights.safetensors")
    weights["scaling_factor"] = weights.pop("finetuning_scaling_factor")
    save_file(weights, f"{folder}/sae_weights.safetensors")
    answers(folder, SAE.load_from_disk(folder), inputs())


# MARK: - This project's folders, through SAELens


def resave_ours():
    from sae_lens import SAE

    for name in ["standard", "topk", "jumprelu"]:
        folder = fresh(f"resaved-ours-{name}")
        sae = SAE.load_from_disk(f"ours-{name}")
        sae.save_model(folder)
        answers(folder, SAE.load_from_disk(folder), randn(8, D_IN).double())


if __name__ == "__main__":
    print(f"sae-lens {sae_lens.__version__}, torch {torch.__version__}")
    v6() if MAJOR >= 6 else v5()
    resave_ours()
    versions = json.load(open("versions.json")) if os.path.exists("versions.json") else {}
    versions[str(MAJOR)] = sae_lens.__version__
    json.dump(dict(sorted(versions.items())), open("versions.json", "w"), indent=2)
