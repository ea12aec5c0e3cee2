// Grading exercises 4.1–4.4 against SAEKit's optimiser, schedule, decoder constraint and
// resampling.
// The cases are in Step4Cases.swift, the mistakes reproduced in Step4Variants.swift. Outputs are
// compared so that a mistake which divides by 0 (NaN in the same places) is still recognised.

import Foundation
import SAEKit

/// Where a sequence of Adam updates leaves the parameter and its moments.
struct AdamTrajectory: ExercisePlaceholder, Sendable {
    var parameter: [Double]
    var moments: AdamMoments
    var untouched = false
    static var placeholder: AdamTrajectory {
        AdamTrajectory(parameter: [], moments: AdamMoments(count: 0), untouched: true)
    }
    var isPlaceholder: Bool { untouched }
}

public enum Step4Grader {
    /// The learner's Adam step, in the order of `adamStep`'s arguments.
    typealias AdamUpdate = (inout [Double], [Double], inout AdamMoments, Double,
                            AdamHyperparameters) -> Void

    // MARK: - 4.1 Adam

    static func runAdam(_ c: AdamCase, _ update: AdamUpdate) -> AdamTrajectory {
        var parameter = c.parameter
        var moments = c.moments
        for gradient in c.gradients {
            update(&parameter, gradient, &moments, c.learningRate, c.hyperparameters)
        }
        return AdamTrajectory(parameter: parameter, moments: moments,
                              untouched: moments == c.moments && parameter == c.parameter)
    }

    static var adamCheck: ExerciseCheck<AdamCase, AdamTrajectory> {
        func vector(_ name: String, _ value: @escaping (AdamTrajectory) -> [Double])
            -> OutputPart<AdamTrajectory> {
            OutputPart(name: name) {
                compareVectorAllowingNaN(expected: value($0), got: value($1),
                                               tolerance: .arithmetic)
            }
        }
        return ExerciseCheck(
            exercise: .adamStep, cases: Step4Cases.adam,
            reference: { runAdam($0) { adamUpdate(&$0, gradient: $1, moments: &$2, learningRate: $3,
                                                  hyperparameters: $4) } },
            parts: [
                vector("parameter after the updates") { $0.parameter },
                vector("moments.mean") { $0.moments.mean },
                vector("moments.squaredMean") { $0.moments.squaredMean },
                OutputPart(name: "moments.step") {
                    $0.moments.step == $1.moments.step ? nil
                        : Mismatch(lines: ["expected \($0.moments.step), got \($1.moments.step)"])
                },
            ],
            mistakes: MistakenAdam.allCases.map { variant in
                MistakeVariant(mistake: variant.mistake) { runAdam($0, variant.update) }
            },
            scale: Step4Cases.adamScale)
    }

    /// Exercise 4.1: Adam with bias correction (and AdamW's decoupled weight decay).
    public static func gradeAdam(
        _ adam: (_ parameter: inout [Double], _ gradient: [Double], _ moments: inout AdamMoments,
                 _ learningRate: Double, _ hyperparameters: AdamHyperparameters) -> Void
    ) -> GradeReport {
        adamCheck.grade { runAdam($0, adam) }
    }

    // MARK: - 4.2 Unit-norm decoder

    static var decoderCheck: ExerciseCheck<DecoderCase, DecoderOutput> {
        ExerciseCheck(
            exercise: .unitNormDecoder, cases: Step4Cases.decoder,
            reference: MistakenDecoder.reference,
            parts: [
                OutputPart(name: "removeParallelComponent") {
                    compareMatrixAllowingNaN(expected: $0.projected, got: $1.projected,
                                                   tolerance: .arithmetic)
                },
                OutputPart(name: "normaliseDecoderRows") {
                    compareMatrixAllowingNaN(expected: $0.normalised, got: $1.normalised,
                                                   tolerance: .arithmetic)
                },
            ],
            mistakes: MistakenDecoder.variants(), scale: Step4Cases.decoderScale)
    }

    /// Exercise 4.2: project the decoder gradient, normalise decoder rows.
    public static func gradeUnitNormDecoder(
        removeParallel: (_ gradient: Matrix, _ decoder: Matrix) -> Matrix,
        normalise: (_ decoder: Matrix) -> Matrix
    ) -> GradeReport {
        decoderCheck.grade {
            DecoderOutput(projected: removeParallel($0.gradient, $0.decoder),
                          normalised: normalise($0.unnormalised))
        }
    }

    // MARK: - 4.3 Schedule

    static var scheduleCheck: ExerciseCheck<LearningRateSchedule, [Double]> {
        ExerciseCheck(
            exercise: .learningRateSchedule, cases: Step4Cases.schedule,
            reference: { s in MistakenSchedule.rates(s) { s.rate(at: $0) } },
            parts: [OutputPart(name: "rate at each step") {
                compareVectorAllowingNaN(expected: $0, got: $1, tolerance: .arithmetic,
                                               meaning: "one per step")
            }],
            mistakes: MistakenSchedule.variants(), scale: Step4Cases.scheduleScale)
    }

    /// Exercise 4.3: warm-up then cosine, checked at every step of each schedule.
    public static func gradeSchedule(
        _ rate: (_ step: Int, _ schedule: LearningRateSchedule) -> Double
    ) -> GradeReport {
        scheduleCheck.grade { s in
            let first = rate(0, s)
            if first.isPlaceholder { return .placeholder }
            return [first] + (1..<max(1, s.totalSteps)).map { rate($0, s) }
        }
    }

    // MARK: - 4.4 Resampling

    static var resamplingCheck: ExerciseCheck<ResampleCase, ResampledAutoencoder> {
        func matrix(_ name: String, _ value: @escaping (SparseAutoencoder) -> Matrix)
            -> OutputPart<ResampledAutoencoder> {
            OutputPart(name: name) {
                compareMatrixAllowingNaN(expected: value($0.autoencoder),
                                               got: value($1.autoencoder), tolerance: .arithmetic)
            }
        }
        func vector(_ name: String, _ value: @escaping (SparseAutoencoder) -> [Double])
            -> OutputPart<ResampledAutoencoder> {
            OutputPart(name: name) {
                compareVectorAllowingNaN(expected: value($0.autoencoder),
                                               got: value($1.autoencoder), tolerance: .arithmetic)
            }
        }
        return ExerciseCheck(
            exercise: .resampling, cases: Step4Cases.resample,
            reference: { c in
                c.sae.resampling(firingCounts: c.firingCounts, replacements: c.replacements,
                                 encoderScale: 0.2)
            },
            parts: [
                OutputPart(name: "resampled latents") {
                    $0.resampled == $1.resampled ? nil
                        : Mismatch(lines: ["expected \($0.resampled), got \($1.resampled)"])
                },
                matrix("W_dec") { $0.W_dec }, matrix("W_enc") { $0.W_enc },
                vector("b_enc") { $0.b_enc }, vector("b_dec (unchanged)") { $0.b_dec },
            ],
            mistakes: MistakenResampling.allCases.map { variant in
                MistakeVariant(mistake: variant.mistake) { MistakenResampling.compute(variant, $0) }
            },
            scale: Step4Cases.resampleScale)
    }

    /// Exercise 4.4: resample exactly the dead latents, Bricken et al.'s way.
    public static func gradeResampling(_ resample: (_ sae: SparseAutoencoder, _ firingCounts: [Int],
                                                    _ replacements: Matrix, _ encoderScale: Double)
                                           -> ResampledAutoencoder) -> GradeReport {
        resamplingCheck.grade { resample($0.sae, $0.firingCounts, $0.replacements, 0.2) }
    }
}
