// Grading exercises 5.4 (responses when one feature is alone) and 5.5 (ablation with a negative
// control) against SAEKit.

import Foundation
import SAEKit

extension Step5Grader {
    // MARK: - 5.4 Monosemanticity

    /// Exercise 5.4: mean activation per unit over samples where each feature is alone.
    public static func gradeIsolatedResponses(
        _ responses: (_ activations: Matrix, _ codes: Matrix) -> Matrix) -> GradeReport {
        typealias Case = Step5Cases.ResponseCase
        /// The mean of each unit over the samples `include` picks for feature i, divided by
        /// `count` of them (nil: the number picked; 0 when none is).
        func conditional(_ c: Case, nanWhenEmpty: Bool = false, dividedBy count: Int? = nil,
                         _ include: (Matrix, Int, Int) -> Bool) -> Matrix {
            Matrix(rows: c.activations.cols, cols: c.codes.cols) { u, i in
                let rows = (0..<c.codes.rows).filter { include(c.codes, $0, i) }
                let sum = rows.map { c.activations[$0, u] }.reduce(0, +)
                if rows.isEmpty && !nanWhenEmpty { return 0 }
                return sum / Double(count ?? rows.count)
            }
        }
        let alone = { (codes: Matrix, r: Int, i: Int) in
            codes[r, i] != 0 && (0..<codes.cols).allSatisfy { $0 == i || codes[r, $0] == 0 }
        }
        let check = ExerciseCheck<Case, Matrix>(
            exercise: .monosemanticity, cases: Step5Cases.responses,
            reference: { isolatedResponses($0.activations, codes: $0.codes) },
            parts: [OutputPart(name: "responses") {
                compareMatrixAllowingNaN(expected: $0, got: $1, tolerance: .arithmetic,
                                         meaning: "[units, features]")
            }],
            mistakes: [
                MistakeVariant(mistake: Mistakes.responsesNotIsolated) { c in
                    conditional(c) { codes, r, i in codes[r, i] != 0 }
                },
                MistakeVariant(mistake: Mistakes.responsesWhenOff) { c in
                    conditional(c) { codes, r, i in codes[r, i] == 0 }
                },
                MistakeVariant(mistake: Mistakes.responsesNeverAloneNaN) { c in
                    conditional(c, nanWhenEmpty: true, alone)
                },
                MistakeVariant(mistake: Mistakes.responsesOverAllSamples) { c in
                    conditional(c, dividedBy: c.codes.rows, alone)
                },
                MistakeVariant(mistake: Mistakes.responsesTransposed) { c in
                    isolatedResponses(c.activations, codes: c.codes).transposed
                },
                MistakeVariant(mistake: Mistakes.responsesPositiveCodesOnly) { c in
                    conditional(c) { codes, r, i in
                        codes[r, i] > 0
                            && (0..<codes.cols).allSatisfy { $0 == i || codes[r, $0] <= 0 }
                    }
                },
            ],
            scale: Step5Scale.responses)
        return check.grade { responses($0.activations, $0.codes) }
    }

    // MARK: - 5.5 Ablation

    /// Exercise 5.5: the relative drop of one output when a latent is ablated, and for a control
    /// latent.
    public static func gradeAblation(
        _ ablate: (_ hidden: Matrix, _ sae: SparseAutoencoder, _ readout: ToyModel, _ feature: Int,
                   _ latent: Int, _ control: Int) -> AblationEffect) -> GradeReport {
        typealias Case = Step5Cases.AblationCase
        /// The read-out's output `feature` for hidden states, averaged over the samples.
        func mean(_ hiddenOut: Matrix, _ c: Case, relu: Bool = true) -> Double {
            let out = hiddenOut.matmul(c.readout.W).addingToEachRow(c.readout.b)
            return (relu ? out.relu : out).column(c.feature).reduce(0, +) / Double(out.rows)
        }
        func zeroing(_ m: Matrix, _ column: Int) -> Matrix {
            var z = m
            for r in 0..<z.rows where column < z.cols { z[r, column] = 0 }
            return z
        }
        func reconstruction(_ c: Case) -> Matrix { c.sae.decode(c.sae.encode(c.hidden)) }
        func ablated(_ c: Case, _ j: Int) -> Matrix {
            c.sae.decode(zeroing(c.sae.encode(c.hidden), j))
        }
        /// A mistake that changes how the drop is computed from the two means; a zero baseline
        /// still gives 0, as the doc comment says (except for the mistake that ignores that rule).
        func variant(_ mistake: KnownMistake, zeroRule: Bool = true,
                     _ means: @escaping (Case, Int) -> (baseline: Double, ablated: Double),
                     drop: @escaping (Double, Double) -> Double = { ($0 - $1) / $0 })
            -> MistakeVariant<Case, AblationEffect> {
            MistakeVariant(mistake: mistake) { c in
                func effect(_ j: Int) -> Double {
                    let (baseline, ablated) = means(c, j)
                    return zeroRule && baseline == 0 ? 0 : drop(baseline, ablated)
                }
                return AblationEffect(drop: effect(c.latent), controlDrop: effect(c.control))
            }
        }
        let rightMeans = { (c: Case, j: Int) in
            (mean(reconstruction(c), c), mean(ablated(c, j), c))
        }
        let check = ExerciseCheck<Case, AblationEffect>(
            exercise: .ablation, cases: Step5Cases.ablations,
            reference: {
                ablationEffect(hidden: $0.hidden, sae: $0.sae, readout: $0.readout,
                               feature: $0.feature, latent: $0.latent, control: $0.control)
            },
            parts: [
                OutputPart(name: "drop") {
                    compareScalarAllowingNaN(expected: $0.drop, got: $1.drop,
                                             tolerance: .arithmetic)
                },
                OutputPart(name: "controlDrop") {
                    compareScalarAllowingNaN(expected: $0.controlDrop, got: $1.controlDrop,
                                             tolerance: .arithmetic)
                },
            ],
            mistakes: [
                variant(Mistakes.ablationInInputSpace) { c, j in
                    let neuronZeroed = c.sae.decode(c.sae.encode(zeroing(c.hidden, j)))
                    return (mean(reconstruction(c), c), mean(neuronZeroed, c))
                },
                variant(Mistakes.ablationBaselineNotReconstructed) { c, j in
                    (mean(c.hidden, c), mean(ablated(c, j), c))
                },
                variant(Mistakes.ablationWithoutReadoutReLU) { c, j in
                    (mean(reconstruction(c), c, relu: false), mean(ablated(c, j), c, relu: false))
                },
                variant(Mistakes.ablationZeroBaselineNaN, zeroRule: false, rightMeans),
                variant(Mistakes.ablationSignReversed, rightMeans) { ($1 - $0) / $0 },
                variant(Mistakes.ablationRelativeToAblated, rightMeans) { ($0 - $1) / $1 },
            ],
            scale: Step5Scale.ablation)
        return check.grade {
            ablate($0.hidden, $0.sae, $0.readout, $0.feature, $0.latent, $0.control)
        }
    }
}
