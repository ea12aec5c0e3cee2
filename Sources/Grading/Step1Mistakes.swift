// The mistakes step 1's grader recognises, each with the hint it prints, and the code that
// reproduces each one (so "does your output match this mistake?" is a comparison, not a guess).

import SAEKit

/// Known mistakes of exercises 1.1–1.4.
public enum Mistakes {
    // MARK: - 1.1

    public static let forwardWithoutReLU = KnownMistake(
        id: "forward-without-relu",
        hint: "apply the ReLU last: x' = ReLU(x·WᵀW + b). Negative outputs must become 0.")
    public static let forwardWithoutBias = KnownMistake(
        id: "forward-without-bias",
        hint: "add the bias b (one entry per feature) before the ReLU: x' = ReLU(x·WᵀW + b).")
    public static let forwardBiasAfterReLU = KnownMistake(
        id: "forward-bias-after-relu",
        hint: "the bias goes inside the ReLU: ReLU(x·WᵀW + b), not ReLU(x·WᵀW) + b.")
    public static let forwardWWTransposed = KnownMistake(
        id: "forward-w-wt",
        hint: "W is [hidden, features]: x·Wᵀ squeezes a sample into the m hidden dimensions and "
            + "h·W reads it back out, so x' = ReLU(x·Wᵀ·W + b). You multiplied by W first "
            + "(x·W·Wᵀ), which only fits when m = n.")
    public static let forwardReLUOnHidden = KnownMistake(
        id: "forward-relu-on-hidden",
        hint: "the hidden layer h = x·Wᵀ is linear: the model's only ReLU is the last one, on h·W "
            + "+ b. Negative hidden values must pass through unchanged.")

    // MARK: - 1.2

    public static let lossWithoutImportance = KnownMistake(
        id: "loss-without-importance",
        hint: "weight each feature's squared error by its importance I_i.")
    public static let lossMeanOverFeatures = KnownMistake(
        id: "loss-mean-over-features",
        hint: "averaged over the wrong axis: sum over features, average over the batch — divide by "
            + "B (rows), not n (columns).")
    public static let lossMeanOverBoth = KnownMistake(
        id: "loss-mean-over-both",
        hint: "you averaged over features too. The convention here sums over features and averages "
            + "over the batch only (divide by B).")
    public static let lossNoMean = KnownMistake(
        id: "loss-no-mean",
        hint: "divide by the batch size B: the loss is a mean over samples.")
    public static let lossNotSquared = KnownMistake(
        id: "loss-not-squared",
        hint: "square the error: I_i·(x − x')², not I_i·|x − x'|.")
    public static let lossImportanceInsideSquare = KnownMistake(
        id: "loss-importance-inside-square",
        hint: "the importance multiplies the squared error, I_i·(x − x')²; squaring I_i·(x − x') "
            + "weights each feature by I_i² instead.")
    public static let lossWeightedAverage = KnownMistake(
        id: "loss-weighted-average",
        hint: "do not divide by the sum of the importances: the loss sums the weighted errors over "
            + "features (a weighted sum, not a weighted average) and averages over the batch only.")
    public static let lossHalved = KnownMistake(
        id: "loss-halved",
        hint: "no ½ in front: L = (1/B) Σ_b Σ_i I_i (x − x')². Some texts halve a squared error so "
            + "that its derivative has no 2; this loss keeps the 2 in its gradient.")

    // MARK: - 1.3

    public static let gradientDecoderPathOnly = KnownMistake(
        id: "decoder-path-only",
        hint: "W is used twice: h = x·Wᵀ (encoding) and z = h·W + b (decoding). Your ∂L/∂W has "
            + "only the decoding term hᵀ·∂L/∂z; add the encoding term (∂L/∂z·Wᵀ)ᵀ·x. See \"Two "
            + "paths through W\" in the chapter.")
    public static let gradientEncoderPathOnly = KnownMistake(
        id: "encoder-path-only",
        hint: "W is used twice: h = x·Wᵀ (encoding) and z = h·W + b (decoding). Your ∂L/∂W has "
            + "only the encoding term (∂L/∂z·Wᵀ)ᵀ·x; add the decoding term hᵀ·∂L/∂z. See \"Two "
            + "paths through W\" in the chapter.")
    public static let gradientNoReLUMask = KnownMistake(
        id: "no-relu-mask",
        hint: "the ReLU passes gradient only where its input was positive: multiply ∂L/∂x' by 1[z "
            + "> 0] to get ∂L/∂z.")
    public static let gradientMissingFactorTwo = KnownMistake(
        id: "missing-factor-two",
        hint: "the derivative of (x − x')² with respect to x' is 2(x' − x); your gradient is half "
            + "of it.")
    public static let gradientWithoutImportance = KnownMistake(
        id: "gradient-without-importance",
        hint: "keep the importance weights in the gradient: ∂L/∂x'_bi = (2/B)·I_i·(x'_bi − x_bi).")
    public static let gradientSignFlipped = KnownMistake(
        id: "gradient-sign-flipped",
        hint: "your gradient points the wrong way: ∂/∂x' of (x − x')² is 2(x' − x), not 2(x − x').")
    public static let gradientMaskFromInput = KnownMistake(
        id: "gradient-mask-from-input",
        hint: "the ReLU's gate is its own input z = x·WᵀW + b: ∂L/∂z = ∂L/∂x' ⊙ 1[z > 0]. You "
            + "gated with the model's input x (1[x > 0]), which is on and off elsewhere.")
    public static let gradientBiasAveraged = KnownMistake(
        id: "gradient-bias-averaged",
        hint: "∂L/∂z already carries the loss's 1/B, so ∂L/∂b sums it over the batch (columnSums); "
            + "averaging it again divides ∂L/∂b by B a second time.")
    public static let gradientMeanOverFeatures = KnownMistake(
        id: "gradient-mean-over-features",
        hint: "every entry is off by the factor B/n: your gradient belongs to a loss averaged over "
            + "the n features. This loss sums over features and averages over the batch: ∂L/∂x' = "
            + "(2/B)·I ⊙ (x' − x).")
    public static let gradientMeanOverBoth = KnownMistake(
        id: "gradient-mean-over-both",
        hint: "your gradient belongs to a loss averaged over the batch and the features (1/(B·n)). "
            + "This loss sums over features: ∂L/∂x' = (2/B)·I ⊙ (x' − x), with no 1/n.")

    // MARK: - 1.4

    public static let interferenceUnnormalised = KnownMistake(
        id: "interference-unnormalised",
        hint: "interference projects onto the unit direction Ŵ_i = W_i/‖W_i‖: use (Ŵ_i·W_j)², not "
            + "(W_i·W_j)².")
    public static let interferenceIncludesSelf = KnownMistake(
        id: "interference-includes-self",
        hint: "interference sums over the other features only (j ≠ i); including j = i adds "
            + "‖W_i‖².")
    public static let normsSquared = KnownMistake(
        id: "norms-squared",
        hint: "featureNorms are ‖W_i‖ = √(Σ_j W_ji²), not the squared norm.")
    public static let dimensionalityWithoutSelf = KnownMistake(
        id: "dimensionality-without-self",
        hint: "the denominator of D_i sums over every j including i: Σ_j (Ŵ_i·W_j)² = ‖W_i‖² + "
            + "interference_i.")
    public static let dimensionsPerFeatureInverted = KnownMistake(
        id: "dimensions-per-feature-inverted",
        hint: "dimensions per feature is m / ‖W‖²_F (hidden dimensions over the total squared "
            + "norm), not its inverse.")
    public static let metricsOverRows = KnownMistake(
        id: "metrics-over-rows",
        hint: "feature i is column i of W [hidden, features]; you measured the rows (the hidden "
            + "neurons).")
    public static let zeroColumnExactTest = KnownMistake(
        id: "zero-column-exact-test",
        hint: "follow the stub's rule for a column with no direction: ‖W_i‖ ≤ 1e-12 counts as zero "
            + "(interference and D_i are 0). A column of norm 1e-13 is rounding noise; testing "
            + "‖W_i‖ > 0 or == 0 gives it a direction of its own.")
    public static let zeroColumnThresholdTooLarge = KnownMistake(
        id: "zero-column-threshold-too-large",
        hint: "the rule's threshold is ‖W_i‖ ≤ 1e-12: a column of norm 1e-10 is tiny but has a "
            + "direction, so its interference (Ŵ_i·W_j)² is computed like any other's.")
    public static let metricsCosinesOnly = KnownMistake(
        id: "metrics-cosines-only",
        hint: "only feature i's own direction is normalised: interference is Σ_{j≠i} (Ŵ_i·W_j)² "
            + "and D_i = ‖W_i‖² / Σ_j (Ŵ_i·W_j)². With every column normalised (cosines "
            + "(Ŵ_i·Ŵ_j)²) the other features' lengths drop out.")
    public static let dimensionsPerFeatureUnsquared = KnownMistake(
        id: "dimensions-per-feature-unsquared",
        hint: "dimensions per feature divides by the squared Frobenius norm: m / ‖W‖²_F, with "
            + "‖W‖²_F = Σ_i ‖W_i‖² (it counts the represented features, each of norm ≈ 1).")
}

// MARK: - Reproducing the gradient mistakes

/// Gradients computed with one deliberate mistake.
enum MistakenGradients: CaseIterable {
    case decoderPathOnly, encoderPathOnly, noReLUMask, missingFactorTwo, withoutImportance
    case signFlipped
    case maskFromInput, biasAveraged, meanOverFeatures, meanOverBoth

    static let all = allCases

    var mistake: KnownMistake {
        switch self {
        case .decoderPathOnly: Mistakes.gradientDecoderPathOnly
        case .encoderPathOnly: Mistakes.gradientEncoderPathOnly
        case .noReLUMask: Mistakes.gradientNoReLUMask
        case .missingFactorTwo: Mistakes.gradientMissingFactorTwo
        case .withoutImportance: Mistakes.gradientWithoutImportance
        case .signFlipped: Mistakes.gradientSignFlipped
        case .maskFromInput: Mistakes.gradientMaskFromInput
        case .biasAveraged: Mistakes.gradientBiasAveraged
        case .meanOverFeatures: Mistakes.gradientMeanOverFeatures
        case .meanOverBoth: Mistakes.gradientMeanOverBoth
        }
    }

    /// The factor of (x' − x)·I in ∂L/∂x': 2/B, or the mistaken one.
    func outputFactor(batch: Int, features: Int) -> Double {
        let (B, n) = (Double(batch), Double(features))
        switch self {
        case .missingFactorTwo: return 1 / B
        case .signFlipped: return -2 / B
        case .meanOverFeatures: return 2 / n
        case .meanOverBoth: return 2 / (B * n)
        default: return 2 / B
        }
    }

    // x: [B, n]  W: [m, n]  ->  ∂W: [m, n], ∂b: [n]
    static func compute(_ variant: MistakenGradients, _ c: ToyCase) -> ToyModelGradients {
        let pass = c.model.forwardPass(c.x)
        let factor = variant.outputFactor(batch: c.x.rows, features: c.x.cols)
        let weights = variant == .withoutImportance
            ? [Double](repeating: 1, count: c.x.cols) : c.importance
        let outputGradient = (pass.output - c.x).scalingColumns(by: weights.map { factor * $0 })
        let gate = variant == .maskFromInput ? c.x : pass.preActivation
        let preActivationGradient = variant == .noReLUMask
            ? outputGradient : outputGradient.zipped(with: gate) { g, z in z > 0 ? g : 0 }
        let decoding = pass.hidden.transposedMatmul(preActivationGradient)
        let encoding = preActivationGradient.matmulTransposed(c.model.W).transposedMatmul(c.x)
        let W = variant == .decoderPathOnly ? decoding
            : variant == .encoderPathOnly ? encoding : decoding + encoding
        let b = preActivationGradient.columnSums
        let batch = Double(c.x.rows)
        return ToyModelGradients(W: W, b: variant == .biasAveraged ? b.map { $0 / batch } : b)
    }
}

// MARK: - Reproducing the metric mistakes

/// Superposition metrics computed with one deliberate mistake.
enum MistakenMetrics: CaseIterable {
    case unnormalisedInterference, selfInInterference, squaredNorms, dimensionalityWithoutSelf
    case invertedDimensionsPerFeature, overRows
    case zeroColumnExactTest, zeroColumnThresholdTooLarge, cosinesOnly, unsquaredFrobenius

    static let all = allCases

    var mistake: KnownMistake {
        switch self {
        case .unnormalisedInterference: Mistakes.interferenceUnnormalised
        case .selfInInterference: Mistakes.interferenceIncludesSelf
        case .squaredNorms: Mistakes.normsSquared
        case .dimensionalityWithoutSelf: Mistakes.dimensionalityWithoutSelf
        case .invertedDimensionsPerFeature: Mistakes.dimensionsPerFeatureInverted
        case .overRows: Mistakes.metricsOverRows
        case .zeroColumnExactTest: Mistakes.zeroColumnExactTest
        case .zeroColumnThresholdTooLarge: Mistakes.zeroColumnThresholdTooLarge
        case .cosinesOnly: Mistakes.metricsCosinesOnly
        case .unsquaredFrobenius: Mistakes.dimensionsPerFeatureUnsquared
        }
    }

    // W: [m, n]
    static func compute(_ variant: MistakenMetrics, _ W: Matrix) -> SuperpositionMetrics {
        var metrics = SuperpositionMetrics(W: W)
        let gram = W.transposedMatmul(W)
        let columns = 0..<W.cols
        switch variant {
        case .unnormalisedInterference:
            metrics.interference = columns.map { i in
                columns.filter { $0 != i }.reduce(0) { $0 + gram[i, $1] * gram[i, $1] }
            }
        case .selfInInterference:
            metrics.interference = zip(metrics.interference, metrics.featureNorms).map {
                $0 + $1 * $1
            }
        case .squaredNorms:
            metrics.featureNorms = metrics.featureNorms.map { $0 * $0 }
        case .dimensionalityWithoutSelf:
            metrics.featureDimensionality = zip(metrics.featureNorms, metrics.interference).map {
                $1 > 0 ? $0 * $0 / $1 : 0
            }
        case .invertedDimensionsPerFeature:
            metrics.dimensionsPerFeature = W.squaredFrobeniusNorm / Double(W.rows)
        case .overRows:
            metrics = SuperpositionMetrics(W: W.transposed)
        case .zeroColumnExactTest:
            metrics = metricsWithThreshold(W, noDirectionAtOrBelow: 0)
        case .zeroColumnThresholdTooLarge:
            metrics = metricsWithThreshold(W, noDirectionAtOrBelow: 1e-6)
        case .cosinesOnly:
            let norms = metrics.featureNorms
            let cosine = { (i: Int, j: Int) in norms[i] > 1e-12 && norms[j] > 1e-12
                ? gram[i, j] / (norms[i] * norms[j]) : 0 }
            for i in columns where norms[i] > 1e-12 {
                let others = columns.filter { $0 != i }
                    .reduce(0) { $0 + cosine(i, $1) * cosine(i, $1) }
                metrics.interference[i] = others
                metrics.featureDimensionality[i] = 1 / (1 + others)
            }
        case .unsquaredFrobenius:
            let frobenius = W.squaredFrobeniusNorm.squareRoot()
            metrics.dimensionsPerFeature = frobenius > 0 ? Double(W.rows) / frobenius : 0
        }
        return metrics
    }

    /// The metrics with another threshold for "this column has no direction" than the rule's 1e-12.
    static func metricsWithThreshold(_ W: Matrix, noDirectionAtOrBelow threshold: Double)
        -> SuperpositionMetrics {
        var metrics = SuperpositionMetrics(W: W)
        let norms = metrics.featureNorms
        let gram = W.transposedMatmul(W)
        for i in 0..<W.cols {
            guard norms[i] > threshold else {
                metrics.interference[i] = 0
                metrics.featureDimensionality[i] = 0
                continue
            }
            let projections = (0..<W.cols).map { gram[i, $0] / norms[i] }
            metrics.interference[i] = projections.indices.filter { $0 != i }
                .reduce(0) { $0 + projections[$1] * projections[$1] }
            metrics.featureDimensionality[i] = norms[i] * norms[i]
                / projections.reduce(0) { $0 + $1 * $1 }
        }
        return metrics
    }
}
