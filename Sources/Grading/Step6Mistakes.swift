// The mistakes step 6's grader recognises.

import SAEKit

extension Mistakes {
    // MARK: - 6.1

    public static let topKBeforeReLU = KnownMistake(id: "topk-before-relu",
        hint: "only positive pre-activations may survive: when a row has fewer than k positive entries, keep just those. Apply the ReLU (or skip entries ≤ 0) before ranking.")
    public static let topKTiesKeepExtra = KnownMistake(id: "topk-ties-keep-extra",
        hint: "keep exactly k per row: comparing with the k-th largest value (≥ threshold) keeps every entry tied with it. Rank the entries and take the first k.")
    public static let topKTieRuleReversed = KnownMistake(id: "topk-tie-rule-reversed",
        hint: "on a tie the lower latent index ranks first (the documented rule, so every implementation keeps the same latents).")

    // MARK: - 6.2

    public static let topKGradientToUnselected = KnownMistake(id: "topk-gradient-to-unselected",
        hint: "mask ∂L/∂f with the latents TopK kept (f > 0), not with z > 0: a latent with a positive pre-activation that was not among the k largest did not affect the output, so it gets no gradient.")

    // MARK: - 6.3

    public static let auxKAgainstInput = KnownMistake(id: "auxk-against-input",
        hint: "AuxK reconstructs the residual e = a − â (what the SAE missed), not the input a.")
    public static let auxKPushesMainReconstruction = KnownMistake(id: "auxk-pushes-main-reconstruction",
        hint: "treat the residual e = a − â as a constant: the AuxK loss must not send gradient through â into the alive latents or b_dec. Only the dead latents' parameters get a gradient.")
    public static let auxKAllLatents = KnownMistake(id: "auxk-all-latents",
        hint: "choose the top-k_aux among the dead latents only: set the alive latents' pre-activations aside (e.g. to a negative number) before ranking.")
    public static let auxKWithBias = KnownMistake(id: "auxk-with-bias",
        hint: "ê = f_aux·W_dec has no b_dec: b_dec is already in â, so the residual e = a − â has no offset "
            + "left for ê to add.")

    // MARK: - 6.4

    public static let shrinkageInverted = KnownMistake(id: "shrinkage-inverted",
        hint: "divide the latent's total by the truth's: ratio = Σ latent / Σ true. Shrinkage shows as a ratio below 1.")
    public static let shrinkageCountsMisses = KnownMistake(id: "shrinkage-counts-misses",
        hint: "sum only over samples where the feature is on and the latent fires: a sample the latent misses is a detection failure, not a smaller activation.")
    public static let shrinkageCountsFalseAlarms = KnownMistake(id: "shrinkage-counts-false-alarms",
        hint: "sum only over samples where the feature is on (true magnitude > 0): when the latent fires without its feature, there is no true coefficient to compare with.")
    public static let shrinkageMeanOfRatios = KnownMistake(id: "shrinkage-mean-of-ratios",
        hint: "take the ratio of the sums, not the mean of per-sample ratios: a tiny true coefficient makes latent/true explode and dominate a plain mean.")
    public static let reconstructionBiasInverted = KnownMistake(id: "reconstruction-bias-inverted",
        hint: "γ = E‖â‖² / E[a·â] (the reconstruction's squared norm on top): you divided the other way.")

    // MARK: - 6.5

    public static let explainedVarianceWithoutCentring = KnownMistake(id: "explained-variance-without-centring",
        hint: "divide by the squared error of predicting the mean, Σ‖a − ā‖², not by Σ‖a‖²: without centring, a large mean activation makes any SAE look good.")
    public static let normalisedMSEPerDimension = KnownMistake(id: "normalised-mse-per-dimension",
        hint: "sum the errors over every dimension first and divide once: averaging per-dimension ratios gives a nearly constant dimension as much weight as the one carrying the signal.")
    public static let explainedVarianceFromVariances = KnownMistake(id: "explained-variance-from-variances",
        hint: "explained variance is 1 − normalised MSE. The variance of the reconstruction divided by that of the data is not it: a reconstruction can have the right variance and be wrong everywhere.")
}
