// Grading exercises 2.1–2.3. The sampler is random, so it is judged by what any correct sampler
// must show on a large seeded batch — firing rates, magnitudes, independence, determinism — with
// tolerances of five standard errors. The other two are compared with SAEKit.

import Foundation
import SAEKit

public enum Step2Grader {
    // MARK: - 2.1 Sampler

    /// Probabilities used to grade the sampler (none is 0.5, so p and 1 − p differ).
    static let probabilities = [0.02, 0.1, 0.25, 0.4, 0.7, 0.9]
    static let batch = 20_000

    /// Exercise 2.1: each feature on independently with its probability, magnitude U[0, 1).
    public static func gradeSampler(_ sample: (_ batchSize: Int, _ probabilities: [Double], _ generator: inout SeededGenerator) -> Matrix)
        -> GradeReport {
        let exercise = Exercise.sparseFeatureSampler
        var generator = SeededGenerator(seed: 21, stream: "grading")
        let x = sample(batch, probabilities, &generator)
        if x.isPlaceholder { return GradeReport(exercise: exercise, outcome: .notImplemented) }
        let label = "a batch of \(batch) samples, probabilities \(probabilities), SeededGenerator(seed: 21, stream: \"grading\")"
        func failed(_ quantity: String, _ details: [String], _ mistake: KnownMistake? = nil) -> GradeReport {
            GradeReport(exercise: exercise, outcome: .failed,
                        diagnoses: [Diagnosis(caseLabel: label, quantity: quantity, details: details, mistake: mistake)])
        }
        let n = probabilities.count
        guard x.shape == [batch, n] else { return failed("shape", ["has shape \(x.shape), expected [\(batch), \(n)] (one row per sample)"]) }
        if let bad = x.values.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
            return failed("values", ["entry [\(bad / n), \(bad % n)] = \(shortNumber(x.values[bad])) is outside [0, 1)"])
        }
        // Independent samples: a reused row makes most samples equal to the one before.
        let repeats = Double((1..<batch).filter { x.row($0) == x.row($0 - 1) && x.row($0).contains { $0 != 0 } }.count) / Double(batch - 1)
        if repeats > 0.5 {
            return failed("independence", ["\(percent(repeats)) of samples repeat the previous one exactly"], Mistakes.samplerRepeatedRows)
        }
        let magnitudes = x.values.filter { $0 != 0 }
        if !magnitudes.isEmpty && Set(magnitudes).count <= 2 {
            return failed("magnitudes", ["every active value is one of \(Set(magnitudes).sorted().map(shortNumber)); they should be spread over [0, 1)"],
                          Mistakes.samplerConstantMagnitude)
        }
        // Firing rates.
        let rates = (0..<n).map { i in Double((0..<batch).filter { x[$0, i] != 0 }.count) / Double(batch) }
        for (i, p) in probabilities.enumerated() where abs(rates[i] - p) > fiveErrors(p) {
            let mistake: KnownMistake? = rates.allSatisfy { $0 > 0.97 } ? Mistakes.samplerForgotMask
                : zip(rates, probabilities).allSatisfy({ abs($0 - (1 - $1)) <= fiveErrors($1) }) ? Mistakes.samplerProbabilityOfOff : nil
            return failed("firing rate", ["feature \(i) is on in \(percent(rates[i])) of samples, expected \(percent(p)) ± \(percent(fiveErrors(p)))",
                                          "all rates: " + rates.map(percent).joined(separator: ", ")], mistake)
        }
        // Magnitudes: uniform on [0, 1) when on.
        let quarters = (0..<4).map { q in Double(magnitudes.filter { Int($0 * 4) == q }.count) / Double(magnitudes.count) }
        let quarterError = 5 * (0.25 * 0.75 / Double(magnitudes.count)).squareRoot()
        if quarters.contains(where: { abs($0 - 0.25) > quarterError }) {
            return failed("magnitudes", ["active values should be spread evenly over [0, 1): their four quarters hold "
                                         + quarters.map(percent).joined(separator: ", ") + " (each expected 25% ± \(percent(quarterError)))"])
        }
        // Independence across features.
        for i in 0..<n {
            for j in (i + 1)..<n {
                let both = Double((0..<batch).filter { x[$0, i] != 0 && x[$0, j] != 0 }.count) / Double(batch)
                let expected = probabilities[i] * probabilities[j]
                if abs(both - expected) > fiveErrors(expected) {
                    return failed("independence", ["features \(i) and \(j) are on together in \(percent(both)) of samples; "
                                                   + "independent features would be \(percent(expected)) (= \(probabilities[i]) × \(probabilities[j]))"],
                                  Mistakes.samplerSharedDraw)
                }
            }
        }
        // Seeded: the same generator state gives the same batch.
        var again = SeededGenerator(seed: 21, stream: "grading")
        if sample(batch, probabilities, &again) != x {
            return failed("reproducibility", ["two calls with SeededGenerator(seed: 21) returned different batches"], Mistakes.samplerNotSeeded)
        }
        var other = SeededGenerator(seed: 22, stream: "grading")
        if sample(batch, probabilities, &other) == x {
            return failed("reproducibility", ["seeds 21 and 22 returned the same batch: the output must depend on the generator"], Mistakes.samplerNotSeeded)
        }
        return GradeReport(exercise: exercise, outcome: .passed(cases: 7))
    }

    /// Five standard errors of a proportion p estimated from the grading batch (plus a little slack).
    static func fiveErrors(_ p: Double) -> Double { 5 * (p * (1 - p) / Double(batch)).squareRoot() + 1e-3 }

    static func percent(_ value: Double) -> String { formatFixed(100 * value, decimals: 1) + "%" }

    // MARK: - 2.2 Hidden activations

    struct HiddenCase: Sendable {
        var x: Matrix
        var W: Matrix
    }

    /// Square W first: multiplying on the wrong side gives a wrong answer there instead of a shape crash later.
    static let hiddenCases: [GradingCase<HiddenCase>] = [(4, 3, 3), (5, 6, 3), (1, 4, 2), (7, 3, 2)].enumerated().map { index, size in
        var random = SeededGenerator(seed: UInt64(201 + index), stream: "grading")
        let x = Matrix(rows: size.0, cols: size.1) { _, _ in random.bernoulli(0.6) ? random.uniform(0.1, 1) : 0 }
        let W = Matrix(rows: size.2, cols: size.1) { _, _ in random.normal() * 0.7 }
        return GradingCase(label: "B = \(size.0) samples, n = \(size.1) features, m = \(size.2) hidden (seed \(201 + index))",
                           input: HiddenCase(x: x, W: W), printedInput: printed("x", x) + printed("W", W))
    }

    /// Exercise 2.2: h = W x for each sample, i.e. x·Wᵀ.
    public static func gradeHiddenActivations(_ hidden: (_ x: Matrix, _ W: Matrix) -> Matrix) -> GradeReport {
        let check = ExerciseCheck<HiddenCase, Matrix>(
            exercise: .hiddenActivations, cases: hiddenCases,
            reference: { $0.x.matmulTransposed($0.W) },
            parts: [OutputPart(name: "h") { compareMatrix(expected: $0, got: $1, tolerance: .arithmetic, meaning: "[samples, hidden]") }],
            mistakes: [
                MistakeVariant(mistake: Mistakes.hiddenTimesWTransposeSide) { c in
                    c.x.cols == c.W.rows ? c.x.matmul(c.W) : Matrix(rows: 0, cols: 1)
                },
                MistakeVariant(mistake: Mistakes.hiddenWithReLU) { $0.x.matmulTransposed($0.W).relu },
                MistakeVariant(mistake: Mistakes.hiddenReturnedReconstruction) { $0.x.matmulTransposed($0.W).matmul($0.W) },
            ])
        return check.grade { hidden($0.x, $0.W) }
    }

    // MARK: - 2.3 Statistics

    static let statisticsCases: [GradingCase<Matrix>] = [(50, 3), (7, 5), (2, 1), (30, 4)].enumerated().map { index, size in
        var random = SeededGenerator(seed: UInt64(231 + index), stream: "grading")
        var a = Matrix(rows: size.0, cols: size.1) { _, _ in random.normal() * 0.8 }
        if index == 3 { for c in 0..<size.1 { a[5, c] = 0 } }    // an all-zero sample
        return GradingCase(label: "activations [\(size.0), \(size.1)] (seed \(231 + index))" + (index == 3 ? ", sample 5 all zero" : ""),
                           input: a, printedInput: size.0 <= 8 ? printed("activations", a) : ["activations [\(size.0), \(size.1)], normal × 0.8"])
    }

    /// Exercise 2.3: mean and (population) standard deviation of ‖a‖, and √d / E‖a‖.
    public static func gradeStatistics(_ statistics: (_ activations: Matrix) -> ActivationStatistics) -> GradeReport {
        func part(_ name: String, _ value: @escaping (ActivationStatistics) -> Double) -> OutputPart<ActivationStatistics> {
            OutputPart(name: name) { compareScalar(expected: value($0), got: value($1), tolerance: .arithmetic) }
        }
        func variant(_ mistake: KnownMistake, _ make: @escaping (Matrix, [Double]) -> ActivationStatistics) -> MistakeVariant<Matrix, ActivationStatistics> {
            MistakeVariant(mistake: mistake) { a in make(a, a.rowNorms) }
        }
        let d = { (a: Matrix) in Double(a.cols).squareRoot() }
        let check = ExerciseCheck<Matrix, ActivationStatistics>(
            exercise: .activationStatistics, cases: statisticsCases,
            reference: { ActivationStatistics(activations: $0) },
            parts: [part("meanNorm") { $0.meanNorm }, part("normStandardDeviation") { $0.normStandardDeviation },
                    part("normalisationScale") { $0.normalisationScale }],
            mistakes: [
                variant(Mistakes.statisticsSquaredNorm) { a, norms in
                    let reference = ActivationStatistics(activations: a), squared = mean(norms.map { $0 * $0 })
                    return ActivationStatistics(meanNorm: squared, normStandardDeviation: reference.normStandardDeviation,
                                                normalisationScale: d(a) / squared)
                },
                variant(Mistakes.statisticsRootMeanSquare) { a, norms in
                    let reference = ActivationStatistics(activations: a), rms = mean(norms.map { $0 * $0 }).squareRoot()
                    return ActivationStatistics(meanNorm: rms, normStandardDeviation: reference.normStandardDeviation,
                                                normalisationScale: d(a) / rms)
                },
                variant(Mistakes.statisticsScaleInverted) { a, _ in
                    var reference = ActivationStatistics(activations: a)
                    reference.normalisationScale = reference.meanNorm / d(a)
                    return reference
                },
                variant(Mistakes.statisticsSampleDeviation) { a, norms in
                    var reference = ActivationStatistics(activations: a)
                    let m = mean(norms)
                    reference.normStandardDeviation = (norms.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(norms.count - 1)).squareRoot()
                    return reference
                },
                variant(Mistakes.statisticsColumnNorms) { a, _ in
                    let columns = ActivationStatistics(activations: a.transposed)
                    return ActivationStatistics(meanNorm: columns.meanNorm, normStandardDeviation: columns.normStandardDeviation,
                                                normalisationScale: d(a) / columns.meanNorm)
                },
            ])
        return check.grade(statistics)
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(1, values.count)) }
}
