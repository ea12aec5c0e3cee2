// The mistakes step 2's grader recognises, each with the hint it prints (2.1's contract mistakes
// are in Step2SamplerMistakes.swift), and the code that reproduces 2.3's.

import SAEKit

extension Mistakes {
    // MARK: - 2.1, the distribution

    public static let samplerForgotMask = KnownMistake(
        id: "sampler-forgot-mask",
        hint: "every feature is on in (nearly) every sample: draw the on/off decision first, and "
            + "give a feature a magnitude only when it is on.")
    public static let samplerProbabilityOfOff = KnownMistake(
        id: "sampler-probability-of-off",
        hint: "each feature is on about 1 − p of the time: a feature is on when the uniform draw "
            + "is below p (generator.bernoulli(p)), not above it.")
    public static let samplerConstantMagnitude = KnownMistake(
        id: "sampler-constant-magnitude",
        hint: "an active feature's value must be uniform in [0, 1), not a constant: draw "
            + "generator.uniform() for it.")
    public static let samplerSharedDraw = KnownMistake(
        id: "sampler-shared-draw",
        hint: "features must be on independently: draw a fresh random number for each feature of "
            + "each sample, not one per sample.")
    public static let samplerRepeatedRows = KnownMistake(
        id: "sampler-repeated-rows",
        hint: "samples must be independent: draw every row afresh instead of reusing one.")
    public static let samplerNotSeeded = KnownMistake(
        id: "sampler-not-seeded",
        hint: "use only `generator` for randomness (not Double.random or a generator of your own): "
            + "the same seed must give the same batch.")

    // MARK: - 2.2

    public static let hiddenTimesWTransposeSide = KnownMistake(
        id: "hidden-wrong-side",
        hint: "h = W x: with one sample per row that is x·Wᵀ (matmulTransposed). You multiplied by "
            + "W the other way round.")
    public static let hiddenWithReLU = KnownMistake(
        id: "hidden-with-relu",
        hint: "the toy model's hidden layer is linear: h = W x with no ReLU (the ReLU comes after "
            + "the read-out).")
    public static let hiddenReturnedReconstruction = KnownMistake(
        id: "hidden-returned-reconstruction",
        hint: "h has one entry per hidden dimension, [B, m]; x·WᵀW is the read-out back in feature "
            + "space, [B, n].")
    public static let hiddenTransposedOutput = KnownMistake(
        id: "hidden-transposed-output",
        hint: "h has one row per sample, [B, m]: W·xᵀ holds the samples in its columns. Transpose "
            + "it, or compute x·Wᵀ (matmulTransposed) directly.")
    public static let hiddenRunningSum = KnownMistake(
        id: "hidden-running-sum",
        hint: "each row of h depends on its own sample only: start every dot product from 0 "
            + "(declare the running sum inside the loops), so that a sample with no active feature "
            + "gives 0.")

    // MARK: - 2.3

    public static let statisticsSquaredNorm = KnownMistake(
        id: "statistics-squared-norm",
        hint: "use E‖a‖, the mean of the norms, where you used E‖a‖² (the mean squared norm): the "
            + "scale is √d / E‖a‖.")
    public static let statisticsRootMeanSquare = KnownMistake(
        id: "statistics-root-mean-square",
        hint: "you used √(E‖a‖²) (the root mean square) where the mean norm E‖a‖ is meant: the "
            + "scale is √d / E‖a‖.")
    public static let statisticsScaleInverted = KnownMistake(
        id: "statistics-scale-inverted",
        hint: "the scale multiplies the activations to bring E‖a‖ to √d, so it is √d / E‖a‖, not "
            + "E‖a‖ / √d.")
    public static let statisticsSampleDeviation = KnownMistake(
        id: "statistics-sample-deviation",
        hint: "use the population standard deviation (divide by N, not N − 1).")
    public static let statisticsColumnNorms = KnownMistake(
        id: "statistics-column-norms",
        hint: "‖a‖ is the norm of each sample, a row of the matrix; you took norms of the columns.")
    public static let statisticsScaleWithoutRoot = KnownMistake(
        id: "statistics-scale-without-root",
        hint: "the target mean norm is √d (the norm of a vector of d entries of size 1), not d: "
            + "the scale is √d / E‖a‖.")
    public static let statisticsZeroSamplesSkipped = KnownMistake(
        id: "statistics-zero-samples-skipped",
        hint: "every sample counts, including one that is all zero (its ‖a‖ is 0): the mean and "
            + "the standard deviation are over all N rows.")
    public static let statisticsScaleEpsilon = KnownMistake(
        id: "statistics-scale-epsilon",
        hint: "no epsilon in the scale: it is √d / E‖a‖ exactly, and for activations of size 1e-8 "
            + "an ε of 1e-8 halves it. The one case that needs care, E‖a‖ = 0, has its own rule: "
            + "scale 1.")
}

// MARK: - Reproducing the statistics mistakes

enum MistakenStatistics {
    typealias Statistics = ActivationStatistics

    /// Each mistake, from the norms the learner would compute and SAEKit's statistics.
    static var variants: [MistakeVariant<Matrix, Statistics>] {
        let root = { (a: Matrix) in Double(a.cols).squareRoot() }
        func variant(_ mistake: KnownMistake,
                     _ make: @escaping (Matrix, [Double], Statistics) -> Statistics)
            -> MistakeVariant<Matrix, Statistics> {
            MistakeVariant(mistake: mistake) { a in
                make(a, a.rowNorms, Statistics(activations: a))
            }
        }
        func mean(_ values: [Double]) -> Double { Step2Grader.mean(values) }
        /// The population standard deviation about `center`.
        func deviation(_ values: [Double], about center: Double, dividedBy count: Int) -> Double {
            (values.reduce(0) { $0 + ($1 - center) * ($1 - center) } / Double(count)).squareRoot()
        }
        var variants = [
            variant(Mistakes.statisticsSquaredNorm) { a, norms, reference in
                let squared = mean(norms.map { $0 * $0 })
                return Statistics(meanNorm: squared,
                                  normStandardDeviation: reference.normStandardDeviation,
                                  normalisationScale: root(a) / squared)
            },
            variant(Mistakes.statisticsRootMeanSquare) { a, norms, reference in
                let rms = mean(norms.map { $0 * $0 }).squareRoot()
                return Statistics(meanNorm: rms,
                                  normStandardDeviation: reference.normStandardDeviation,
                                  normalisationScale: root(a) / rms)
            },
            variant(Mistakes.statisticsScaleInverted) { a, _, reference in
                var mistaken = reference
                mistaken.normalisationScale = reference.meanNorm / root(a)
                return mistaken
            },
            variant(Mistakes.statisticsSampleDeviation) { _, norms, reference in
                var mistaken = reference
                mistaken.normStandardDeviation = deviation(norms, about: mean(norms),
                                                           dividedBy: norms.count - 1)
                return mistaken
            },
            variant(Mistakes.statisticsColumnNorms) { a, _, _ in
                let columns = Statistics(activations: a.transposed)
                return Statistics(meanNorm: columns.meanNorm,
                                  normStandardDeviation: columns.normStandardDeviation,
                                  normalisationScale: root(a) / columns.meanNorm)
            },
            variant(Mistakes.statisticsScaleWithoutRoot) { a, _, reference in
                var mistaken = reference
                mistaken.normalisationScale = Double(a.cols) / reference.meanNorm
                return mistaken
            },
            variant(Mistakes.statisticsZeroSamplesSkipped) { a, norms, _ in
                let nonZero = norms.filter { $0 != 0 }
                let m = mean(nonZero)
                let sd = deviation(nonZero, about: m, dividedBy: nonZero.count)
                return Statistics(meanNorm: m, normStandardDeviation: sd,
                                  normalisationScale: root(a) / m)
            },
        ]
        // A "safe" division: √d / (E‖a‖ + ε) or √d / max(E‖a‖, ε), for the usual choices of ε.
        for epsilon in [1e-12, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5] {
            for plus in [true, false] {
                variants.append(variant(Mistakes.statisticsScaleEpsilon) { a, _, reference in
                    var mistaken = reference
                    let m = reference.meanNorm
                    mistaken.normalisationScale = root(a) / (plus ? m + epsilon : max(m, epsilon))
                    return mistaken
                })
            }
        }
        return variants
    }
}
