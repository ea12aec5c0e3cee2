// The mistakes step 3's grader recognises.

import SAEKit

extension Mistakes {
    // MARK: - 3.1, 3.2

    public static let encodeWithoutCentring = KnownMistake(id: "encode-without-centring",
        hint: "subtract the decoder bias before encoding: f = ReLU((a − b_dec)·W_enc + b_enc). "
            + "The encoder then reads the input relative to the same offset the decoder adds back.")
    public static let encodeAddsDecoderBias = KnownMistake(id: "encode-adds-decoder-bias",
        hint: "the decoder bias is subtracted before encoding, (a − b_dec), not added.")
    public static let encodeWithoutReLU = KnownMistake(id: "encode-without-relu",
        hint: "apply the ReLU: codes are never negative.")
    public static let encodeWithoutBias = KnownMistake(id: "encode-without-bias",
        hint: "add the encoder bias b_enc before the ReLU.")
    public static let decodeWithoutBias = KnownMistake(id: "decode-without-bias",
        hint: "add the decoder bias after decoding: â = f·W_dec + b_dec.")
    public static let decodeWithReLU = KnownMistake(id: "decode-with-relu",
        hint: "the decoder is linear: no ReLU on â (activations can be negative).")

    // MARK: - 3.3

    public static let reconstructionMeanOverDims = KnownMistake(id: "reconstruction-mean-over-dims",
        hint: "sum the squared error over the d dimensions and average over the batch only (divide by B, not B·d).")
    public static let l0CountsZeros = KnownMistake(id: "l0-counts-zeros",
        hint: "L0 counts the latents with f > 0; f ≥ 0 is true of every latent after a ReLU.")
    public static let l0AsFraction = KnownMistake(id: "l0-as-fraction",
        hint: "L0 is the mean number of active latents per sample, not the fraction of latents (do not divide by h).")
    public static let l1WithoutBatchMean = KnownMistake(id: "l1-without-batch-mean",
        hint: "average the L1 term over the batch like the reconstruction term: divide by B.")
    public static let totalWithoutCoefficient = KnownMistake(id: "total-without-coefficient",
        hint: "the total weights the L1 term by λ: reconstruction + λ·l1.")

    // MARK: - 3.4

    public static let bDecMissingEncoderTerm = KnownMistake(id: "b-dec-missing-encoder-term",
        hint: "b_dec is used twice: added after decoding and subtracted before encoding. Its gradient is Σ ∂L/∂â − Σ ∂L/∂z·W_encᵀ; you have only the first term.")
    public static let bDecMissingDecoderTerm = KnownMistake(id: "b-dec-missing-decoder-term",
        hint: "b_dec is used twice: its gradient is Σ ∂L/∂â (from â = f·W_dec + b_dec) minus Σ ∂L/∂z·W_encᵀ; you have only the second term.")
    public static let reluMaskMissing = KnownMistake(id: "relu-mask-wrong",
        hint: "mask ∂L/∂f with 1[z > 0] (the pre-activation): gradient flows only through latents that fired. A mask of f ≥ 0 is always true.")
    public static let l1GradientNotMasked = KnownMistake(id: "l1-gradient-not-masked",
        hint: "add λ/B to ∂L/∂f before the ReLU mask: a latent that did not fire gets no L1 gradient either.")
    public static let reconstructionGradientMissingTwo = KnownMistake(id: "reconstruction-gradient-missing-two",
        hint: "∂/∂â ‖a − â‖² = 2(â − a): your reconstruction gradients are half of what they should be.")
    public static let l1GradientNotBatchAveraged = KnownMistake(id: "l1-gradient-not-batch-averaged",
        hint: "the L1 term is averaged over the batch, so each code's gradient is λ/B, not λ.")

    // MARK: - 3.5

    public static let forwardDifferences = KnownMistake(id: "forward-differences",
        hint: "use central differences (f(θ + ε) − f(θ − ε)) / 2ε: one-sided (f(θ + ε) − f(θ)) / ε has an error proportional to ε, not ε².")
    public static let centralWithoutHalf = KnownMistake(id: "central-without-half",
        hint: "the two points are 2ε apart: divide by 2ε, not ε.")
    public static let perturbationNotRestored = KnownMistake(id: "perturbation-not-restored",
        hint: "restore each coordinate after perturbing it: only one coordinate may differ from the point at a time.")
}
