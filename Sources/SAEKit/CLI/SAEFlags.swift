// The SAE training flags, declared once (step 4 trains an L1 SAE with them; step 6 a TopK SAE).

extension SAETrainingConfig {
    /// Declares every SAE training flag on `flags`, with `defaults` (a preset's), and reads them.
    public init(flags: inout FlagParser, defaults: SAETrainingConfig) {
        self = defaults
        flags.section("The SAE")
        latents = flags.int("--latents", default: latents, range: 1...100_000, help: "h, latents")
        l1Coefficient = flags.double(
            "--l1", default: l1Coefficient, range: .closed(0, 1000), help: "λ, the L1 coefficient")
        flags.section("Training")
        steps = flags.int("--steps", default: steps, range: 1...10_000_000, help: "Adam steps")
        batchSize = flags.int(
            "--batch", default: batchSize, range: 1...65_536, help: "samples per step")
        learningRate = flags.double(
            "--lr", default: learningRate, range: .aboveUpTo(0, 1),
            help: "peak learning rate (Adam)")
        warmupSteps = flags.int(
            "--warmup", default: warmupSteps, range: 0...10_000_000,
            help: "linear learning-rate warm-up steps")
        decay = flags.choice(
            "--schedule", default: decay, help: "learning-rate decay after warm-up")
        finalLearningRateFraction = flags.double(
            "--final-lr", default: finalLearningRateFraction, range: .closed(0, 1),
            help: "the cosine ends at this fraction of the peak")
        l1WarmupSteps = flags.int(
            "--l1-warmup", default: l1WarmupSteps, range: 0...10_000_000,
            help: "λ rises linearly from 0 over these steps")
        unitNormDecoder = !flags.flag(
            "--free-decoder-norm",
            help: "do not renormalise decoder rows (to watch the cheat of chapter 3 happen)")
        flags.section("Dead latents")
        deadWindow = flags.int(
            "--dead-window", default: deadWindow, range: 1...10_000_000,
            help: "steps without firing before a latent counts as dead")
        resampleEvery = flags.int(
            "--resample-every", default: resampleEvery, range: 0...10_000_000,
            help: "resample dead latents every N steps (0: never)")
        resampleUntil = flags.double(
            "--resample-until", default: resampleUntil, range: .closed(0, 1),
            help: "…until this fraction of training")
        resampleEncoderScale = flags.double(
            "--resample-scale", default: resampleEncoderScale, range: .closed(0, 10),
            help: "resampled encoder norm, × the mean alive encoder norm")
    }
}
