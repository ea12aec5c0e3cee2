// Grading exercise 2.1, the sparse feature sampler, in two stages. First what every sparse sampler
// must show on a large seeded batch (firing rates, values spread over [0, 1), features and samples
// independent, the same seed giving the same batch), with tolerances of five standard errors:
// these name the mistakes that change the distribution. Then the exact contract (see
// Step2SamplerContract.swift): small batches equal to SAEKit's entry for entry, the generator
// moved on by exactly the draws used, and the step's own batch size.

import Foundation
import SAEKit

extension Step2Grader {
    /// Probabilities used to grade the sampler (none is 0.5, so p and 1 − p differ).
    static let probabilities = [0.02, 0.1, 0.25, 0.4, 0.7, 0.9]
    static let batch = 20_000

    /// Exercise 2.1: each feature on independently with its probability, value U[0, 1), drawn in
    /// the stub's order from the generator it is given.
    public static func gradeSampler(
        _ sample: (_ batchSize: Int, _ probabilities: [Double],
                   _ generator: inout SeededGenerator) -> Matrix
    ) -> GradeReport {
        let exercise = Exercise.sparseFeatureSampler
        let large = SamplerCase(batchSize: batch, probabilities: probabilities, seed: 21)
        let label = "a batch of \(batch) samples, probabilities \(probabilities), "
            + "SeededGenerator(seed: 21, stream: \"grading\")"
        GradingChannel.caseStarted("the statistics of " + label, inputs: large.printed)
        var generator = large.generator
        let x = sample(batch, probabilities, &generator)
        if x.isPlaceholder { return GradeReport(exercise: exercise, outcome: .notImplemented) }
        if let problem = SamplerStatistics(x: x, probabilities: probabilities).firstProblem()
            ?? reproducibilityProblem(sample, batch: x, label: label) {
            return GradeReport(exercise: exercise, outcome: .failed, diagnoses: [
                Diagnosis(caseLabel: label, quantity: problem.quantity, details: problem.details,
                          mistake: problem.mistake),
            ])
        }
        let check = ExerciseCheck<SamplerCase, SampledBatch>(
            exercise: exercise, cases: SamplerContract.cases,
            reference: { SamplerContract.run(SamplerContract.reference, on: $0) },
            parts: SamplerContract.parts,
            mistakes: MistakenSamplers.variants,
            notes: SamplerContract.notes,
            scale: SamplerContract.scale)
        let report = check.grade { SamplerContract.run(sample, on: $0) }
        guard case let .passed(cases) = report.outcome else { return report }
        var passed = GradeReport(exercise: exercise, outcome: .passed(cases: cases + 1))
        passed.warnings = report.warnings
        return passed
    }

    /// The same seed must give the same batch, and another seed another batch.
    static func reproducibilityProblem(
        _ sample: (Int, [Double], inout SeededGenerator) -> Matrix, batch x: Matrix, label: String
    ) -> SamplerProblem? {
        GradingChannel.caseStarted("the same seed again: " + label, inputs: [])
        var again = SeededGenerator(seed: 21, stream: "grading")
        if sample(batch, probabilities, &again) != x {
            return SamplerProblem("reproducibility",
                                  ["two calls with SeededGenerator(seed: 21) returned different "
                                   + "batches"],
                                  Mistakes.samplerNotSeeded)
        }
        GradingChannel.caseStarted("another seed (22): " + label, inputs: [])
        var other = SeededGenerator(seed: 22, stream: "grading")
        if sample(batch, probabilities, &other) == x {
            return SamplerProblem("reproducibility",
                                  ["seeds 21 and 22 returned the same batch: the output must "
                                   + "depend on the generator"],
                                  Mistakes.samplerNotSeeded)
        }
        return nil
    }

    /// Five standard errors of a proportion p estimated from `count` samples (plus a little
    /// slack).
    static func fiveErrors(_ p: Double, count: Int = batch) -> Double {
        5 * (p * (1 - p) / Double(count)).squareRoot() + 1e-3
    }

    static func percent(_ value: Double) -> String { formatFixed(100 * value, decimals: 1) + "%" }
}

/// What is wrong with a large batch, in a learner's words.
struct SamplerProblem {
    var quantity: String
    var details: [String]
    var mistake: KnownMistake?

    init(_ quantity: String, _ details: [String], _ mistake: KnownMistake? = nil) {
        self.quantity = quantity
        self.details = details
        self.mistake = mistake
    }
}

/// The distribution checks on one large batch, in the order that names a problem best.
struct SamplerStatistics {
    var x: Matrix
    var probabilities: [Double]

    func firstProblem() -> SamplerProblem? {
        shape() ?? repeatedRows() ?? constantValues() ?? range() ?? fewDistinctValues() ?? rates()
            ?? values() ?? featuresTogether() ?? consecutiveSamples()
    }

    var n: Int { probabilities.count }
    var samples: Int { x.rows }
    func percent(_ value: Double) -> String { Step2Grader.percent(value) }
    func fiveErrors(_ p: Double) -> Double { Step2Grader.fiveErrors(p) }

    /// The fraction of samples in which `condition` holds.
    func fraction(_ condition: (Int) -> Bool) -> Double {
        Double((0..<samples).filter(condition).count) / Double(samples)
    }

    func shape() -> SamplerProblem? {
        guard x.shape != [Step2Grader.batch, n] else { return nil }
        return SamplerProblem("shape", ["has shape \(x.shape), expected "
                                        + "[\(Step2Grader.batch), \(n)] (one row per sample)"])
    }

    /// Independent samples: a reused row makes most samples equal to the one before.
    func repeatedRows() -> SamplerProblem? {
        let repeats = fraction { r in
            r > 0 && x.row(r) == x.row(r - 1) && x.row(r).contains { $0 != 0 }
        }
        guard repeats > 0.5 else { return nil }
        return SamplerProblem("independence",
                              ["\(percent(repeats)) of samples repeat the previous one exactly"],
                              Mistakes.samplerRepeatedRows)
    }

    var active: [Double] { x.values.filter { $0 != 0 } }

    func constantValues() -> SamplerProblem? {
        let distinct = Set(active)
        guard !active.isEmpty && distinct.count <= 2 else { return nil }
        let values = distinct.sorted().map(shortNumber)
        return SamplerProblem("magnitudes", ["every active value is one of \(values); they "
                                             + "should be spread over [0, 1)"],
                              Mistakes.samplerConstantMagnitude)
    }

    func range() -> SamplerProblem? {
        guard let bad = x.values.firstIndex(where: { !($0 >= 0 && $0 < 1) }) else { return nil }
        return SamplerProblem("values", ["entry [\(bad / n), \(bad % n)] = "
                                         + "\(shortNumber(x.values[bad])) is outside [0, 1)"])
    }

    func fewDistinctValues() -> SamplerProblem? {
        let distinct = Set(active)
        guard Double(distinct.count) < 0.99 * Double(active.count) else { return nil }
        return SamplerProblem("magnitudes", ["the \(active.count) active values take only "
                                             + "\(distinct.count) different values: each on "
                                             + "feature needs a uniform draw of its own"])
    }

    func rates() -> SamplerProblem? {
        let rates = (0..<n).map { i in fraction { x[$0, i] != 0 } }
        guard let i = probabilities.indices.first(where: {
            abs(rates[$0] - probabilities[$0]) > fiveErrors(probabilities[$0])
        }) else { return nil }
        let p = probabilities[i]
        let offInstead = zip(rates, probabilities).allSatisfy {
            abs($0 - (1 - $1)) <= fiveErrors($1)
        }
        let mistake: KnownMistake? = rates.allSatisfy { $0 > 0.97 } ? Mistakes.samplerForgotMask
            : offInstead ? Mistakes.samplerProbabilityOfOff : nil
        return SamplerProblem("firing rate", [
            "feature \(i) is on in \(percent(rates[i])) of samples, expected \(percent(p)) "
                + "± \(percent(fiveErrors(p)))",
            "all rates: " + rates.map(percent).joined(separator: ", "),
        ], mistake)
    }

    /// Values of on features: uniform on [0, 1), so each tenth of it holds a tenth of them.
    func values() -> SamplerProblem? {
        let active = active
        let tenths = (0..<10).map { t in
            Double(active.filter { Int($0 * 10) == t }.count) / Double(active.count)
        }
        let error = Step2Grader.fiveErrors(0.1, count: active.count)
        guard tenths.contains(where: { abs($0 - 0.1) > error }) else { return nil }
        return SamplerProblem("magnitudes", ["active values should be spread evenly over [0, 1): "
                                             + "its tenths hold "
                                             + tenths.map(percent).joined(separator: ", ")
                                             + " (each expected 10% ± \(percent(error)))"])
    }

    /// Any two features are on together at the rate of independent ones, p_i·p_j. When they are
    /// on together as often as the rarer one is on (min(p_i, p_j)), one draw decides both.
    func featuresTogether() -> SamplerProblem? {
        for i in 0..<n {
            for j in (i + 1)..<n {
                let both = fraction { x[$0, i] != 0 && x[$0, j] != 0 }
                let (pi, pj) = (probabilities[i], probabilities[j])
                guard abs(both - pi * pj) > fiveErrors(pi * pj) else { continue }
                let shared = abs(both - min(pi, pj)) <= fiveErrors(min(pi, pj))
                return SamplerProblem("independence", [
                    "features \(i) and \(j) are on together in \(percent(both)) of samples; "
                        + "independent features would be \(percent(pi * pj)) (= \(pi) × \(pj))",
                ], shared ? Mistakes.samplerSharedDraw : nil)
            }
        }
        return nil
    }

    /// Each feature is on in two consecutive samples at the rate p², as independent samples are.
    func consecutiveSamples() -> SamplerProblem? {
        for (i, p) in probabilities.enumerated() {
            let both = fraction { r in r > 0 && x[r, i] != 0 && x[r - 1, i] != 0 }
                * Double(samples) / Double(samples - 1)
            guard abs(both - p * p) > fiveErrors(p * p) else { continue }
            return SamplerProblem("independence", [
                "feature \(i) is on in two consecutive samples \(percent(both)) of the time; "
                    + "independent samples would give \(percent(p * p)) (= \(p)²): each sample "
                    + "needs draws of its own",
            ])
        }
        return nil
    }
}
