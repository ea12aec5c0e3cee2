// The mistakes step 6's grader recognises.

import SAEKit

extension Mistakes {
    // MARK: - 6.1

    public static let topKBeforeReLU = KnownMistake(id: "topk-before-relu",
        hint: "only positive pre-activations may survive: when a row has fewer than k positive "
            + "entries, keep just those. Apply the ReLU (or skip entries ≤ 0) before ranking.")
    public static let topKTiesKeepExtra = KnownMistake(id: "topk-ties-keep-extra",
        hint: "keep exactly k per row: comparing with the k-th largest value (≥ threshold) keeps "
            + "every entry tied with it. Rank the entries and take the first k.")
    public static let topKTieRuleReversed = KnownMistake(id: "topk-tie-rule-reversed",
        hint: "on a tie the lower latent index ranks first (the documented rule, so every "
            + "implementation keeps the same latents).")
    public static let topKBatchTopK = KnownMistake(id: "topk-batch-topk",
        hint: "6.1 keeps k per row; BatchTopK keeps k·B across the batch. Here each sample "
            + "(row) must keep its own k largest positive entries, whatever the other rows hold.")
    public static let topKSmallest = KnownMistake(id: "topk-smallest",
        hint: "keep the k largest positive entries: sort in decreasing order (or take the last k "
            + "of an increasing sort).")
    public static let topKMask = KnownMistake(id: "topk-mask",
        hint: "keep the pre-activation's value at each kept position, not 1: the codes are "
            + "z_j where kept, 0 elsewhere.")
    public static let topKTiesDropped = KnownMistake(id: "topk-ties-dropped",
        hint: "on a tie at the k-th place keep exactly k: comparing with the (k+1)-th value "
            + "(> threshold) drops every entry tied with it. Rank the entries and take the first "
            + "k, ties to the lower index.")
    public static let topKByMagnitude = KnownMistake(id: "topk-by-magnitude",
        hint: "rank by value, not by |value|: a large negative pre-activation is a latent that is "
            + "far from firing, and the ReLU sets it to 0.")

    // MARK: - 6.2 (and 6.3)

    public static let topKGradientToUnselected = KnownMistake(id: "topk-gradient-to-unselected",
        hint: "mask ∂L/∂f with the latents TopK kept (f > 0), not with z > 0: a latent with a "
            + "positive pre-activation that was not among the k largest did not affect the output, "
            + "so it gets no gradient.")
    public static let topKGradientNotBatchAveraged = KnownMistake(
        id: "topk-gradient-not-batch-averaged",
        hint: "L averages over the batch: ∂L/∂â = (2/B)(â − a). Your gradients are B times too "
            + "large.")
    public static let usesWrongTopK = KnownMistake(id: "uses-wrong-topk-activation",
        hint: "your gradients are right for the codes your topKActivation returns here, but those "
            + "codes are not TopK's: fix 6.1 first (its own report says what is wrong), then grade "
            + "this again.")

    // MARK: - 6.3

    public static let auxKAgainstInput = KnownMistake(id: "auxk-against-input",
        hint: "AuxK reconstructs the residual e = a − â (what the SAE missed), not the input a.")
    public static let auxKPushesMainReconstruction = KnownMistake(
        id: "auxk-pushes-main-reconstruction",
        hint: "treat the residual e = a − â as a constant: the AuxK loss must not send gradient "
            + "through â into the alive latents or b_dec. Only the dead latents' parameters get a "
            + "gradient.")
    public static let auxKAllLatents = KnownMistake(id: "auxk-all-latents",
        hint: "choose the top-k_aux among the dead latents only: set the alive latents' "
            + "pre-activations aside (e.g. to a negative number) before ranking.")
    public static let auxKWithBias = KnownMistake(id: "auxk-with-bias",
        hint: "ê = f_aux·W_dec has no b_dec: b_dec is already in â, so the residual e = a − â "
            + "has no offset left for ê to add.")
    public static let auxKBDecThroughEncoder = KnownMistake(id: "auxk-b-dec-through-encoder",
        hint: "AuxK's b_dec gradient is 0: the chapter holds b_dec fixed in AuxK, the pre-centring "
            + "(a − b_dec) included, so only the dead latents' encoder columns, encoder biases and "
            + "decoder rows learn from it.")
    public static let auxKUsesK = KnownMistake(id: "auxk-uses-k",
        hint: "keep k_aux dead latents per sample (the kAux argument), not the SAE's k.")
    public static let auxKResidualSign = KnownMistake(id: "auxk-residual-sign",
        hint: "the residual is e = a − â (the input minus the reconstruction): ê should add what â "
            + "missed. Yours is â − a.")
    public static let auxKWithCoefficient = KnownMistake(id: "auxk-with-coefficient",
        hint: "return L_aux itself: the trainer multiplies the loss and its gradients by "
            + "α = 1/32 when it adds them to the reconstruction's.")

    // MARK: - 6.4

    public static let shrinkageInverted = KnownMistake(id: "shrinkage-inverted",
        hint: "divide the latent's total by the truth's: ratio = Σ latent / Σ true. Shrinkage "
            + "shows as a ratio below 1.")
    public static let shrinkageCountsMisses = KnownMistake(id: "shrinkage-counts-misses",
        hint: "sum only over samples where the feature is on and the latent fires: a sample the "
            + "latent misses is a detection failure, not a smaller activation.")
    public static let shrinkageCountsFalseAlarms = KnownMistake(id: "shrinkage-counts-false-alarms",
        hint: "sum only over samples where the feature is on (true magnitude > 0): when the latent "
            + "fires without its feature, there is no true coefficient to compare with.")
    public static let shrinkageMeanOfRatios = KnownMistake(id: "shrinkage-mean-of-ratios",
        hint: "take the ratio of the sums, not the mean of per-sample ratios: a tiny true "
            + "coefficient makes latent/true explode and dominate a plain mean.")
    public static let shrinkageUndefinedAsZero = KnownMistake(id: "shrinkage-undefined-as-zero",
        hint: "when no sample has the feature on and the latent firing, the ratio is undefined: "
            + "return NaN (0/0), as the doc comment says. A 0 would read as total shrinkage and "
            + "pull the step's average down.")
    public static let reconstructionBiasInverted = KnownMistake(id: "reconstruction-bias-inverted",
        hint: "γ = E‖â‖² / E[a·â] (the reconstruction's squared norm on top): you divided the "
            + "other way.")
    public static let reconstructionBiasPerSample = KnownMistake(
        id: "reconstruction-bias-per-sample",
        hint: "the sums run over every sample and dimension: γ = Σ‖â‖² / Σ a·â, one ratio of two "
            + "sums, not the mean of per-sample ratios.")
    public static let reconstructionBiasNormRatio = KnownMistake(
        id: "reconstruction-bias-norm-ratio",
        hint: "γ = E‖â‖² / E[a·â]: the denominator is the inner product of a with â, not ‖a‖². "
            + "(That is the scale that makes â/γ closest to a.)")

    // MARK: - 6.5

    public static let explainedVarianceWithoutCentring = KnownMistake(
        id: "explained-variance-without-centring",
        hint: "divide by the squared error of predicting the mean, Σ‖a − ā‖², not by Σ‖a‖²: "
            + "without centring, a large mean activation makes any SAE look good.")
    public static let normalisedMSEPerDimension = KnownMistake(id: "normalised-mse-per-dimension",
        hint: "sum the errors over every dimension first and divide once: averaging "
            + "per-dimension ratios gives a nearly constant dimension as much weight as the one "
            + "carrying the signal.")
    public static let explainedVarianceFromVariances = KnownMistake(
        id: "explained-variance-from-variances",
        hint: "explained variance is 1 − normalised MSE. The variance of the reconstruction "
            + "divided by that of the data is not it: a reconstruction can have the right variance "
            + "and be wrong everywhere.")
    public static let normalisedMSEUnbiasedVariance = KnownMistake(
        id: "normalised-mse-unbiased-variance",
        hint: "use the same count on top and below: Σ‖a − â‖² / Σ‖a − ā‖² (or a mean over N for "
            + "both). A variance with N − 1 below and N on top is off by (N − 1)/N.")
    public static let normalisedMSEGlobalMean = KnownMistake(id: "normalised-mse-global-mean",
        hint: "ā is the mean activation per dimension (the column means of a), not one number for "
            + "the whole matrix.")
}
