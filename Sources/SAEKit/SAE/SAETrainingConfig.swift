// Every choice the SAE trainer makes, with its default. Each is a flag of step 4.

/// How an SAE is trained.
public struct SAETrainingConfig: Sendable, Equatable {
    /// h, the number of latents.
    public var latents: Int
    /// λ, the L1 coefficient.
    public var l1Coefficient: Double
    public var steps = 10_000
    public var batchSize = 1024
    /// Peak learning rate (Adam).
    public var learningRate = 3e-3
    /// Linear warm-up steps before the peak.
    public var warmupSteps = 500
    /// Decay after warm-up (cosine to `finalLearningRateFraction` of the peak).
    public var decay: LearningRateSchedule.Decay = .cosine
    public var finalLearningRateFraction = 0.0
    /// λ rises linearly from 0 over these steps (0: no warm-up).
    public var l1WarmupSteps = 0
    /// Keep decoder rows at unit norm (and remove the gradient's parallel component first).
    public var unitNormDecoder = true
    /// A latent that has not fired for this many steps counts as dead.
    public var deadWindow = 1000
    /// Resample dead latents every this many steps (0: never)…
    public var resampleEvery = 2000
    /// …until this fraction of training.
    public var resampleUntil = 0.6
    /// Resampled encoder columns get this times the mean alive encoder norm.
    public var resampleEncoderScale = 0.2
    /// Inputs scored by loss² when choosing resampling targets.
    public var resamplePool = 8192
    /// The activation while training: `.relu` for the L1 SAE, `.topK(k)` (Gao et al. 2024) or
    /// `.batchTopK(k)` (Bussmann et al. 2024; it ends as the JumpReLU its threshold implies).
    public var activation: SAEActivation = .relu
    /// AuxK: the dead latents that reconstruct the residual, per sample (k_aux).
    public var auxK = 8
    /// AuxK: the auxiliary loss's coefficient α (0 turns AuxK off).
    public var auxKCoefficient = 1.0 / 32

    public init(latents: Int, l1Coefficient: Double) {
        self.latents = latents
        self.l1Coefficient = l1Coefficient
    }

    /// The learning-rate schedule these settings imply.
    public var schedule: LearningRateSchedule {
        LearningRateSchedule(
            learningRate: learningRate, totalSteps: steps, warmupSteps: warmupSteps, decay: decay,
            finalFraction: finalLearningRateFraction)
    }

    /// λ at `step`, after its warm-up.
    public func l1Coefficient(at step: Int) -> Double {
        l1WarmupSteps > 0
            ? l1Coefficient * min(1, Double(step + 1) / Double(l1WarmupSteps)) : l1Coefficient
    }

    /// True when `step` (1-based, after the update) is a resampling step.
    public func resamples(after step: Int) -> Bool {
        resampleEvery > 0 && step % resampleEvery == 0
            && Double(step) <= resampleUntil * Double(steps)
    }

    public var record: [(String, JSONValue)] {
        var record: [(String, JSONValue)] = [
            ("latents", .int(latents)), ("l1_coefficient", .number(l1Coefficient)),
            ("steps", .int(steps)),
            ("batch_size", .int(batchSize)), ("learning_rate", .number(learningRate)),
            ("warmup_steps", .int(warmupSteps)),
            ("lr_decay", .string(decay.rawValue)),
            ("final_lr_fraction", .number(finalLearningRateFraction)),
            ("l1_warmup_steps", .int(l1WarmupSteps)), ("unit_norm_decoder", .bool(unitNormDecoder)),
            ("dead_window", .int(deadWindow)),
            ("resample_every", .int(resampleEvery)), ("resample_until", .number(resampleUntil)),
            ("resample_encoder_scale", .number(resampleEncoderScale)),
            ("resample_pool", .int(resamplePool))
        ]
        switch activation {
        case .relu, .jumpReLU: break
        case let .topK(k): record += [("architecture", .string("topk")), ("k", .int(k))]
        case let .batchTopK(k):
            record += [("architecture", .string("batchtopk")), ("k", .number(k))]
        }
        if activation != .relu {
            record += [("aux_k", .int(auxK)), ("aux_k_coefficient", .number(auxKCoefficient))]
        }
        return record
    }
}
