// The mistakes step 1's grader recognises, each with the hint it prints, and the code that
// reproduces each one (so "does your output match this mistake?" is a comparison, not a guess).

import SAEKit

/// Known mistakes of exercises 1.1–1.4.
public enum Mistakes {
    // MARK: - 1.1

    public static let forwardWithoutReLU = KnownMistake(id: "forward-without-relu",
        hint: "apply the ReLU last: x' = ReLU(x·WᵀW + b). Negative outputs must become 0.")
    public static let forwardWithoutBias = KnownMistake(id: "forward-without-bias",
        hint: "add the bias b (one entry per feature) before the ReLU: x' = ReLU(x·WᵀW + b).")
    public static let forwardBiasAfterReLU = KnownMistake(id: "forward-bias-after-relu",
        hint: "the bias goes inside the ReLU: ReLU(x·WᵀW + b), not ReLU(x·WᵀW) + b.")

    // MARK: - 1.2

    public static let lossWithoutImportance = KnownMistake(id: "loss-without-importance",
        hint: "weight each feature's squared error by its importance I_i.")
    public static let lossMeanOverFeatures = KnownMistake(id: "loss-mean-over-features",
        hint: "averaged over the wrong axis: sum over features, average over the batch — divide by B (rows), not n (columns).")
    public static let lossMeanOverBoth = KnownMistake(id: "loss-mean-over-both",
        hint: "you averaged over features too. The convention here sums over features and averages over the batch only (divide by B).")
    public static let lossNoMean = KnownMistake(id: "loss-no-mean",
        hint: "divide by the batch size B: the loss is a mean over samples.")
    public static let lossNotSquared = KnownMistake(id: "loss-not-squared",
        hint: "square the error: I_i·(x − x')², not I_i·|x − x'|.")

    // MARK: - 1.3

    public static let gradientDecoderPathOnly = KnownMistake(id: "decoder-path-only",
        hint: "W is used twice: h = x·Wᵀ (encoding) and z = h·W + b (decoding). Your ∂L/∂W has only the decoding term "
            + "hᵀ·∂L/∂z; add the encoding term (∂L/∂z·Wᵀ)ᵀ·x. See \"Two paths through W\" in the chapter.")
    public static let gradientEncoderPathOnly = KnownMistake(id: "encoder-path-only",
        hint: "W is used twice: h = x·Wᵀ (encoding) and z = h·W + b (decoding). Your ∂L/∂W has only the encoding term "
            + "(∂L/∂z·Wᵀ)ᵀ·x; add the decoding term hᵀ·∂L/∂z. See \"Two paths through W\" in the chapter.")
    public static let gradientNoReLUMask = KnownMistake(id: "no-relu-mask",
        hint: "the ReLU passes gradient only where its input was positive: multiply ∂L/∂x' by 1[z > 0] to get ∂L/∂z.")
    public static let gradientMissingFactorTwo = KnownMistake(id: "missing-factor-two",
        hint: "the derivative of (x − x')² with respect to x' is 2(x' − x); your gradient is half of it.")
    public static let gradientWithoutImportance = KnownMistake(id: "gradient-without-importance",
        hint: "keep the importance weights in the gradient: ∂L/∂x'_bi = (2/B)·I_i·(x'_bi − x_bi).")
    public static let gradientSignFlipped = KnownMistake(id: "gradient-sign-flipped",
        hint: "your gradient points the wrong way: ∂/∂x' of (x − x')² is 2(x' − x), not 2(x − x').")

    // MARK: - 1.4

    public static let interferenceUnnormalised = KnownMistake(id: "interference-unnormalised",
        hint: "interference projects onto the unit direction Ŵ_i = W_i/‖W_i‖: use (Ŵ_i·W_j)², not (W_i·W_j)².")
    public static let interferenceIncludesSelf = KnownMistake(id: "interference-includes-self",
        hint: "interference sums over the other features only (j ≠ i); including j = i adds ‖W_i‖².")
    public static let normsSquared = KnownMistake(id: "norms-squared",
        hint: "featureNorms are ‖W_i‖ = √(Σ_j W_ji²), not the squared norm.")
    public static let dimensionalityWithoutSelf = KnownMistake(id: "dimensionality-without-self",
        hint: "the denominator of D_i sums over every j including i: Σ_j (Ŵ_i·W_j)² = ‖W_i‖² + interference_i.")
    public static let dimensionsPerFeatureInverted = KnownMistake(id: "dimensions-per-feature-inverted",
        hint: "dimensions per feature is m / ‖W‖²_F (hidden dimensions over the total squared norm), not its inverse.")
    public static let metricsOverRows = KnownMistake(id: "metrics-over-rows",
        hint: "feature i is column i of W [hidden, features]; you measured the rows (the hidden neurons).")
}

// MARK: - Reproducing the gradient mistakes

/// Gradients computed with one deliberate mistake.
enum MistakenGradients: CaseIterable {
    case decoderPathOnly, encoderPathOnly, noReLUMask, missingFactorTwo, withoutImportance, signFlipped

    static let all = allCases

    var mistake: KnownMistake {
        switch self {
        case .decoderPathOnly: Mistakes.gradientDecoderPathOnly
        case .encoderPathOnly: Mistakes.gradientEncoderPathOnly
        case .noReLUMask: Mistakes.gradientNoReLUMask
        case .missingFactorTwo: Mistakes.gradientMissingFactorTwo
        case .withoutImportance: Mistakes.gradientWithoutImportance
        case .signFlipped: Mistakes.gradientSignFlipped
        }
    }

    // x: [B, n]  W: [m, n]  ->  ∂W: [m, n], ∂b: [n]
    static func compute(_ variant: MistakenGradients, _ c: ToyCase) -> ToyModelGradients {
        let pass = c.model.forwardPass(c.x)
        let factor = (variant == .missingFactorTwo ? 1.0 : 2.0) * (variant == .signFlipped ? -1 : 1) / Double(c.x.rows)
        let weights = variant == .withoutImportance ? [Double](repeating: 1, count: c.x.cols) : c.importance
        let outputGradient = (pass.output - c.x).scalingColumns(by: weights.map { factor * $0 })
        let preActivationGradient = variant == .noReLUMask
            ? outputGradient : outputGradient.zipped(with: pass.preActivation) { g, z in z > 0 ? g : 0 }
        let decoding = pass.hidden.transposedMatmul(preActivationGradient)
        let encoding = preActivationGradient.matmulTransposed(c.model.W).transposedMatmul(c.x)
        let W = variant == .decoderPathOnly ? decoding : variant == .encoderPathOnly ? encoding : decoding + encoding
        return ToyModelGradients(W: W, b: preActivationGradient.columnSums)
    }
}

// MARK: - Reproducing the metric mistakes

/// Superposition metrics computed with one deliberate mistake.
enum MistakenMetrics: CaseIterable {
    case unnormalisedInterference, selfInInterference, squaredNorms, dimensionalityWithoutSelf, invertedDimensionsPerFeature, overRows

    static let all = allCases

    var mistake: KnownMistake {
        switch self {
        case .unnormalisedInterference: Mistakes.interferenceUnnormalised
        case .selfInInterference: Mistakes.interferenceIncludesSelf
        case .squaredNorms: Mistakes.normsSquared
        case .dimensionalityWithoutSelf: Mistakes.dimensionalityWithoutSelf
        case .invertedDimensionsPerFeature: Mistakes.dimensionsPerFeatureInverted
        case .overRows: Mistakes.metricsOverRows
        }
    }

    // W: [m, n]
    static func compute(_ variant: MistakenMetrics, _ W: Matrix) -> SuperpositionMetrics {
        var metrics = SuperpositionMetrics(W: W)
        let gram = W.transposedMatmul(W)
        switch variant {
        case .unnormalisedInterference:
            metrics.interference = (0..<W.cols).map { i in (0..<W.cols).filter { $0 != i }.reduce(0) { $0 + gram[i, $1] * gram[i, $1] } }
        case .selfInInterference:
            metrics.interference = zip(metrics.interference, metrics.featureNorms).map { $0 + $1 * $1 }
        case .squaredNorms:
            metrics.featureNorms = metrics.featureNorms.map { $0 * $0 }
        case .dimensionalityWithoutSelf:
            metrics.featureDimensionality = zip(metrics.featureNorms, metrics.interference).map { $1 > 0 ? $0 * $0 / $1 : 0 }
        case .invertedDimensionsPerFeature:
            metrics.dimensionsPerFeature = W.squaredFrobeniusNorm / Double(W.rows)
        case .overRows:
            metrics = SuperpositionMetrics(W: W.transposed)
        }
        return metrics
    }
}
