// The mistakes step 2's grader recognises, each with the hint it prints.

import SAEKit

extension Mistakes {
    // MARK: - 2.1

    public static let samplerForgotMask = KnownMistake(id: "sampler-forgot-mask",
        hint: "every feature is on in (nearly) every sample: draw the on/off decision first, and give a feature a magnitude only when it is on.")
    public static let samplerProbabilityOfOff = KnownMistake(id: "sampler-probability-of-off",
        hint: "each feature is on about 1 − p of the time: a feature is on when the uniform draw is below p (generator.bernoulli(p)), not above it.")
    public static let samplerConstantMagnitude = KnownMistake(id: "sampler-constant-magnitude",
        hint: "an active feature's value must be uniform in [0, 1), not a constant: draw generator.uniform() for it.")
    public static let samplerSharedDraw = KnownMistake(id: "sampler-shared-draw",
        hint: "features must be on independently: draw a fresh random number for each feature of each sample, not one per sample.")
    public static let samplerRepeatedRows = KnownMistake(id: "sampler-repeated-rows",
        hint: "samples must be independent: draw every row afresh instead of reusing one.")
    public static let samplerNotSeeded = KnownMistake(id: "sampler-not-seeded",
        hint: "use only `generator` for randomness (not Double.random or a generator of your own): the same seed must give the same batch.")

    // MARK: - 2.2

    public static let hiddenTimesWTransposeSide = KnownMistake(id: "hidden-wrong-side",
        hint: "h = W x: with one sample per row that is x·Wᵀ (matmulTransposed). You multiplied by W the other way round.")
    public static let hiddenWithReLU = KnownMistake(id: "hidden-with-relu",
        hint: "the toy model's hidden layer is linear: h = W x with no ReLU (the ReLU comes after the read-out).")
    public static let hiddenReturnedReconstruction = KnownMistake(id: "hidden-returned-reconstruction",
        hint: "h has one entry per hidden dimension, [B, m]; x·WᵀW is the read-out back in feature space, [B, n].")

    // MARK: - 2.3

    public static let statisticsSquaredNorm = KnownMistake(id: "statistics-squared-norm",
        hint: "use E‖a‖, the mean of the norms, where you used E‖a‖² (the mean squared norm): the scale is √d / E‖a‖.")
    public static let statisticsRootMeanSquare = KnownMistake(id: "statistics-root-mean-square",
        hint: "you used √(E‖a‖²) (the root mean square) where the mean norm E‖a‖ is meant: the scale is √d / E‖a‖.")
    public static let statisticsScaleInverted = KnownMistake(id: "statistics-scale-inverted",
        hint: "the scale multiplies the activations to bring E‖a‖ to √d, so it is √d / E‖a‖, not E‖a‖ / √d.")
    public static let statisticsSampleDeviation = KnownMistake(id: "statistics-sample-deviation",
        hint: "use the population standard deviation (divide by N, not N − 1).")
    public static let statisticsColumnNorms = KnownMistake(id: "statistics-column-norms",
        hint: "‖a‖ is the norm of each sample, a row of the matrix; you took norms of the columns.")
}
