// The grader for step 5.

@testable import Grading
import SAEKit
import Testing

@Suite("Grading step 5")
struct Step5GradingTests {
    @Test func referencesPassAndPlaceholdersAreNotImplemented() {
        #expect(Step5Grader.gradeCosines { cosineMatrix($0, $1) }.passed)
        #expect(Step5Grader.gradeMeanMaxCosine { MeanMaxCosine(cosines: $0) }.passed)
        #expect(Step5Grader.gradeMatching { Matching(columns: optimalMatching($0)) }.passed)
        #expect(Step5Grader.gradeIsolatedResponses { isolatedResponses($0, codes: $1) }.passed)
        #expect(Step5Grader.gradeAblation { ablationEffect(hidden: $0, sae: $1, readout: $2, feature: $3, latent: $4, control: $5) }.passed)
        #expect(Step5Grader.gradeCosines { _, _ in .placeholder }.isNotImplemented)
        #expect(Step5Grader.gradeMeanMaxCosine { _ in .placeholder }.isNotImplemented)
        #expect(Step5Grader.gradeMatching { _ in .placeholder }.isNotImplemented)
        #expect(Step5Grader.gradeIsolatedResponses { _, _ in .placeholder }.isNotImplemented)
        let report = Step5Grader.gradeAblation { _, _, _, _, _, _ in .placeholder }
        #expect(report.isNotImplemented && report.description.contains("Exercise 5.5 (ablation with a negative control) is not implemented yet — see Chapters/05-feature-matching.md#exercise-55"))
    }

    /// Cosines entry by entry, with switches for the usual mistakes.
    static func cosines(_ a: Matrix, _ b: Matrix, normaliseA: Bool = true, normaliseB: Bool = true) -> Matrix {
        Matrix(rows: a.rows, cols: b.rows) { i, j in
            let u = a.row(i), v = b.row(j)
            let denominator = (normaliseA ? dot(u, u).squareRoot() : 1) * (normaliseB ? dot(v, v).squareRoot() : 1)
            return denominator == 0 ? 0 : dot(u, v) / denominator
        }
    }

    @Test func cosineMistakesGetTheirHints() {
        #expect(Step5Grader.gradeCosines { Self.cosines($0, $1) }.passed)
        expectRejected(Step5Grader.gradeCosines { Self.cosines($0, $1, normaliseA: false) }, with: Mistakes.cosineLearnedNotNormalised)
        expectRejected(Step5Grader.gradeCosines { Self.cosines($0, $1, normaliseB: false) }, with: Mistakes.cosineTruthNotNormalised)
        expectRejected(Step5Grader.gradeCosines { $0.matmulTransposed($1) }, with: Mistakes.cosineNotNormalised)
    }

    @Test func mmcsMistakesGetTheirHints() {
        let bySorting = Step5Grader.gradeMeanMaxCosine { c in
            MeanMaxCosine(trueToLearned: (0..<c.cols).map { c.column($0).sorted().last! }.reduce(0, +) / Double(c.cols),
                          learnedToTrue: (0..<c.rows).map { c.row($0).sorted().last! }.reduce(0, +) / Double(c.rows))
        }
        #expect(bySorting.passed, Comment(rawValue: bySorting.description))
        expectRejected(Step5Grader.gradeMeanMaxCosine { c in
            MeanMaxCosine(trueToLearned: (0..<c.rows).map { c.row($0).max()! }.reduce(0, +) / Double(c.rows),
                          learnedToTrue: (0..<c.cols).map { c.column($0).max()! }.reduce(0, +) / Double(c.cols))
        }, with: Mistakes.mmcsWrongAxis)
        expectRejected(Step5Grader.gradeMeanMaxCosine { c in
            MeanMaxCosine(trueToLearned: c.sum / Double(c.values.count), learnedToTrue: c.sum / Double(c.values.count))
        }, with: Mistakes.mmcsMeanNotMax)
    }

    @Test func matchingByBruteForcePassesAndGreedyGetsTheHint() {
        // A correct implementation written differently: try every assignment (fine for the grader's small matrices).
        let bruteForce = Step5Grader.gradeMatching { scores in
            let transposed = scores.rows > scores.cols
            let s = transposed ? scores.transposed : scores
            var best = -Double.infinity, bestColumns: [Int] = []
            var columns: [Int] = [], used = Set<Int>()
            func search() {
                if columns.count == s.rows {
                    let total = columns.enumerated().reduce(0.0) { $0 + s[$1.offset, $1.element] }
                    if total > best { best = total; bestColumns = columns }
                    return
                }
                for c in 0..<s.cols where !used.contains(c) {
                    columns.append(c); used.insert(c); search(); used.remove(c); columns.removeLast()
                }
            }
            search()
            if !transposed { return Matching(columns: bestColumns) }
            var result = [Int?](repeating: nil, count: scores.rows)
            for (column, row) in bestColumns.enumerated() { result[row] = column }
            return Matching(columns: result)
        }
        #expect(bruteForce.passed, Comment(rawValue: bruteForce.description))
        let greedy = Step5Grader.gradeMatching { Matching(columns: greedyMatching($0)) }
        expectRejected(greedy, with: Mistakes.greedyMatching)
        #expect(greedy.description.contains("case 1 of"), "the greedy trap is the first case")
    }

    @Test func invalidMatchingsAreExplained() {
        let duplicate = Step5Grader.gradeMatching { scores in Matching(columns: Array(repeating: 0, count: scores.rows)) }
        #expect(duplicate.description.contains("a column is matched to two rows"))
        let short = Step5Grader.gradeMatching { scores in Matching(columns: [0]) }
        #expect(short.description.contains("expected one per row"))
    }

    @Test func responsesMistakesGetTheirHints() {
        func conditional(_ a: Matrix, _ codes: Matrix, _ include: (Int, Int) -> Bool) -> Matrix {
            Matrix(rows: a.cols, cols: codes.cols) { u, i in
                let rows = (0..<codes.rows).filter { include($0, i) }
                return rows.isEmpty ? 0 : rows.reduce(0.0) { $0 + a[$1, u] } / Double(rows.count)
            }
        }
        let alone = Step5Grader.gradeIsolatedResponses { a, codes in
            conditional(a, codes) { r, i in codes[r, i] != 0 && codes.row(r).filter { $0 != 0 }.count == 1 }
        }
        #expect(alone.passed, Comment(rawValue: alone.description))
        expectRejected(Step5Grader.gradeIsolatedResponses { a, codes in conditional(a, codes) { r, i in codes[r, i] != 0 } },
                       with: Mistakes.responsesNotIsolated)
        expectRejected(Step5Grader.gradeIsolatedResponses { a, codes in conditional(a, codes) { r, i in codes[r, i] == 0 } },
                       with: Mistakes.responsesWhenOff)
    }

    /// Ablation written sample by sample, with switches for the usual mistakes.
    static func ablation(_ h: Matrix, _ sae: SparseAutoencoder, _ readout: ToyModel, _ feature: Int, _ latent: Int, _ control: Int,
                         inputSpace: Bool = false, rawBaseline: Bool = false, relu: Bool = true) -> AblationEffect {
        func output(_ hidden: [Double]) -> Double {
            let z = (0..<hidden.count).reduce(readout.b[feature]) { $0 + hidden[$1] * readout.W[$1, feature] }
            return relu ? max(0, z) : z
        }
        func reconstruct(_ x: [Double], zeroing j: Int?) -> [Double] {
            var input = x
            if inputSpace, let j, j < input.count { input[j] = 0 }
            var codes = sae.encode(Matrix([input])).row(0)
            if !inputSpace, let j { codes[j] = 0 }
            return sae.decode(Matrix([codes])).row(0)
        }
        func mean(zeroing j: Int?) -> Double { (0..<h.rows).reduce(0.0) { $0 + output(reconstruct(h.row($1), zeroing: j)) } / Double(h.rows) }
        let base = rawBaseline ? (0..<h.rows).reduce(0.0) { $0 + output(h.row($1)) } / Double(h.rows) : mean(zeroing: nil)
        guard base != 0 else { return AblationEffect(drop: 0, controlDrop: 0) }
        return AblationEffect(drop: (base - mean(zeroing: latent)) / base, controlDrop: (base - mean(zeroing: control)) / base)
    }

    @Test func ablationMistakesGetTheirHints() {
        let report = Step5Grader.gradeAblation { Self.ablation($0, $1, $2, $3, $4, $5) }
        #expect(report.passed, Comment(rawValue: report.description))
        expectRejected(Step5Grader.gradeAblation { Self.ablation($0, $1, $2, $3, $4, $5, inputSpace: true) }, with: Mistakes.ablationInInputSpace)
        expectRejected(Step5Grader.gradeAblation { Self.ablation($0, $1, $2, $3, $4, $5, rawBaseline: true) }, with: Mistakes.ablationBaselineNotReconstructed)
        expectRejected(Step5Grader.gradeAblation { Self.ablation($0, $1, $2, $3, $4, $5, relu: false) }, with: Mistakes.ablationWithoutReadoutReLU)
    }
}
