// The mistakes step 5's grader recognises.

import SAEKit

extension Mistakes {
    public static let cosineLearnedNotNormalised = KnownMistake(id: "cosine-learned-not-normalised",
        hint: "normalise both sides: divide the dot product by ‖learned_i‖ as well as ‖truth_j‖ (decoder rows need not be unit-norm).")
    public static let cosineTruthNotNormalised = KnownMistake(id: "cosine-truth-not-normalised",
        hint: "normalise both sides: divide the dot product by ‖truth_j‖ as well as ‖learned_i‖ (true directions need not be unit-norm).")
    public static let cosineNotNormalised = KnownMistake(id: "cosine-not-normalised",
        hint: "a cosine divides the dot product by both norms: (u·v)/(‖u‖‖v‖).")

    public static let mmcsWrongAxis = KnownMistake(id: "mmcs-wrong-axis",
        hint: "true → learned takes, for each true feature (column), its best latent; you averaged the best feature of each latent (row) instead, and vice versa.")
    public static let mmcsMeanNotMax = KnownMistake(id: "mmcs-mean-not-max",
        hint: "take the maximum along each row or column before averaging: MMCS is the mean of the best matches, not of all cosines.")

    public static let greedyMatching = KnownMistake(id: "greedy-matching",
        hint: "taking the best remaining pair first (greedy) is not optimal: here a smaller first pick frees two better ones. Use the Hungarian algorithm.")

    public static let responsesNotIsolated = KnownMistake(id: "responses-not-isolated",
        hint: "average over the samples where feature i is the only feature on; with others on too, a unit seems to respond to whatever co-occurs with its feature.")
    public static let responsesWhenOff = KnownMistake(id: "responses-when-off",
        hint: "condition on feature i being on (and alone), not off.")

    public static let ablationInInputSpace = KnownMistake(id: "ablation-in-input-space",
        hint: "ablate in the SAE's latent space: zero the latent's code and decode. Zeroing a coordinate of the hidden state (the SAE's input) removes a neuron, not a feature.")
    public static let ablationBaselineNotReconstructed = KnownMistake(id: "ablation-baseline-not-reconstructed",
        hint: "compare like with like: compute the baseline through the SAE's reconstruction too, not from the original hidden state.")
    public static let ablationWithoutReadoutReLU = KnownMistake(id: "ablation-without-readout-relu",
        hint: "the read-out is x' = ReLU(ĥ·W + b): apply the ReLU before averaging the output.")
}
