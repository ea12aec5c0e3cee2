// Training that stops being finite. The trainer checks the loss and the gradients before every
// update and the parameters after it; at the first non-finite value it stops, keeps the last finite
// weights, and says where it happened. Steps turn that into one line with the likely cause and what
// to try, and write nothing, so the artifacts of the last good run stay on disk.

/// Where training stopped: the step and the first quantity that was not finite.
public struct TrainingDivergence: Sendable, Equatable {
    /// The 1-based step at which it was seen.
    public var step: Int
    public var totalSteps: Int
    /// What was not finite, e.g. "the loss", "the gradient of W_enc", "W_dec after the update".
    public var quantity: String
    /// The offending value (NaN or ±∞).
    public var value: Double

    /// The first non-finite loss term or gradient entry of a training step, if any.
    // result: loss terms and gradients (∂W_enc [d, h], ∂b_enc [h], ∂W_dec [h, d], ∂b_dec [d])
    static func check(_ result: SAEStep, step: Int, of totalSteps: Int) -> TrainingDivergence? {
        let (t, g) = (result.terms, result.gradients)
        if FaultInjection.nanLossStep == nil, (t.reconstruction + t.l1 + t.auxK + t.total).isFinite,
           // the usual case, quickly
            allFinite(g.W_enc.values), allFinite(g.b_enc), allFinite(g.W_dec.values),
            allFinite(g.b_dec)
        {
            return nil
        }
        return check(
            [
                ("the reconstruction loss", [t.reconstruction]), ("the L1 penalty", [t.l1]),
                ("the AuxK loss", [t.auxK]), ("the loss", [t.total]),
                ("the gradient of W_enc", g.W_enc.values), ("the gradient of b_enc", g.b_enc),
                ("the gradient of W_dec", g.W_dec.values), ("the gradient of b_dec", g.b_dec)
            ], step: step, of: totalSteps)
    }

    /// The first non-finite entry among named values (the loss first), if any.
    public static func check(
        _ named: [(String, [Double])], step: Int, of totalSteps: Int
    ) -> TrainingDivergence? {
        // tests only (FaultInjection.swift)
        if FaultInjection.nanLossStep == step, let first = named.first {
            return TrainingDivergence(
                step: step, totalSteps: totalSteps, quantity: first.0, value: .nan)
        }
        for (name, values) in named {
            if let bad = values.first(where: { !$0.isFinite }) {
                return TrainingDivergence(
                    step: step, totalSteps: totalSteps, quantity: name, value: bad)
            }
        }
        return nil
    }

    /// The first non-finite parameter of `sae` after an update, if any.
    static func check(
        _ sae: SparseAutoencoder, step: Int, of totalSteps: Int
    ) -> TrainingDivergence? {
        if FaultInjection.nanLossStep == nil, allFinite(sae.W_enc.values), allFinite(sae.b_enc),
            allFinite(sae.W_dec.values), allFinite(sae.b_dec)
        {
            return nil
        }
        return check(
            [
                ("W_enc after the update", sae.W_enc.values), ("b_enc after the update", sae.b_enc),
                ("W_dec after the update", sae.W_dec.values), ("b_dec after the update", sae.b_dec)
            ], step: step, of: totalSteps)
    }

    /// Whether every entry is finite: x − x is 0 for a finite x and NaN for ±∞ or NaN, and a NaN
    /// anywhere makes the sum NaN. Four lanes at a time; a training step calls it on every
    /// parameter.
    // values: [n]
    static func allFinite(_ values: [Double]) -> Bool {
        values.withUnsafeBufferPointer { x in
            var sum = SIMD4<Double>.zero, i = 0
            while i + 4 <= x.count {
                let v = UnsafeRawPointer(x.baseAddress! + i).loadUnaligned(as: SIMD4<Double>.self)
                sum += v - v
                i += 4
            }
            var tail = 0.0
            while i < x.count { tail += x[i] - x[i]; i += 1 }
            return (sum.sum() + tail).isFinite
        }
    }

    /// One line for the user: where, what, the likely cause and what to try.
    /// - Parameters:
    ///   - command: the step, e.g. "step4".
    ///   - usedLearnerCode: whether the learner's exercises did the maths (`--mine`).
    ///   - exercises: the test filter that grades them, e.g. "Step4Exercises".
    public func explanation(
        command: String, what: String = "training", learningRate: Double,
        defaultLearningRate: Double,
        l1Coefficient: Double?, usedLearnerCode: Bool, exercises: String
    ) -> String {
        let head =
            "\(command): \(what) diverged at step \(step) of \(totalSteps): \(quantity) became "
                + "\(formatCompact(value))"
        let cause: String
        if usedLearnerCode {
            cause =
                "your exercise code (--mine) produced it; run swift test --filter \(exercises), "
                    + "or run without --mine to compare"
        } else if learningRate > defaultLearningRate {
            cause =
                "likely the learning rate: try --lr "
                    + "\(formatCompact(defaultLearningRate, decimals: 8)) (the default; now "
                    + "\(formatCompact(learningRate, decimals: 8)))"
        } else {
            cause =
                "try a smaller --lr (now \(formatCompact(learningRate, decimals: 8)))"
                + (l1Coefficient.map { " or --l1 (now \(formatCompact($0, decimals: 8)))" } ?? "")
        }
        return head + "; " + cause
            + ". Nothing from this run was saved; earlier files are untouched."
    }
}

extension TrainedSAE {
    /// Throws the divergence, explained, if training stopped early.
    public func requireFinite(
        command: String, what: String = "training", usedLearnerCode: Bool, exercises: String
    ) throws(UserError) {
        guard let divergence else { return }
        throw UserError(
            divergence.explanation(
                command: command, what: what, learningRate: config.learningRate,
                defaultLearningRate: SAETrainingConfig(latents: 1, l1Coefficient: 0).learningRate,
                l1Coefficient: config.l1Coefficient,
                usedLearnerCode: usedLearnerCode, exercises: exercises))
    }
}
