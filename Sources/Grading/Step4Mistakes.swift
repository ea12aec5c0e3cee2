// The mistakes step 4's grader recognises.

import SAEKit

extension Mistakes {
    // MARK: - 4.1

    public static let adamWithoutBiasCorrection = KnownMistake(id: "adam-without-bias-correction",
        hint: "divide the moments by (1 − β₁ᵗ) and (1 − β₂ᵗ): m and v start at 0 and "
            + "underestimate early on, v (β₂ = 0.999) far more than m, so without the correction "
            + "the first steps are too large — about 3.2× the learning rate at t = 1 with β = "
            + "(0.9, 0.999).")
    public static let adamEpsilonInsideRoot = KnownMistake(id: "adam-epsilon-inside-root",
        hint: "ε goes outside the square root: m̂ / (√v̂ + ε), not m̂ / √(v̂ + ε).")
    public static let adamCoupledWeightDecay = KnownMistake(id: "adam-coupled-weight-decay",
        hint: "AdamW decouples weight decay: subtract lr·wd·θ directly instead of adding wd·θ to "
            + "the gradient before the moments.")
    public static let adamBiasCorrectionOffByOne = KnownMistake(
        id: "adam-bias-correction-off-by-one",
        hint: "the bias correction uses the step count after it is increased: t = 1 at the first "
            + "update. With t − 1 the first update divides by 1 − β⁰ = 0, which makes θ NaN.")
    public static let adamCorrectedMomentsStored = KnownMistake(id: "adam-corrected-moments-stored",
        hint: "keep m and v as the plain running averages: m̂ and v̂ are for this update only. "
            + "Stored back, they are corrected again at every later step.")
    public static let adamBetaSwapped = KnownMistake(id: "adam-beta-swapped",
        hint: "the running averages keep β of the old value: m ← β₁m + (1 − β₁)g and v ← β₂v + (1 "
            + "− β₂)g², not the other way round.")
    public static let adamWeightDecayWithoutLearningRate = KnownMistake(
        id: "adam-weight-decay-without-learning-rate",
        hint: "the weight decay is inside the learning rate's bracket: θ ← θ − lr·(m̂/(√v̂ + ε) + "
            + "wd·θ). You subtracted wd·θ without the lr.")
    public static let adamWeightDecayIgnored = KnownMistake(id: "adam-weight-decay-ignored",
        hint: "apply the weight decay too: θ ← θ − lr·(m̂/(√v̂ + ε) + wd·θ). It is 0 for the SAE, "
            + "but not in every case (chapter 1's AdamW uses it).")
    public static let adamWithoutEpsilon = KnownMistake(id: "adam-without-epsilon",
        hint: "add ε to the denominator: m̂ / (√v̂ + ε). Without it, a parameter whose gradient "
            + "has always been 0 (a dead latent's weight) gets 0/0 = NaN.")

    // MARK: - 4.2

    public static let normalisedColumns = KnownMistake(id: "normalised-columns",
        hint: "each latent's direction is a row of W_dec [h, d]: normalise the rows, not the "
            + "columns.")
    public static let projectedWrongAxis = KnownMistake(id: "projected-wrong-axis",
        hint: "remove from each row g_j its component along the same row w_j of the decoder; you "
            + "projected along the columns.")
    public static let returnedParallelComponent = KnownMistake(id: "returned-parallel-component",
        hint: "return g − (g·w)w, what is left after removing the parallel part, not the parallel "
            + "part (g·w)w itself.")
    public static let projectedOnEveryRow = KnownMistake(id: "projected-on-every-row",
        hint: "remove from g_j only its component along its own row w_j: G·Wᵀ holds every pair's "
            + "dot product g_j·w_k, and only the diagonal ones (k = j) belong in the projection.")
    public static let normalisedBySquaredNorm = KnownMistake(id: "normalised-by-squared-norm",
        hint: "divide each row by its norm ‖w‖ = √(Σ w²), not by the sum of squares: the rows "
            + "must end with norm 1.")
    public static let normalisedWithEpsilon = KnownMistake(id: "normalised-with-epsilon",
        hint: "divide by ‖w‖ itself: ‖w‖ + ε leaves a row short of norm 1 (a row of norm 5e-9 "
            + "ends far from it). To keep a zero row from dividing by 0, test for ‖w‖ = 0 instead.")
    public static let zeroRowDividedByZero = KnownMistake(id: "zero-row-divided-by-zero",
        hint: "a zero row has no direction to keep: leave it as it is. Dividing it by its norm is "
            + "0/0, NaN.")

    // MARK: - 4.3

    public static let warmupFromZero = KnownMistake(id: "warmup-from-zero",
        hint: "warm-up reaches lr·(step + 1)/warmupSteps, so the first step is not 0 and the peak "
            + "falls on the last warm-up step.")
    public static let cosineIgnoresWarmup = KnownMistake(id: "cosine-ignores-warmup",
        hint: "the cosine starts after warm-up: p = (step − warmupSteps)/(totalSteps − 1 − "
            + "warmupSteps), not step/(totalSteps − 1).")
    public static let cosineIgnoresFloor = KnownMistake(id: "cosine-ignores-floor",
        hint: "the cosine ends at finalFraction·lr, not at 0: floor + (lr − floor)·½(1 + cos πp).")
    public static let cosineOverTotalSteps = KnownMistake(id: "cosine-over-total-steps",
        hint: "the cosine reaches the floor at the last step, totalSteps − 1: divide by "
            + "totalSteps − 1 − warmupSteps, not totalSteps − warmupSteps.")
    public static let quarterCosine = KnownMistake(id: "quarter-cosine",
        hint: "the decay is half a cosine period, ½(1 + cos πp), from 1 at p = 0 to 0 at p = 1; "
            + "cos(πp/2) is a quarter period, which falls more slowly at first.")
    public static let floorNotScaled = KnownMistake(id: "floor-not-scaled",
        hint: "finalFraction is a fraction of the peak: the floor is finalFraction·lr, not "
            + "finalFraction.")
    public static let decayIgnored = KnownMistake(id: "decay-ignored",
        hint: "with decay == .constant the rate stays at the peak after warm-up: check "
            + "schedule.decay before decaying.")
    public static let progressDividesByZero = KnownMistake(id: "progress-divides-by-zero",
        hint: "when only one step follows the warm-up, totalSteps − 1 − warmupSteps is 0 and p = "
            + "0/0 (NaN): that step is the peak, p = 0.")

    // MARK: - 4.4

    public static let resampledAlive = KnownMistake(id: "resampled-alive",
        hint: "resample only the dead latents (firing count 0); latents that fired must keep "
            + "their weights.")
    public static let resampledRareCountedDead = KnownMistake(id: "resampled-rare-counted-dead",
        hint: "dead means a firing count of 0 over the window; a latent that fired even once is "
            + "alive (rare, not dead): it keeps its weights and counts in the mean alive norm.")
    public static let resampledDecoderNotNormalised = KnownMistake(
        id: "resampled-decoder-not-normalised",
        hint: "the new decoder row is the replacement input divided by its norm.")
    public static let resampledEncoderNotScaled = KnownMistake(id: "resampled-encoder-not-scaled",
        hint: "the new encoder column is r/‖r‖ × encoderScale × the mean norm of the alive "
            + "latents' encoder columns.")
    public static let resampledBiasKept = KnownMistake(id: "resampled-bias-kept",
        hint: "reset the resampled latent's encoder bias to 0.")
    public static let resampledEncoderWithoutAliveNorm = KnownMistake(
        id: "resampled-encoder-without-alive-norm",
        hint: "scale the new encoder column by encoderScale and also by the mean norm of the "
            + "alive latents' encoder columns: r/‖r‖ × encoderScale × that mean. You used "
            + "encoderScale alone.")
    public static let resampledMeanNormOverAll = KnownMistake(id: "resampled-mean-norm-over-all",
        hint: "average the encoder column norms of the alive latents only (firing count > 0); the "
            + "dead latents' columns stay out of the mean.")
    public static let resampledEncoderNotNormalised = KnownMistake(
        id: "resampled-encoder-not-normalised",
        hint: "the new encoder column starts from the unit direction r/‖r‖, like the decoder row, "
            + "before it is scaled: r/‖r‖ × encoderScale × the mean alive norm.")
    public static let resampledZeroReplacement = KnownMistake(id: "resampled-zero-replacement",
        hint: "a zero replacement row has no direction (r/‖r‖ is 0/0): leave that latent as it is "
            + "and out of the list; the next dead latent still takes the next row.")
    public static let resampledNoAliveLatents = KnownMistake(id: "resampled-no-alive-latents",
        hint: "when every latent is dead there is no alive norm to average: take the mean as 1.")
}
