// The mistakes step 4's grader recognises.

import SAEKit

extension Mistakes {
    // MARK: - 4.1

    public static let adamWithoutBiasCorrection = KnownMistake(id: "adam-without-bias-correction",
        hint: "divide the moments by (1 − β₁ᵗ) and (1 − β₂ᵗ): m and v start at 0, and without the correction "
            + "the first steps are too large, not too small (v starts further below its value than m, "
            + "so m/√v is about 3.2× too big at t = 1).")
    public static let adamEpsilonInsideRoot = KnownMistake(id: "adam-epsilon-inside-root",
        hint: "ε goes outside the square root: m̂ / (√v̂ + ε), not m̂ / √(v̂ + ε).")
    public static let adamCoupledWeightDecay = KnownMistake(id: "adam-coupled-weight-decay",
        hint: "AdamW decouples weight decay: subtract lr·wd·θ directly instead of adding wd·θ to the gradient before the moments.")

    // MARK: - 4.2

    public static let normalisedColumns = KnownMistake(id: "normalised-columns",
        hint: "each latent's direction is a row of W_dec [h, d]: normalise the rows, not the columns.")
    public static let projectedWrongAxis = KnownMistake(id: "projected-wrong-axis",
        hint: "remove from each row g_j its component along the same row w_j of the decoder; you projected along the columns.")
    public static let returnedParallelComponent = KnownMistake(id: "returned-parallel-component",
        hint: "return g − (g·w)w, what is left after removing the parallel part, not the parallel part (g·w)w itself.")

    // MARK: - 4.3

    public static let warmupFromZero = KnownMistake(id: "warmup-from-zero",
        hint: "warm-up reaches lr·(step + 1)/warmupSteps, so the first step is not 0 and the peak falls on the last warm-up step.")
    public static let cosineIgnoresWarmup = KnownMistake(id: "cosine-ignores-warmup",
        hint: "the cosine starts after warm-up: p = (step − warmupSteps)/(totalSteps − 1 − warmupSteps), not step/(totalSteps − 1).")
    public static let cosineIgnoresFloor = KnownMistake(id: "cosine-ignores-floor",
        hint: "the cosine ends at finalFraction·lr, not at 0: floor + (lr − floor)·½(1 + cos πp).")

    // MARK: - 4.4

    public static let resampledAlive = KnownMistake(id: "resampled-alive",
        hint: "resample only the dead latents (firing count 0); latents that fired must keep their weights.")
    public static let resampledDecoderNotNormalised = KnownMistake(id: "resampled-decoder-not-normalised",
        hint: "the new decoder row is the replacement input divided by its norm.")
    public static let resampledEncoderNotScaled = KnownMistake(id: "resampled-encoder-not-scaled",
        hint: "the new encoder column is r/‖r‖ × encoderScale × the mean norm of the alive latents' encoder columns.")
    public static let resampledBiasKept = KnownMistake(id: "resampled-bias-kept",
        hint: "reset the resampled latent's encoder bias to 0.")
}
