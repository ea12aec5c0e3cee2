// Grading exercises 5.1–5.5. Matching is checked against brute force over every assignment, on
// small matrices of both orientations, including one where greedy matching is not optimal.

import Foundation
import SAEKit

public enum Step5Grader {
    // MARK: - 5.1 Cosines

    struct CosineCase: Sendable {
        var learned: Matrix
        var truth: Matrix
    }

    static let cosineCases: [GradingCase<CosineCase>] = [(4, 3, 2), (3, 5, 6), (5, 2, 4)].enumerated().map { index, size in
        var random = SeededGenerator(seed: UInt64(501 + index), stream: "grading")
        var learned = Matrix(rows: size.0, cols: size.1) { _, _ in random.normal() * 1.5 }
        let truth = Matrix(rows: size.2, cols: size.1) { r, _ in r == 1 ? 0 : random.normal() * 0.5 }     // row 1: an absent feature
        if index == 2 { for c in 0..<size.1 { learned[0, c] = 0 } }
        return GradingCase(label: "\(size.0) learned and \(size.2) true directions in \(size.1) dims; true row 1 is zero" + (index == 2 ? ", learned row 0 too" : ""),
                           input: CosineCase(learned: learned, truth: truth), printedInput: printed("learned", learned) + printed("truth", truth))
    }

    /// Exercise 5.1: cosines between rows, 0 for zero rows.
    public static func gradeCosines(_ cosines: (_ learned: Matrix, _ truth: Matrix) -> Matrix) -> GradeReport {
        func scaled(_ c: CosineCase, learned: Bool, truth: Bool) -> Matrix {
            let dots = c.learned.matmulTransposed(c.truth), ln = c.learned.rowNorms, tn = c.truth.rowNorms
            return Matrix(rows: dots.rows, cols: dots.cols) { i, j in
                let denominator = (learned ? ln[i] : 1) * (truth ? tn[j] : 1)
                return denominator > 0 ? dots[i, j] / denominator : 0
            }
        }
        let check = ExerciseCheck<CosineCase, Matrix>(
            exercise: .cosineMatrix, cases: cosineCases, reference: { cosineMatrix($0.learned, $0.truth) },
            parts: [OutputPart(name: "cosines") { compareMatrix(expected: $0, got: $1, tolerance: .arithmetic, meaning: "[learned rows, true rows]") }],
            mistakes: [
                MistakeVariant(mistake: Mistakes.cosineLearnedNotNormalised) { scaled($0, learned: false, truth: true) },
                MistakeVariant(mistake: Mistakes.cosineTruthNotNormalised) { scaled($0, learned: true, truth: false) },
                MistakeVariant(mistake: Mistakes.cosineNotNormalised) { scaled($0, learned: false, truth: false) },
            ])
        return check.grade { cosines($0.learned, $0.truth) }
    }

    // MARK: - 5.2 MMCS

    static let mmcsCases: [GradingCase<Matrix>] = [(6, 3), (3, 5), (4, 4)].enumerated().map { index, size in
        var random = SeededGenerator(seed: UInt64(521 + index), stream: "grading")
        let cosines = Matrix(rows: size.0, cols: size.1) { _, _ in random.uniform(-0.3, 1) }
        return GradingCase(label: "cosines [\(size.0) latents, \(size.1) features]", input: cosines, printedInput: printed("cosines", cosines))
    }

    /// Exercise 5.2: MMCS both ways.
    public static func gradeMeanMaxCosine(_ mmcs: (_ cosines: Matrix) -> MeanMaxCosine) -> GradeReport {
        let check = ExerciseCheck<Matrix, MeanMaxCosine>(
            exercise: .meanMaxCosine, cases: mmcsCases, reference: { MeanMaxCosine(cosines: $0) },
            parts: [OutputPart(name: "trueToLearned") { compareScalar(expected: $0.trueToLearned, got: $1.trueToLearned, tolerance: .arithmetic) },
                    OutputPart(name: "learnedToTrue") { compareScalar(expected: $0.learnedToTrue, got: $1.learnedToTrue, tolerance: .arithmetic) }],
            mistakes: [
                MistakeVariant(mistake: Mistakes.mmcsWrongAxis) { c in
                    let right = MeanMaxCosine(cosines: c)
                    return MeanMaxCosine(trueToLearned: right.learnedToTrue, learnedToTrue: right.trueToLearned)
                },
                MistakeVariant(mistake: Mistakes.mmcsMeanNotMax) { c in
                    let mean = c.sum / Double(c.values.count)
                    return MeanMaxCosine(trueToLearned: mean, learnedToTrue: mean)
                },
            ])
        return check.grade(mmcs)
    }

    // MARK: - 5.3 Matching

    /// Small score matrices of both orientations; the first is one where greedy matching loses.
    static let matchingCases: [(label: String, scores: Matrix)] = {
        var cases = [("greedy takes 0.9 first and is left with 0.1; the optimum pairs 0.8 and 0.85", Matrix([[0.9, 0.8], [0.85, 0.1]])),
                     ("ties everywhere", Matrix(rows: 3, cols: 3, repeating: 0.5))]
        for (index, size) in [(3, 5), (5, 3), (6, 6), (8, 8), (7, 4), (1, 4), (4, 1), (2, 7)].enumerated() {
            var random = SeededGenerator(seed: UInt64(531 + index), stream: "grading")
            cases.append(("random scores [\(size.0), \(size.1)] (seed \(531 + index))", Matrix(rows: size.0, cols: size.1) { _, _ in random.uniform(-1, 1) }))
        }
        return cases
    }()

    /// The best total over every one-to-one assignment (brute force: only for small matrices).
    static func bruteForceBest(_ scores: Matrix) -> Double {
        if scores.rows > scores.cols { return bruteForceBest(scores.transposed) }
        var best = -Double.infinity
        var used = [Bool](repeating: false, count: scores.cols)
        func assign(_ row: Int, _ total: Double) {
            if row == scores.rows { best = max(best, total); return }
            for column in 0..<scores.cols where !used[column] {
                used[column] = true
                assign(row + 1, total + scores[row, column])
                used[column] = false
            }
        }
        assign(0, 0)
        return best
    }

    /// Exercise 5.3: a valid one-to-one matching whose total equals the brute-force optimum.
    public static func gradeMatching(_ match: (_ scores: Matrix) -> Matching) -> GradeReport {
        let exercise = Exercise.matching
        for (index, c) in matchingCases.enumerated() {
            let got = match(c.scores)
            if got.isPlaceholder { return GradeReport(exercise: exercise, outcome: .notImplemented) }
            let label = "case \(index + 1) of \(matchingCases.count): \(c.label)"
            func failed(_ quantity: String, _ details: [String], _ mistake: KnownMistake? = nil) -> GradeReport {
                GradeReport(exercise: exercise, outcome: .failed,
                            diagnoses: [Diagnosis(caseLabel: label, quantity: quantity, details: details, mistake: mistake)],
                            notes: ["inputs of this case:"] + printed("scores", c.scores).map { "  " + $0 })
            }
            guard got.columns.count == c.scores.rows else {
                return failed("matching", ["has \(got.columns.count) entries, expected one per row (\(c.scores.rows))"])
            }
            let columns = got.columns.compactMap { $0 }
            if let bad = columns.first(where: { !(0..<c.scores.cols).contains($0) }) { return failed("matching", ["column \(bad) does not exist"]) }
            if Set(columns).count != columns.count { return failed("matching", ["a column is matched to two rows: \(got.columns)"]) }
            let pairs = min(c.scores.rows, c.scores.cols)
            guard columns.count == pairs else { return failed("matching", ["\(columns.count) pairs, expected min(rows, cols) = \(pairs)"]) }
            let total = matchingScore(c.scores, got.columns), best = bruteForceBest(c.scores)
            guard abs(total - best) <= 1e-9 * max(1, abs(best)) else {
                let greedy = abs(total - matchingScore(c.scores, greedyMatching(c.scores))) <= 1e-12
                return failed("total score", ["your matching totals \(shortNumber(total)); the best possible (brute force) is \(shortNumber(best))",
                                              "your pairs: \(got.columns.enumerated().compactMap { row, column in column.map { "(\(row), \($0))" } }.joined(separator: " "))"],
                              greedy ? Mistakes.greedyMatching : nil)
            }
        }
        return GradeReport(exercise: exercise, outcome: .passed(cases: matchingCases.count))
    }

    // MARK: - 5.4 Monosemanticity

    struct ResponseCase: Sendable {
        var activations: Matrix
        var codes: Matrix
    }

    /// Codes with several features on at once in most samples, so conditioning on "alone" matters.
    static let responseCases: [GradingCase<ResponseCase>] = [(40, 3, 4), (25, 5, 2), (60, 2, 3)].enumerated().map { index, size in
        var random = SeededGenerator(seed: UInt64(541 + index), stream: "grading")
        let codes = Matrix(rows: size.0, cols: size.1) { _, _ in random.bernoulli(0.45) ? random.uniform(0.2, 1) : 0 }
        let activations = Matrix(rows: size.0, cols: size.2) { r, u in max(0, codes.row(r).reduce(0, +) * Double(u + 1) * 0.3 + random.normal() * 0.1) }
        return GradingCase(label: "\(size.0) samples, \(size.1) features, \(size.2) units (seed \(541 + index))",
                           input: ResponseCase(activations: activations, codes: codes), printedInput: size.0 <= 25 ? printed("codes", codes) : [])
    }

    /// Exercise 5.4: mean activation per unit over samples where each feature is alone.
    public static func gradeIsolatedResponses(_ responses: (_ activations: Matrix, _ codes: Matrix) -> Matrix) -> GradeReport {
        func conditional(_ c: ResponseCase, _ include: (Matrix, Int, Int) -> Bool) -> Matrix {
            Matrix(rows: c.activations.cols, cols: c.codes.cols) { u, i in
                let rows = (0..<c.codes.rows).filter { include(c.codes, $0, i) }
                return rows.isEmpty ? 0 : rows.map { c.activations[$0, u] }.reduce(0, +) / Double(rows.count)
            }
        }
        let check = ExerciseCheck<ResponseCase, Matrix>(
            exercise: .monosemanticity, cases: responseCases, reference: { isolatedResponses($0.activations, codes: $0.codes) },
            parts: [OutputPart(name: "responses") { compareMatrix(expected: $0, got: $1, tolerance: .arithmetic, meaning: "[units, features]") }],
            mistakes: [
                MistakeVariant(mistake: Mistakes.responsesNotIsolated) { conditional($0) { codes, r, i in codes[r, i] != 0 } },
                MistakeVariant(mistake: Mistakes.responsesWhenOff) { conditional($0) { codes, r, i in codes[r, i] == 0 } },
            ])
        return check.grade { responses($0.activations, $0.codes) }
    }

    // MARK: - 5.5 Ablation

    struct AblationCase: Sendable {
        var hidden: Matrix
        var sae: SparseAutoencoder
        var readout: ToyModel
        var feature: Int
        var latent: Int
        var control: Int
    }

    static let ablationCases: [GradingCase<AblationCase>] = [(8, 3, 5, 4), (6, 4, 6, 5)].enumerated().map { index, size in
        var random = SeededGenerator(seed: UInt64(551 + index), stream: "grading")
        let (B, m, h, n) = size
        let readout = ToyModel(W: Matrix(rows: m, cols: n) { _, _ in random.normal() }, b: (0..<n).map { _ in random.normal() * 0.2 + 0.3 })
        let sae = SparseAutoencoder(W_enc: Matrix(rows: m, cols: h) { _, _ in random.normal() }, b_enc: (0..<h).map { _ in random.normal() * 0.1 },
                                    W_dec: Matrix(rows: h, cols: m) { _, _ in random.normal() * 0.8 }, b_dec: (0..<m).map { _ in random.normal() * 0.1 })
        let hidden = Matrix(rows: B, cols: m) { _, _ in random.normal() }
        return GradingCase(label: "\(B) hidden states of \(m) dims, SAE with \(h) latents, read-out to \(n) features; feature 1, latent 2, control 0",
                           input: AblationCase(hidden: hidden, sae: sae, readout: readout, feature: 1, latent: 2, control: 0),
                           printedInput: printed("hidden", hidden))
    }

    /// Exercise 5.5: the relative drop of one output when a latent is ablated, and for a control latent.
    public static func gradeAblation(_ ablate: (_ hidden: Matrix, _ sae: SparseAutoencoder, _ readout: ToyModel, _ feature: Int, _ latent: Int,
                                                _ control: Int) -> AblationEffect) -> GradeReport {
        func variant(_ mistake: KnownMistake, _ effect: @escaping (AblationCase, Int) -> Double) -> MistakeVariant<AblationCase, AblationEffect> {
            MistakeVariant(mistake: mistake) { AblationEffect(drop: effect($0, $0.latent), controlDrop: effect($0, $0.control)) }
        }
        func mean(_ hiddenOut: Matrix, _ c: AblationCase, relu: Bool = true) -> Double {
            let out = hiddenOut.matmul(c.readout.W).addingToEachRow(c.readout.b)
            return (relu ? out.relu : out).column(c.feature).reduce(0, +) / Double(out.rows)
        }
        func zeroing(_ m: Matrix, _ column: Int) -> Matrix {
            var z = m
            for r in 0..<z.rows where column < z.cols { z[r, column] = 0 }
            return z
        }
        let reconstruction = { (c: AblationCase) in c.sae.decode(c.sae.encode(c.hidden)) }
        let check = ExerciseCheck<AblationCase, AblationEffect>(
            exercise: .ablation, cases: ablationCases,
            reference: { ablationEffect(hidden: $0.hidden, sae: $0.sae, readout: $0.readout, feature: $0.feature, latent: $0.latent, control: $0.control) },
            parts: [OutputPart(name: "drop") { compareScalar(expected: $0.drop, got: $1.drop, tolerance: .arithmetic) },
                    OutputPart(name: "controlDrop") { compareScalar(expected: $0.controlDrop, got: $1.controlDrop, tolerance: .arithmetic) }],
            mistakes: [
                variant(Mistakes.ablationInInputSpace) { c, j in
                    let base = mean(reconstruction(c), c)
                    return (base - mean(c.sae.decode(c.sae.encode(zeroing(c.hidden, j))), c)) / base
                },
                variant(Mistakes.ablationBaselineNotReconstructed) { c, j in
                    let base = mean(c.hidden, c)
                    return (base - mean(c.sae.decode(zeroing(c.sae.encode(c.hidden), j)), c)) / base
                },
                variant(Mistakes.ablationWithoutReadoutReLU) { c, j in
                    let base = mean(reconstruction(c), c, relu: false)
                    return (base - mean(c.sae.decode(zeroing(c.sae.encode(c.hidden), j)), c, relu: false)) / base
                },
            ])
        return check.grade { ablate($0.hidden, $0.sae, $0.readout, $0.feature, $0.latent, $0.control) }
    }
}
