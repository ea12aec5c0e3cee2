// Grading exercises 2.2 and 2.3 against SAEKit, on the cases of Step2Cases.swift and at the size
// `swift run step2 --mine` uses. (2.1, the sampler, is in Step2Sampler.swift.)

import Foundation
import SAEKit

public enum Step2Grader {
    // MARK: - 2.2 Hidden activations

    /// Exercise 2.2: h = W x for each sample, i.e. x·Wᵀ.
    public static func gradeHiddenActivations(
        _ hidden: (_ x: Matrix, _ W: Matrix) -> Matrix
    ) -> GradeReport {
        let h = OutputPart<Matrix>(name: "h") {
            compareMatrix(expected: $0, got: $1, tolerance: .arithmetic,
                          meaning: "[samples, hidden]")
        }
        let check = ExerciseCheck<HiddenCase, Matrix>(
            exercise: .hiddenActivations, cases: hiddenCases,
            reference: { $0.x.matmulTransposed($0.W) },
            parts: [h],
            mistakes: [
                MistakeVariant(mistake: Mistakes.hiddenTimesWTransposeSide) { c in
                    c.x.cols == c.W.rows ? c.x.matmul(c.W) : Matrix(rows: 0, cols: 1)
                },
                MistakeVariant(mistake: Mistakes.hiddenWithReLU) {
                    $0.x.matmulTransposed($0.W).relu
                },
                MistakeVariant(mistake: Mistakes.hiddenReturnedReconstruction) {
                    $0.x.matmulTransposed($0.W).matmul($0.W)
                },
                MistakeVariant(mistake: Mistakes.hiddenTransposedOutput) {
                    $0.W.matmul($0.x.transposed)
                },
                // A running sum never reset: per hidden unit across samples, or one for everything.
                MistakeVariant(mistake: Mistakes.hiddenRunningSum) { c in
                    var h = c.x.matmulTransposed(c.W)
                    for r in 1..<max(1, h.rows) {
                        for j in 0..<h.cols { h[r, j] += h[r - 1, j] }
                    }
                    return h
                },
                MistakeVariant(mistake: Mistakes.hiddenRunningSum) { c in
                    let h = c.x.matmulTransposed(c.W)
                    var total = 0.0
                    return Matrix(rows: h.rows, cols: h.cols) { r, j in
                        total += h[r, j]
                        return total
                    }
                },
            ],
            scale: hiddenScale)
        return check.grade { hidden($0.x, $0.W) }
    }

    // MARK: - 2.3 Statistics

    /// Exercise 2.3: mean and (population) standard deviation of ‖a‖, and √d / E‖a‖ (1 when every
    /// activation is 0).
    public static func gradeStatistics(
        _ statistics: (_ activations: Matrix) -> ActivationStatistics
    ) -> GradeReport {
        func part(_ name: String, _ value: @escaping (ActivationStatistics) -> Double)
            -> OutputPart<ActivationStatistics> {
            OutputPart(name: name) {
                compareScalar(expected: value($0), got: value($1), tolerance: .arithmetic)
            }
        }
        let check = ExerciseCheck<Matrix, ActivationStatistics>(
            exercise: .activationStatistics, cases: statisticsCases,
            reference: { ActivationStatistics(activations: $0) },
            parts: [
                part("meanNorm") { $0.meanNorm },
                // A variance from E‖a‖² − (E‖a‖)² is as right as one from the deviations; its
                // square root carries √ε·E‖a‖ of rounding (1.5e-8 of the mean), allowed here.
                OutputPart(name: "normStandardDeviation") {
                    compareScalar(
                        expected: $0.normStandardDeviation, got: $1.normStandardDeviation,
                        tolerance: Tolerance(relative: 1e-9, absolute: 1e-7 * $0.meanNorm))
                },
                part("normalisationScale") { $0.normalisationScale }
            ],
            mistakes: MistakenStatistics.variants,
            scale: statisticsScale)
        return check.grade(statistics)
    }

    static func mean(_ values: [Double]) -> Double {
        values.reduce(0, +) / Double(max(1, values.count))
    }
}
