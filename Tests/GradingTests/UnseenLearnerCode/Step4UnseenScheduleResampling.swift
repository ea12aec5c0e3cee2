// Learner code the project has never seen, for exercises 4.3 (schedule) and 4.4 (resampling), from
// Chapters/04-training.md.

import Foundation
import SAEKit

extension Step4Unseen {
    // MARK: - 4.3 schedule

    /// correct: the doc comment's formula, with a guard for an empty cosine span.
    static func scheduleLiteral(_ step: Int, _ s: LearningRateSchedule) -> Double {
        if step < s.warmupSteps { return s.learningRate * Double(step + 1) / Double(s.warmupSteps) }
        if s.decay == .constant { return s.learningRate }
        let span = Double(s.totalSteps - 1 - s.warmupSteps)
        let p = span > 0 ? Double(step - s.warmupSteps) / span : 0
        let floor = s.finalFraction * s.learningRate
        return floor + (s.learningRate - floor) * 0.5 * (1 + cos(Double.pi * p))
    }

    /// correct: ½(1 + cos πp) written as cos²(πp/2), and lr·(f + (1 − f)·…) for the floor;
    /// a switch.
    static func scheduleCosSquared(_ step: Int, _ s: LearningRateSchedule) -> Double {
        let lr = s.learningRate
        switch (step < s.warmupSteps, s.decay) {
        case (true, _): return lr / Double(s.warmupSteps) * Double(step + 1)
        case (false, .constant): return lr
        case (false, .cosine):
            let span = s.totalSteps - 1 - s.warmupSteps
            let p = span == 0 ? 0 : Double(step - s.warmupSteps) / Double(span)
            let c = cos(Double.pi * p / 2)
            return lr * (s.finalFraction + (1 - s.finalFraction) * c * c)
        }
    }

    /// wrong: the warm-up starts at 0 (lr·step/warmup), so step 0 has no learning rate.
    static func scheduleWarmupFromZero(_ step: Int, _ s: LearningRateSchedule) -> Double {
        step < s.warmupSteps ? s.learningRate * Double(step) / Double(s.warmupSteps)
            : scheduleLiteral(step, s)
    }

    /// wrong: the cosine spans totalSteps − warmupSteps, so the floor is never reached.
    static func scheduleSpanOffByOne(_ step: Int, _ s: LearningRateSchedule) -> Double {
        guard step >= s.warmupSteps, s.decay == .cosine else { return scheduleLiteral(step, s) }
        let p = Double(step - s.warmupSteps) / Double(s.totalSteps - s.warmupSteps)
        let floor = s.finalFraction * s.learningRate
        return floor + (s.learningRate - floor) * 0.5 * (1 + cos(Double.pi * p))
    }

    /// wrong: decays to 0, ignoring finalFraction.
    static func scheduleIgnoresFloor(_ step: Int, _ s: LearningRateSchedule) -> Double {
        var noFloor = s
        noFloor.finalFraction = 0
        return scheduleLiteral(step, noFloor)
    }

    /// wrong: the cosine's progress counted from step 0, not from the end of warm-up.
    static func scheduleProgressFromZero(_ step: Int, _ s: LearningRateSchedule) -> Double {
        guard step >= s.warmupSteps, s.decay == .cosine else { return scheduleLiteral(step, s) }
        let p = Double(step) / Double(s.totalSteps - 1)
        let floor = s.finalFraction * s.learningRate
        return floor + (s.learningRate - floor) * 0.5 * (1 + cos(Double.pi * p))
    }

    /// wrong: always the cosine, even with decay == .constant.
    static func scheduleIgnoresConstant(_ step: Int, _ s: LearningRateSchedule) -> Double {
        var cosine = s
        cosine.decay = .cosine
        return scheduleLiteral(step, cosine)
    }

    /// wrong: integer division in the warm-up, (step + 1) / warmupSteps is 0 until its last step.
    static func scheduleIntegerWarmup(_ step: Int, _ s: LearningRateSchedule) -> Double {
        step < s.warmupSteps
            ? s.learningRate * Double((step + 1) / s.warmupSteps) : scheduleLiteral(step, s)
    }

    /// wrong: `step <= warmupSteps` takes the warm-up formula one step too far (above the peak).
    static func scheduleWarmupBoundary(_ step: Int, _ s: LearningRateSchedule) -> Double {
        step <= s.warmupSteps && s.warmupSteps > 0
            ? s.learningRate * Double(step + 1) / Double(s.warmupSteps) : scheduleLiteral(step, s)
    }

    /// wrong: adds the floor on top of the full cosine (peaks at lr + floor).
    static func scheduleFloorAdded(_ step: Int, _ s: LearningRateSchedule) -> Double {
        guard step >= s.warmupSteps, s.decay == .cosine else { return scheduleLiteral(step, s) }
        let span = Double(max(1, s.totalSteps - 1 - s.warmupSteps))
        let p = Double(step - s.warmupSteps) / span
        return s.finalFraction * s.learningRate + s.learningRate * 0.5 * (1 + cos(Double.pi * p))
    }

    // MARK: - 4.4 resampling

    /// What a learner's resampling varies.
    struct ResampleChoices {
        var scaleOverAllLatents = false
        var scaleFromDecoder = false
        var normaliseEncoder = true
        var resetBias = true
        var deadAtMost = 0
        var reportSlots = false
        var scaleFromEncoderRows = false
    }

    /// The doc comment, literally (with its two rules: no alive latent → mean 1; a zero replacement
    /// row → that latent left as it is), with `choices` to go wrong in one place.
    // firingCounts: [h]  replacements: [#dead, d]
    static func resample(
        _ sae: SparseAutoencoder, _ counts: [Int], _ replacements: Matrix, _ scale: Double,
        _ choices: ResampleChoices = ResampleChoices()
    ) -> ResampledAutoencoder {
        let dead = counts.indices.filter { counts[$0] <= choices.deadAtMost }
        let considered = choices.scaleOverAllLatents ? Array(counts.indices)
            : counts.indices.filter { counts[$0] > 0 }
        let norms = choices.scaleFromDecoder ? sae.W_dec.rowNorms
            : choices.scaleFromEncoderRows ? sae.W_enc.rowNorms : sae.W_enc.columnNorms
        let used = choices.scaleFromEncoderRows ? Array(norms.indices) : considered
        let meanNorm = used.isEmpty ? 1 : used.map { norms[$0] }.reduce(0, +) / Double(used.count)
        var out = sae
        var resampled: [Int] = []
        for (k, j) in dead.enumerated() where k < replacements.rows {
            let r = replacements.row(k)
            let length = dot(r, r).squareRoot()
            if length == 0 { continue }              // the stub's rule: no direction, left as it is
            for c in r.indices {
                out.W_dec[j, c] = r[c] / length
                out.W_enc[c, j] =
                    (choices.normaliseEncoder ? r[c] / length : r[c]) * scale * meanNorm
            }
            if choices.resetBias { out.b_enc[j] = 0 }
            resampled.append(choices.reportSlots ? k : j)
        }
        return ResampledAutoencoder(autoencoder: out, resampled: resampled)
    }

    /// correct: the doc comment, literally.
    static func resampleLiteral(_ sae: SparseAutoencoder, _ counts: [Int], _ replacements: Matrix,
                                _ scale: Double) -> ResampledAutoencoder {
        resample(sae, counts, replacements, scale)
    }

    /// correct: written with whole rows and columns: a unit-row matrix of replacements, a zipped
    /// loop.
    static func resampleRowsAndColumns(
        _ sae: SparseAutoencoder, _ counts: [Int], _ replacements: Matrix,
        _ scale: Double
    ) -> ResampledAutoencoder {
        var unit = replacements
        unit.normaliseRows()
        let columnNorms = sae.W_enc.columnNorms
        let aliveNorms = zip(counts, columnNorms).filter { $0.0 != 0 }.map(\.1)
        let meanAlive = aliveNorms.isEmpty ? 1 : aliveNorms.reduce(0, +) / Double(aliveNorms.count)
        var W_enc = sae.W_enc, W_dec = sae.W_dec, b_enc = sae.b_enc
        let deadLatents = counts.enumerated().filter { $0.element == 0 }.map(\.offset)
        var resampled: [Int] = []
        for (row, latent) in zip(0..<unit.rows, deadLatents)
        where unit.row(row).contains(where: { $0 != 0 }) {
            resampled.append(latent)
            for c in 0..<unit.cols {
                W_dec[latent, c] = unit[row, c]
                W_enc[c, latent] = unit[row, c] * scale * meanAlive
            }
            b_enc[latent] = 0
        }
        let result = SparseAutoencoder(W_enc: W_enc, b_enc: b_enc, W_dec: W_dec, b_dec: sae.b_dec,
                                       activation: sae.activation)
        return ResampledAutoencoder(autoencoder: result, resampled: resampled)
    }

    /// wrong: the encoder scale averages every latent's encoder norm, dead ones included.
    static func resampleScaleOverAll(_ sae: SparseAutoencoder, _ c: [Int], _ r: Matrix,
                                     _ s: Double) -> ResampledAutoencoder {
        resample(sae, c, r, s, ResampleChoices(scaleOverAllLatents: true))
    }

    /// wrong: the scale from the decoder rows' norms (about 1) instead of the encoder columns'.
    static func resampleScaleFromDecoder(_ sae: SparseAutoencoder, _ c: [Int], _ r: Matrix,
                                         _ s: Double) -> ResampledAutoencoder {
        resample(sae, c, r, s, ResampleChoices(scaleFromDecoder: true))
    }

    /// wrong: the encoder column is r × scale × mean, without dividing by ‖r‖.
    static func resampleEncoderNotNormalised(_ sae: SparseAutoencoder, _ c: [Int], _ r: Matrix,
                                             _ s: Double) -> ResampledAutoencoder {
        resample(sae, c, r, s, ResampleChoices(normaliseEncoder: false))
    }

    /// wrong: leaves the dead latents' encoder biases as they were.
    static func resampleKeepsBias(_ sae: SparseAutoencoder, _ c: [Int], _ r: Matrix,
                                  _ s: Double) -> ResampledAutoencoder {
        resample(sae, c, r, s, ResampleChoices(resetBias: false))
    }

    /// wrong: counts a latent that fired once as dead too.
    static func resampleFiredOnceIsDead(_ sae: SparseAutoencoder, _ c: [Int], _ r: Matrix,
                                        _ s: Double) -> ResampledAutoencoder {
        resample(sae, c, r, s, ResampleChoices(deadAtMost: 1))
    }

    /// wrong: reports the replacement slots 0, 1, … instead of the latents' indices.
    static func resampleReportsSlots(_ sae: SparseAutoencoder, _ c: [Int], _ r: Matrix,
                                     _ s: Double) -> ResampledAutoencoder {
        resample(sae, c, r, s, ResampleChoices(reportSlots: true))
    }

    /// wrong: the scale from W_enc's rows (one per input dimension) instead of its columns.
    static func resampleScaleFromEncoderRows(_ sae: SparseAutoencoder, _ c: [Int], _ r: Matrix,
                                             _ s: Double) -> ResampledAutoencoder {
        resample(sae, c, r, s, ResampleChoices(scaleFromEncoderRows: true))
    }
}
