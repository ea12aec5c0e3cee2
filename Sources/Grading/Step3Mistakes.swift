// The mistakes step 3's grader recognises.

import SAEKit

extension Mistakes {
    // MARK: - 3.1

    public static let encodeWithoutCentring = KnownMistake(id: "encode-without-centring",
        hint: "subtract the decoder bias before encoding: f = ReLU((a − b_dec)·W_enc + b_enc). "
            + "The encoder then reads the input relative to the same offset the decoder adds back.")
    public static let encodeAddsDecoderBias = KnownMistake(id: "encode-adds-decoder-bias",
        hint: "the decoder bias is subtracted before encoding, (a − b_dec), not added.")
    public static let encodeWithoutReLU = KnownMistake(id: "encode-without-relu",
        hint: "apply the ReLU: codes are never negative.")
    public static let encodeWithoutBias = KnownMistake(id: "encode-without-bias",
        hint: "add the encoder bias b_enc before the ReLU.")
    public static let encodeBiasAfterReLU = KnownMistake(id: "encode-bias-after-relu",
        hint: "add b_enc before the ReLU, inside it: f = ReLU((a − b_dec)·W_enc + b_enc). Added "
            + "after, it makes codes negative and moves the latents that are off.")
    public static let encodeWithDecoderTranspose = KnownMistake(id: "encode-with-decoder-transpose",
        hint: "encode with W_enc [d, h], not W_decᵀ: the two are equal only at initialisation, "
            + "and training moves them apart.")
    public static let encodeCentresOnBatchMean = KnownMistake(id: "encode-centres-on-batch-mean",
        hint: "pre-centring subtracts b_dec, the SAE's own learned bias, not the mean of this "
            + "batch (the codes of a sample must not depend on the other samples).")

    // MARK: - 3.2

    public static let decodeWithoutBias = KnownMistake(id: "decode-without-bias",
        hint: "add the decoder bias after decoding: â = f·W_dec + b_dec.")
    public static let decodeWithReLU = KnownMistake(id: "decode-with-relu",
        hint: "the decoder is linear: no ReLU on â (activations can be negative).")
    public static let decodeSubtractsBias = KnownMistake(id: "decode-subtracts-bias",
        hint: "decoding adds b_dec back: â = f·W_dec + b_dec. It is the encoder that subtracts it.")
    public static let decodeWithEncoderTranspose = KnownMistake(id: "decode-with-encoder-transpose",
        hint: "decode with W_dec [h, d], whose rows are the latents' directions, not W_encᵀ: the "
            + "two are equal only at initialisation.")

    // MARK: - 3.3

    public static let reconstructionMeanOverDims = KnownMistake(id: "reconstruction-mean-over-dims",
        hint: "sum the squared error over the d dimensions and average over the batch only "
            + "(divide by B, not B·d).")
    public static let l0CountsZeros = KnownMistake(id: "l0-counts-zeros",
        hint: "L0 counts the latents with f > 0; f ≥ 0 is true of every latent after a ReLU.")
    public static let l0AsFraction = KnownMistake(id: "l0-as-fraction",
        hint: "L0 is the mean number of active latents per sample, not the fraction of latents "
            + "(do not divide by h).")
    public static let l1WithoutBatchMean = KnownMistake(id: "l1-without-batch-mean",
        hint: "average the L1 term over the batch like the reconstruction term: divide by B.")
    public static let totalWithoutCoefficient = KnownMistake(id: "total-without-coefficient",
        hint: "the total weights the L1 term by λ: reconstruction + λ·l1.")
    public static let l0WithThreshold = KnownMistake(id: "l0-with-threshold",
        hint: "L0 counts every code f > 0, however small: a threshold such as f > 1e-6 misses the "
            + "tiny ones.")
    public static let reconstructionNotSquared = KnownMistake(id: "reconstruction-not-squared",
        hint: "the reconstruction term is the squared norm ‖a − â‖²: sum the squared errors and "
            + "do not take the square root.")
    public static let l1MeanOverLatents = KnownMistake(id: "l1-mean-over-latents",
        hint: "sum |f| over the h latents and average over the batch only (divide by B, not B·h).")

    // MARK: - 3.4

    public static let bDecMissingEncoderTerm = KnownMistake(id: "b-dec-missing-encoder-term",
        hint: "b_dec is used twice: added after decoding and subtracted before encoding. Its "
            + "gradient is Σ ∂L/∂â − Σ ∂L/∂z·W_encᵀ; you have only the first term.")
    public static let bDecMissingDecoderTerm = KnownMistake(id: "b-dec-missing-decoder-term",
        hint: "b_dec is used twice: its gradient is Σ ∂L/∂â (from â = f·W_dec + b_dec) minus Σ "
            + "∂L/∂z·W_encᵀ; you have only the second term.")
    public static let bDecEncoderTermAdded = KnownMistake(id: "b-dec-encoder-term-added",
        hint: "b_dec's encoder term comes with a minus sign, because b_dec is subtracted before "
            + "encoding (x = a − b_dec): Σ ∂L/∂â − Σ ∂L/∂z·W_encᵀ. You added it.")
    public static let reluMaskMissing = KnownMistake(id: "relu-mask-wrong",
        hint: "mask ∂L/∂f with 1[z > 0] (the pre-activation): gradient flows only through latents "
            + "that fired. A mask of f ≥ 0 is always true.")
    public static let reluMaskAtZero = KnownMistake(id: "relu-mask-at-zero",
        hint: "at z = 0 exactly the ReLU passes no gradient: mask with 1[z > 0], not 1[z ≥ 0]. A "
            + "zero input at zero biases, as at the start of training, has z = 0 exactly.")
    public static let l1GradientNotMasked = KnownMistake(id: "l1-gradient-not-masked",
        hint: "add λ/B to ∂L/∂f before the ReLU mask: a latent that did not fire gets no L1 "
            + "gradient either.")
    public static let reconstructionGradientMissingTwo = KnownMistake(
        id: "reconstruction-gradient-missing-two",
        hint: "∂/∂â ‖a − â‖² = 2(â − a): your reconstruction gradients are half of what they "
            + "should be.")
    public static let l1GradientNotBatchAveraged = KnownMistake(
        id: "l1-gradient-not-batch-averaged",
        hint: "the L1 term is averaged over the batch, so each code's gradient is λ/B, not λ.")
    public static let encoderGradientUncentred = KnownMistake(id: "encoder-gradient-uncentred",
        hint: "the encoder multiplies the centred input x = a − b_dec, so ∂L/∂W_enc = xᵀ·∂L/∂z, "
            + "not aᵀ·∂L/∂z.")
    public static let decoderGradientFromPreActivation = KnownMistake(
        id: "decoder-gradient-from-pre-activation",
        hint: "the decoder multiplies the codes f = ReLU(z), not the pre-activation z: ∂L/∂W_dec "
            + "= fᵀ·∂L/∂â.")
    public static let residualSignFlipped = KnownMistake(id: "residual-sign-flipped",
        hint: "∂/∂â ‖a − â‖² = 2(â − a), not 2(a − â): the reconstruction part of every gradient "
            + "has the wrong sign (the L1 part is right).")
    public static let biasGradientsAveraged = KnownMistake(id: "bias-gradients-averaged",
        hint: "sum the bias gradients over the batch, do not average them: the 1/B is already "
            + "inside ∂L/∂â = (2/B)(â − a) and λ/B.")

    // MARK: - 3.5

    public static let forwardDifferences = KnownMistake(id: "forward-differences",
        hint: "use central differences (f(θ + ε) − f(θ − ε)) / 2ε: the forward difference (f(θ + "
            + "ε) − f(θ)) / ε has an error proportional to ε, not ε².")
    public static let backwardDifferences = KnownMistake(id: "backward-differences",
        hint: "use central differences (f(θ + ε) − f(θ − ε)) / 2ε: the backward difference (f(θ) "
            + "− f(θ − ε)) / ε has an error proportional to ε, not ε².")
    public static let centralWithoutHalf = KnownMistake(id: "central-without-half",
        hint: "the two points are 2ε apart: divide by 2ε, not ε.")
    public static let centralHalfSteps = KnownMistake(id: "central-half-steps",
        hint: "evaluate at θ ± ε·eᵢ (2ε apart), not θ ± ε/2·eᵢ: the grader asks for the central "
            + "difference with step ε itself.")
    public static let divisionPrecedence = KnownMistake(id: "division-precedence",
        hint: "`/ 2 * step` divides by 2 and then multiplies by step: write `/ (2 * step)`.")
    public static let perturbationNotRestored = KnownMistake(id: "perturbation-not-restored",
        hint: "restore each coordinate after perturbing it: only one coordinate may differ from "
            + "the point at a time.")
    public static let lowerProbeAtPoint = KnownMistake(id: "lower-probe-at-point",
        hint: "your second evaluation is at θ, not θ − ε·eᵢ: from θ + ε·eᵢ, step back 2ε (or "
            + "start again from θ and subtract ε).")
    public static let stepIgnored = KnownMistake(id: "step-ignored",
        hint: "use the `step` you are given as ε: your answer matches central differences with a "
            + "fixed step of your own.")
    public static let stepScaledByValue = KnownMistake(id: "step-scaled-by-value",
        hint: "use ε = step for every coordinate, whatever its value: a step that grows with |θᵢ| "
            + "is not the check asked for (and is 0 at θᵢ = 0).")
}
