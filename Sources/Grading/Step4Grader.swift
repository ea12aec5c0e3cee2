// Grading exercises 4.1–4.4 against SAEKit's optimiser, schedule, decoder constraint and resampling.

import Foundation
import SAEKit

public enum Step4Grader {
    // MARK: - 4.1 Adam

    /// Parameters, a sequence of three gradients, hyperparameters and learning rate.
    struct AdamCase: Sendable {
        var parameter: [Double]
        var gradients: [[Double]]
        var hyperparameters: AdamHyperparameters
        var learningRate: Double
    }

    /// Where three Adam updates leave the parameter and its moments.
    struct AdamTrajectory: ExercisePlaceholder, Sendable {
        var parameter: [Double]
        var moments: AdamMoments
        var untouched = false
        static var placeholder: AdamTrajectory { AdamTrajectory(parameter: [], moments: AdamMoments(count: 0), untouched: true) }
        var isPlaceholder: Bool { untouched }
    }

    static let adamCases: [GradingCase<AdamCase>] = [
        (AdamHyperparameters(), 0.01), (AdamHyperparameters(epsilon: 1e-3), 0.1), (AdamHyperparameters(weightDecay: 0.1), 0.05),
    ].enumerated().map { index, setting in
        var random = SeededGenerator(seed: UInt64(401 + index), stream: "grading")
        let parameter = (0..<5).map { _ in random.normal() }
        let gradients = (0..<3).map { _ in (0..<5).map { _ in random.normal() * 1e-2 } }
        let h = setting.0
        return GradingCase(label: "3 updates of 5 parameters, lr \(setting.1), β₁ \(h.beta1), β₂ \(h.beta2), ε \(h.epsilon), weight decay \(h.weightDecay)",
                           input: AdamCase(parameter: parameter, gradients: gradients, hyperparameters: h, learningRate: setting.1),
                           printedInput: [printed("parameter", parameter)] + gradients.enumerated().map { printed("gradient \($0.offset + 1)", $0.element) })
    }

    static func runAdam(_ c: AdamCase, _ update: (inout [Double], [Double], inout AdamMoments, Double, AdamHyperparameters) -> Void) -> AdamTrajectory {
        var parameter = c.parameter
        var moments = AdamMoments(count: parameter.count)
        for gradient in c.gradients { update(&parameter, gradient, &moments, c.learningRate, c.hyperparameters) }
        return AdamTrajectory(parameter: parameter, moments: moments, untouched: moments.step == 0 && parameter == c.parameter)
    }

    /// Exercise 4.1: Adam with bias correction (and AdamW's decoupled weight decay).
    public static func gradeAdam(_ adam: (_ parameter: inout [Double], _ gradient: [Double], _ moments: inout AdamMoments,
                                          _ learningRate: Double, _ hyperparameters: AdamHyperparameters) -> Void) -> GradeReport {
        let parts = [
            OutputPart<AdamTrajectory>(name: "parameter after 3 updates") { compareVector(expected: $0.parameter, got: $1.parameter, tolerance: .arithmetic) },
            OutputPart<AdamTrajectory>(name: "moments.mean") { compareVector(expected: $0.moments.mean, got: $1.moments.mean, tolerance: .arithmetic) },
            OutputPart<AdamTrajectory>(name: "moments.squaredMean") {
                compareVector(expected: $0.moments.squaredMean, got: $1.moments.squaredMean, tolerance: .arithmetic)
            },
            OutputPart<AdamTrajectory>(name: "moments.step") { $0.moments.step == $1.moments.step ? nil : Mismatch(lines: ["expected \($0.moments.step), got \($1.moments.step)"]) },
        ]
        func variant(_ mistake: KnownMistake, _ update: @escaping (inout [Double], [Double], inout AdamMoments, Double, AdamHyperparameters) -> Void)
            -> MistakeVariant<AdamCase, AdamTrajectory> {
            MistakeVariant(mistake: mistake) { runAdam($0, update) }
        }
        let check = ExerciseCheck<AdamCase, AdamTrajectory>(
            exercise: .adamStep, cases: adamCases,
            reference: { runAdam($0) { adamUpdate(&$0, gradient: $1, moments: &$2, learningRate: $3, hyperparameters: $4) } },
            parts: parts,
            mistakes: [
                variant(Mistakes.adamWithoutBiasCorrection) { MistakenAdam.update(&$0, $1, &$2, $3, $4, mistake: .noBiasCorrection) },
                variant(Mistakes.adamEpsilonInsideRoot) { MistakenAdam.update(&$0, $1, &$2, $3, $4, mistake: .epsilonInsideRoot) },
                variant(Mistakes.adamCoupledWeightDecay) { MistakenAdam.update(&$0, $1, &$2, $3, $4, mistake: .coupledWeightDecay) },
            ])
        return check.grade { runAdam($0, adam) }
    }

    // MARK: - 4.2 Unit-norm decoder

    struct DecoderCase: Sendable {
        var gradient: Matrix
        var decoder: Matrix
        var unnormalised: Matrix
    }

    struct DecoderOutput: ExercisePlaceholder, Sendable {
        var projected: Matrix
        var normalised: Matrix
        static var placeholder: DecoderOutput { DecoderOutput(projected: .placeholder, normalised: .placeholder) }
        var isPlaceholder: Bool { projected.isPlaceholder || normalised.isPlaceholder }
    }

    static let decoderCases: [GradingCase<DecoderCase>] = [(5, 3), (4, 6), (1, 2)].enumerated().map { index, size in
        var random = SeededGenerator(seed: UInt64(421 + index), stream: "grading")
        let unnormalised = Matrix(rows: size.0, cols: size.1) { _, _ in random.normal() * 2 }
        var decoder = Matrix(rows: size.0, cols: size.1) { _, _ in random.normal() }
        decoder.normaliseRows()
        let gradient = Matrix(rows: size.0, cols: size.1) { _, _ in random.normal() }
        return GradingCase(label: "h = \(size.0) latents, d = \(size.1) (seed \(421 + index))",
                           input: DecoderCase(gradient: gradient, decoder: decoder, unnormalised: unnormalised),
                           printedInput: printed("gradient", gradient) + printed("decoder (unit rows)", decoder) + printed("to normalise", unnormalised))
    }

    /// Exercise 4.2: project the decoder gradient, normalise decoder rows.
    public static func gradeUnitNormDecoder(removeParallel: (_ gradient: Matrix, _ decoder: Matrix) -> Matrix,
                                            normalise: (_ decoder: Matrix) -> Matrix) -> GradeReport {
        let reference = { (c: DecoderCase) -> DecoderOutput in
            var normalised = c.unnormalised
            normalised.normaliseRows()
            return DecoderOutput(projected: c.gradient.removingRowComponents(along: c.decoder), normalised: normalised)
        }
        let check = ExerciseCheck<DecoderCase, DecoderOutput>(
            exercise: .unitNormDecoder, cases: decoderCases, reference: reference,
            parts: [OutputPart(name: "removeParallelComponent") { compareMatrix(expected: $0.projected, got: $1.projected, tolerance: .arithmetic) },
                    OutputPart(name: "normaliseDecoderRows") { compareMatrix(expected: $0.normalised, got: $1.normalised, tolerance: .arithmetic) }],
            mistakes: [
                MistakeVariant(mistake: Mistakes.normalisedColumns) { c in
                    var columns = c.unnormalised.transposed
                    columns.normaliseRows()
                    return DecoderOutput(projected: reference(c).projected, normalised: columns.transposed)
                },
                MistakeVariant(mistake: Mistakes.projectedWrongAxis) { c in
                    let g = c.gradient.transposed, w = c.decoder.transposed
                    return DecoderOutput(projected: g.removingRowComponents(along: w).transposed, normalised: reference(c).normalised)
                },
                MistakeVariant(mistake: Mistakes.returnedParallelComponent) { c in
                    DecoderOutput(projected: c.gradient - c.gradient.removingRowComponents(along: c.decoder), normalised: reference(c).normalised)
                },
            ])
        return check.grade { DecoderOutput(projected: removeParallel($0.gradient, $0.decoder), normalised: normalise($0.unnormalised)) }
    }

    // MARK: - 4.3 Schedule

    static let scheduleCases: [GradingCase<LearningRateSchedule>] = [
        LearningRateSchedule(learningRate: 3e-3, totalSteps: 100, warmupSteps: 10, decay: .cosine, finalFraction: 0.1),
        LearningRateSchedule(learningRate: 1, totalSteps: 21, warmupSteps: 0, decay: .cosine, finalFraction: 0),
        LearningRateSchedule(learningRate: 0.5, totalSteps: 30, warmupSteps: 5, decay: .constant, finalFraction: 0),
    ].map { schedule in
        GradingCase(label: "peak \(schedule.learningRate), \(schedule.totalSteps) steps, \(schedule.warmupSteps) warm-up, "
                        + "\(schedule.decay.rawValue) to \(schedule.finalFraction) of the peak; every step 0…\(schedule.totalSteps - 1)",
                    input: schedule, printedInput: [])
    }

    /// Exercise 4.3: warm-up then cosine, checked at every step of three schedules.
    public static func gradeSchedule(_ rate: (_ step: Int, _ schedule: LearningRateSchedule) -> Double) -> GradeReport {
        func rates(_ s: LearningRateSchedule, _ f: (Int) -> Double) -> [Double] { (0..<s.totalSteps).map(f) }
        func cosine(_ s: LearningRateSchedule, progress: Double, floor: Double) -> Double { floor + (s.learningRate - floor) * (1 + cos(.pi * progress)) / 2 }
        let check = ExerciseCheck<LearningRateSchedule, [Double]>(
            exercise: .learningRateSchedule, cases: scheduleCases, reference: { s in rates(s) { s.rate(at: $0) } },
            parts: [OutputPart(name: "rate at each step") { compareVector(expected: $0, got: $1, tolerance: .arithmetic, meaning: "one per step") }],
            mistakes: [
                MistakeVariant(mistake: Mistakes.warmupFromZero) { s in rates(s) { $0 < s.warmupSteps ? s.learningRate * Double($0) / Double(s.warmupSteps) : s.rate(at: $0) } },
                MistakeVariant(mistake: Mistakes.cosineIgnoresWarmup) { s in
                    rates(s) { step in step < s.warmupSteps || s.decay == .constant ? s.rate(at: step)
                        : cosine(s, progress: Double(step) / Double(s.totalSteps - 1), floor: s.finalFraction * s.learningRate) }
                },
                MistakeVariant(mistake: Mistakes.cosineIgnoresFloor) { s in
                    var floorless = s
                    floorless.finalFraction = 0
                    return rates(s) { floorless.rate(at: $0) }
                },
            ])
        return check.grade { s in
            let first = rate(0, s)
            return first.isPlaceholder ? .placeholder : [first] + (1..<s.totalSteps).map { rate($0, s) }
        }
    }

    // MARK: - 4.4 Resampling

    struct ResampleCase: Sendable {
        var sae: SparseAutoencoder
        var firingCounts: [Int]
        var replacements: Matrix
    }

    static let resampleCases: [GradingCase<ResampleCase>] = [([3, 0, 5, 0, 0, 1], 3), ([0, 2, 0, 7], 4), ([4, 4, 1], 2)].enumerated().map { index, setting in
        var random = SeededGenerator(seed: UInt64(441 + index), stream: "grading")
        let (counts, d) = setting
        let h = counts.count
        let sae = SparseAutoencoder(W_enc: Matrix(rows: d, cols: h) { _, _ in random.normal() }, b_enc: (0..<h).map { _ in random.normal() },
                                    W_dec: Matrix(rows: h, cols: d) { _, _ in random.normal() }, b_dec: (0..<d).map { _ in random.normal() })
        let dead = counts.filter { $0 == 0 }.count
        let replacements = Matrix(rows: dead, cols: d) { _, _ in random.normal() * 2 }
        return GradingCase(label: "firing counts \(counts), d = \(d), encoderScale 0.2",
                           input: ResampleCase(sae: sae, firingCounts: counts, replacements: replacements),
                           printedInput: printed("W_enc", sae.W_enc) + [printed("b_enc", sae.b_enc)] + printed("W_dec", sae.W_dec)
                               + printed("replacements", replacements))
    }

    /// Exercise 4.4: resample exactly the dead latents, Bricken et al.'s way.
    public static func gradeResampling(_ resample: (_ sae: SparseAutoencoder, _ firingCounts: [Int], _ replacements: Matrix, _ encoderScale: Double)
        -> ResampledAutoencoder) -> GradeReport {
        let reference = { (c: ResampleCase) in c.sae.resampling(firingCounts: c.firingCounts, replacements: c.replacements, encoderScale: 0.2) }
        let parts = [
            OutputPart<ResampledAutoencoder>(name: "resampled latents") {
                $0.resampled == $1.resampled ? nil : Mismatch(lines: ["expected \($0.resampled), got \($1.resampled)"])
            },
            OutputPart<ResampledAutoencoder>(name: "W_dec") { compareMatrix(expected: $0.autoencoder.W_dec, got: $1.autoencoder.W_dec, tolerance: .arithmetic) },
            OutputPart<ResampledAutoencoder>(name: "W_enc") { compareMatrix(expected: $0.autoencoder.W_enc, got: $1.autoencoder.W_enc, tolerance: .arithmetic) },
            OutputPart<ResampledAutoencoder>(name: "b_enc") { compareVector(expected: $0.autoencoder.b_enc, got: $1.autoencoder.b_enc, tolerance: .arithmetic) },
            OutputPart<ResampledAutoencoder>(name: "b_dec (unchanged)") { compareVector(expected: $0.autoencoder.b_dec, got: $1.autoencoder.b_dec, tolerance: .arithmetic) },
        ]
        let check = ExerciseCheck<ResampleCase, ResampledAutoencoder>(
            exercise: .resampling, cases: resampleCases, reference: reference, parts: parts,
            mistakes: MistakenResampling.allCases.map { variant in MistakeVariant(mistake: variant.mistake) { MistakenResampling.compute(variant, $0) } })
        return check.grade { resample($0.sae, $0.firingCounts, $0.replacements, 0.2) }
    }
}

// MARK: - Reproducing the mistakes

enum MistakenAdam {
    enum Kind { case noBiasCorrection, epsilonInsideRoot, coupledWeightDecay }

    static func update(_ θ: inout [Double], _ g: [Double], _ moments: inout AdamMoments, _ lr: Double, _ h: AdamHyperparameters, mistake: Kind) {
        moments.step += 1
        let t = Double(moments.step)
        for i in θ.indices {
            let gradient = g[i] + (mistake == .coupledWeightDecay ? h.weightDecay * θ[i] : 0)
            moments.mean[i] = h.beta1 * moments.mean[i] + (1 - h.beta1) * gradient
            moments.squaredMean[i] = h.beta2 * moments.squaredMean[i] + (1 - h.beta2) * gradient * gradient
            let correct = mistake != .noBiasCorrection
            let mHat = moments.mean[i] / (correct ? 1 - pow(h.beta1, t) : 1)
            let vHat = moments.squaredMean[i] / (correct ? 1 - pow(h.beta2, t) : 1)
            let denominator = mistake == .epsilonInsideRoot ? (vHat + h.epsilon).squareRoot() : vHat.squareRoot() + h.epsilon
            θ[i] -= lr * (mHat / denominator + (mistake == .coupledWeightDecay ? 0 : h.weightDecay * θ[i]))
        }
    }
}

enum MistakenResampling: CaseIterable {
    case alive, decoderNotNormalised, encoderNotScaled, biasKept

    var mistake: KnownMistake {
        switch self {
        case .alive: Mistakes.resampledAlive
        case .decoderNotNormalised: Mistakes.resampledDecoderNotNormalised
        case .encoderNotScaled: Mistakes.resampledEncoderNotScaled
        case .biasKept: Mistakes.resampledBiasKept
        }
    }

    static func compute(_ variant: MistakenResampling, _ c: Step4Grader.ResampleCase) -> ResampledAutoencoder {
        if variant == .alive {
            // The alive latents taken for the dead ones, replaced in order while replacements last.
            return c.sae.resampling(firingCounts: c.firingCounts.map { $0 > 0 ? 0 : 1 }, replacements: c.replacements, encoderScale: 0.2)
        }
        var outcome = c.sae.resampling(firingCounts: c.firingCounts, replacements: c.replacements, encoderScale: 0.2)
        for (k, j) in outcome.resampled.enumerated() {
            let r = c.replacements.row(k)
            let norm = dot(r, r).squareRoot()
            for col in 0..<c.sae.inputDims {
                switch variant {
                case .decoderNotNormalised: outcome.autoencoder.W_dec[j, col] = r[col]
                case .encoderNotScaled: outcome.autoencoder.W_enc[col, j] = r[col] / norm
                default: break
                }
            }
            if variant == .biasKept { outcome.autoencoder.b_enc[j] = c.sae.b_enc[j] }
        }
        return outcome
    }
}
