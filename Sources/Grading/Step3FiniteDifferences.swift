// Grading exercise 3.5, the finite-difference gradient checker, against SAEKit's central
// differences at the same ε. The functions are chosen so that every plausible wrong checker is far
// off on at least one: a large ε on curved functions (a one-sided difference, a step of one's own,
// or a step that grows with |θᵢ| shows at once), a term coupling every coordinate (a perturbation
// left in place shows), coordinates of very different sizes and a zero one, a single coordinate,
// a small step on a steep function, and the SAE loss of step 3's own use (piecewise quadratic in
// each entry, so central differences are exact there whatever the step: it cannot be the only one).

import Foundation
import SAEKit

/// A function to differentiate numerically, and where.
struct DifferenceCase: Sendable {
    var point: [Double]
    var step: Double
    var function: @Sendable ([Double]) -> Double
    /// How close a right answer must come: 1e-8 relative, and the rounding of f's values divided
    /// by the step (a right checker that moves and restores a coordinate may leave it an ulp away,
    /// which changes f by an ulp or so: ulp(f)/ε in the gradient).
    var tolerance: Tolerance

    init(point: [Double], step: Double, function: @escaping @Sendable ([Double]) -> Double) {
        self.point = point
        self.step = step
        self.function = function
        let rounding = 16 * abs(function(point)) * Double.ulpOfOne / step
        tolerance = Tolerance(relative: 1e-8, absolute: max(1e-10, rounding))
    }
}

/// A gradient estimate, with the tolerance of the case it was made on.
struct GradientEstimate: ExercisePlaceholder, Sendable {
    var values: [Double]
    var tolerance: Tolerance

    static var placeholder: GradientEstimate {
        GradientEstimate(values: [], tolerance: .arithmetic)
    }
    var isPlaceholder: Bool { values.isEmpty }
}

enum Step3Differences {
    // MARK: - Cases

    static func differenceCase(_ label: String, formula: String, point: [Double], step: Double,
                               function: @escaping @Sendable ([Double]) -> Double)
        -> GradingCase<DifferenceCase> {
        GradingCase(label: label,
                    input: DifferenceCase(point: point, step: step, function: function),
                    printedInput: ["f(θ) = " + formula, printedPrecisely("θ", point),
                                   "step = \(shortNumber(step))"])
    }

    /// The SAE loss of step 3's first random case, as a function of W_dec's entries.
    static let saeLoss: @Sendable ([Double]) -> Double = { values in
        let c = Step3Cases.random[0].input
        var sae = c.sae
        sae.W_dec.values = values
        let pass = sae.forwardPass(c.a)
        return SAELossTerms(c.a, reconstruction: pass.reconstruction, codes: pass.codes,
                            l1Coefficient: c.l1Coefficient).total
    }

    /// The weights of the coupled exponential.
    static let weights = [0.5, -0.3, 0.8, 0.2, -0.6, 0.4, 0.1]

    static let cases: [GradingCase<DifferenceCase>] = [
        differenceCase("curved in every coordinate, one term coupling all three, at a large "
                       + "ε = 0.1 (a one-sided difference or another step is far off)",
                       formula: "exp(θ₀) + sin(2θ₁) + θ₂⁴ + θ₀θ₁θ₂", point: [0.6, -0.4, 1.3],
                       step: 0.1) { θ in
            exp(θ[0]) + sin(2 * θ[1]) + pow(θ[2], 4) + θ[0] * θ[1] * θ[2]
        },
        differenceCase("coordinates of very different sizes (1000, 0.001) and one that is 0, "
                       + "ε = 0.001", formula: "sin(θ₀) + exp(2θ₁) + θ₂³ + θ₀θ₁θ₂",
                       point: [1000, 0.001, 0], step: 1e-3) { θ in
            sin(θ[0]) + exp(2 * θ[1]) + θ[2] * θ[2] * θ[2] + θ[0] * θ[1] * θ[2]
        },
        differenceCase("seven coordinates, each coupled to every other, ε = 0.01",
                       formula: "exp(w·θ), w = (0.5, −0.3, 0.8, 0.2, −0.6, 0.4, 0.1)",
                       point: [0.3, -0.2, 0.5, 1.1, -0.7, 0.05, 0.9], step: 0.01) { θ in
            exp(zip(weights, θ).reduce(0) { $0 + $1.0 * $1.1 })
        },
        differenceCase("a single coordinate (P = 1), ε = 0.01", formula: "1/θ₀", point: [-0.5],
                       step: 0.01) { θ in 1 / θ[0] },
        differenceCase("a small step, ε = 1e-6, on a steep exponential (a step kept above a floor "
                       + "of one's own shows)", formula: "exp(10θ₀) + θ₀θ₁²", point: [0.2, -0.5],
                       step: 1e-6) { θ in exp(10 * θ[0]) + θ[0] * θ[1] * θ[1] },
        GradingCase(label: "the SAE loss of step 3's first random case as a function of W_dec "
                        + "(15 entries), ε = 1e-5",
                    input: DifferenceCase(point: Step3Cases.random[0].input.sae.W_dec.values,
                                          step: 1e-5, function: saeLoss),
                    printedInput: ["f(θ) = the SAE loss with W_dec = θ (row by row), at step 3's "
                                   + "first random case",
                                   printedPrecisely("θ",
                                                    Step3Cases.random[0].input.sae.W_dec.values),
                                   "step = 1e-05"]),
    ]

    // MARK: - Step 3's size

    /// Step 3's gradient check at the largest preset: the SAE loss on 16 samples, as a function of
    /// W_enc's d·h entries.
    static let gradientCheckScale: StepScale<DifferenceCase> = {
        let (a, sae) = TrainingStepSize.randomSAE(batch: 16, seed: 353)
        let loss: @Sendable ([Double]) -> Double = { values in
            var changed = sae
            changed.W_enc.values = values
            let pass = changed.forwardPass(a)
            return SAELossTerms(a, reconstruction: pass.reconstruction, codes: pass.codes,
                                l1Coefficient: 0.1).total
        }
        return StepScale(
            label: "step 3's gradient check, W_enc's \(sae.W_enc.values.count) entries of the loss "
                + "on 16 samples, d = \(TrainingStepSize.inputDims), "
                + "h = \(TrainingStepSize.latents) (\(TrainingStepSize.preset.rawValue))",
            input: DifferenceCase(point: sae.W_enc.values, step: 1e-5, function: loss),
            command: TrainingStepSize.gradientCheckCommand, callsPerRun: checksPerGradientCheck,
            advice: "central differences need two evaluations of f per coordinate and nothing "
                + "more: copy the point once, move one coordinate, evaluate, and put it back")
    }()

    /// How many times step 3's gradient check calls the checker: once per parameter tensor.
    static let checksPerGradientCheck: Int = {
        let sae = SparseAutoencoder(W_enc: Matrix([[1]]), b_enc: [0], W_dec: Matrix([[1]]),
                                    b_dec: [0])
        let calls = CallCounter()
        _ = GradientCheck.run(sae, batch: Matrix([[1]]), l1Coefficient: 0) { point, step, f in
            calls.count += 1
            return centralDifferences(at: point, step: step, of: f)
        }
        return calls.count
    }()

    // MARK: - Mistakes

    /// Central differences with the points θ ± `offset`·eᵢ, divided by `divisor`.
    static func difference(_ c: DifferenceCase, above: Double, below: Double,
                           divisor: Double) -> [Double] {
        c.point.indices.map { i in
            var (up, down) = (c.point, c.point)
            up[i] += above
            down[i] -= below
            return (c.function(up) - c.function(down)) / divisor
        }
    }

    /// Central differences with a step per coordinate.
    static func central(_ c: DifferenceCase, step: (Double) -> Double) -> [Double] {
        c.point.indices.map { i in
            let ε = step(c.point[i])
            var (up, down) = (c.point, c.point)
            up[i] += ε
            down[i] -= ε
            return (c.function(up) - c.function(down)) / (2 * ε)
        }
    }

    static func variants() -> [MistakeVariant<DifferenceCase, GradientEstimate>] {
        let estimates = estimateVariants().map { variant in
            MistakeVariant<DifferenceCase, GradientEstimate>(mistake: variant.mistake) { c in
                GradientEstimate(values: variant.compute(c), tolerance: c.tolerance)
            }
        }
        return estimates
    }

    static func estimateVariants() -> [MistakeVariant<DifferenceCase, [Double]>] {
        typealias Variant = MistakeVariant<DifferenceCase, [Double]>
        let differences: [Variant] = [
            Variant(mistake: Mistakes.forwardDifferences) { c in
                difference(c, above: c.step, below: 0, divisor: c.step)
            },
            Variant(mistake: Mistakes.backwardDifferences) { c in
                difference(c, above: 0, below: c.step, divisor: c.step)
            },
            Variant(mistake: Mistakes.centralWithoutHalf) { c in
                difference(c, above: c.step, below: c.step, divisor: c.step)
            },
            Variant(mistake: Mistakes.centralHalfSteps) { c in
                difference(c, above: c.step / 2, below: c.step / 2, divisor: c.step)
            },
            Variant(mistake: Mistakes.divisionPrecedence) { c in
                difference(c, above: c.step, below: c.step, divisor: 2).map { $0 * c.step }
            },
            Variant(mistake: Mistakes.lowerProbeAtPoint) { c in
                difference(c, above: c.step, below: 0, divisor: 2 * c.step)
            },
            Variant(mistake: Mistakes.perturbationNotRestored) { c in
                var probe = c.point
                return c.point.indices.map { i in
                    probe[i] += c.step
                    let above = c.function(probe)
                    probe[i] -= 2 * c.step
                    return (above - c.function(probe)) / (2 * c.step)
                }
            },
        ]
        let scaledSteps: [(Double, Double) -> Double] = [
            { step, θ in step * abs(θ) }, { step, θ in step * max(1, abs(θ)) },
            { step, θ in step * (1 + abs(θ)) },
        ]
        let scaled = scaledSteps.map { rule in
            Variant(mistake: Mistakes.stepScaledByValue) { c in central(c) { rule(c.step, $0) } }
        }
        let fixedSteps: [Double] = [1e-2, 1e-3, 1e-4, 1e-5]
        let fixed = fixedSteps.map { ε in
            Variant(mistake: Mistakes.stepIgnored) { c in central(c) { _ in ε } }
        }
        return differences + scaled + fixed
    }

    // MARK: - Grading

    static func check(log: EvaluationLog) -> ExerciseCheck<DifferenceCase, GradientEstimate> {
        ExerciseCheck(
            exercise: .finiteDifferences, cases: cases,
            reference: { c in
                let values = centralDifferences(at: c.point, step: c.step, of: c.function)
                return GradientEstimate(values: values, tolerance: c.tolerance)
            },
            parts: [OutputPart(name: "gradient") {
                compareVector(expected: $0.values, got: $1.values, tolerance: $0.tolerance,
                              meaning: "one entry per coordinate")
            }],
            mistakes: variants(),
            notes: { c, _ in log.note(point: c.point, step: c.step) },
            scale: gradientCheckScale)
    }
}

/// Counts calls made through an escaping closure.
private final class CallCounter: @unchecked Sendable {
    var count = 0
}

extension Step3Grader {
    /// Exercise 3.5: central differences, compared with SAEKit's at the same ε. When a case fails,
    /// the report also says where the learner's checker evaluated the function.
    public static func gradeFiniteDifferences(
        _ gradient: (_ point: [Double], _ step: Double,
                     _ function: ([Double]) -> Double) -> [Double]
    ) -> GradeReport {
        let log = EvaluationLog()
        return Step3Differences.check(log: log).grade { c in
            log.start(recording: c.point.count <= EvaluationLog.largestRecordedPoint)
            let values = gradient(c.point, c.step) { θ in
                log.record(θ)
                return c.function(θ)
            }
            return GradientEstimate(values: values, tolerance: c.tolerance)
        }
    }
}
