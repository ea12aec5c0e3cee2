// The grader for step 5: references pass, placeholders are "not implemented", hand-written known
// mistakes fail with their own hint and no other, correct code written differently passes.

@testable import Grading
import SAEKit
import Testing

@Suite("Grading step 5")
struct Step5GradingTests {
    @Test func referencesPassAndPlaceholdersAreNotImplemented() {
        expectPassed(Step5Grader.gradeCosines { cosineMatrix($0, $1) })
        expectPassed(Step5Grader.gradeMeanMaxCosine { MeanMaxCosine(cosines: $0) })
        expectPassed(Step5Grader.gradeMatching { Matching(columns: optimalMatching($0)) })
        expectPassed(Step5Grader.gradeIsolatedResponses { isolatedResponses($0, codes: $1) })
        expectPassed(Step5Grader.gradeAblation {
            ablationEffect(hidden: $0, sae: $1, readout: $2, feature: $3, latent: $4, control: $5)
        })
        #expect(Step5Grader.gradeCosines { _, _ in .placeholder }.isNotImplemented)
        #expect(Step5Grader.gradeMeanMaxCosine { _ in .placeholder }.isNotImplemented)
        #expect(Step5Grader.gradeMatching { _ in .placeholder }.isNotImplemented)
        #expect(Step5Grader.gradeIsolatedResponses { _, _ in .placeholder }.isNotImplemented)
        let report = Step5Grader.gradeAblation { _, _, _, _, _, _ in .placeholder }
        #expect(report.isNotImplemented && report.description.contains(
            "Exercise 5.5 (ablation with a negative control) is not implemented yet — see "
                + "Chapters/05-feature-matching.md#exercise-55"))
    }

    @Test func everyExerciseIsCheckedAtTheStepsSize() {
        let report = Step5Grader.gradeMatching { Matching(columns: optimalMatching($0)) }
        #expect(report.outcome == .passed(cases: Step5Grader.matchingCases.count + 1))
        #expect(Step5Scale.matching.input.shape == [64, 32])
        #expect(Step5Scale.responses.input.codes.shape == [50_000, 32])
        #expect(Step5Scale.ablation.callsPerRun == 10, "one ablation per curriculum feature")
    }

    // MARK: - 5.1

    /// Cosines entry by entry, with switches for the usual mistakes.
    static func cosines(_ a: Matrix, _ b: Matrix, normaliseA: Bool = true, normaliseB: Bool = true,
                        zeroGuard: Bool = true, epsilon: Double = 0, absolute: Bool = false)
        -> Matrix {
        Matrix(rows: a.rows, cols: b.rows) { i, j in
            let u = a.row(i), v = b.row(j)
            let normU = normaliseA ? dot(u, u).squareRoot() : 1
            let normV = normaliseB ? dot(v, v).squareRoot() : 1
            if zeroGuard && normU * normV == 0 { return 0 }
            let cosine = dot(u, v) / max(normU * normV, epsilon)        // PyTorch clamps, ε = 1e-8
            return absolute ? abs(cosine) : cosine
        }
    }

    @Test func cosineMistakesGetTheirHints() {
        expectPassed(Step5Grader.gradeCosines { Self.cosines($0, $1) })
        expectRejected(Step5Grader.gradeCosines { Self.cosines($0, $1, normaliseA: false) },
                       with: Mistakes.cosineLearnedNotNormalised)
        expectRejected(Step5Grader.gradeCosines { Self.cosines($0, $1, normaliseB: false) },
                       with: Mistakes.cosineTruthNotNormalised)
        expectRejected(Step5Grader.gradeCosines { $0.matmulTransposed($1) },
                       with: Mistakes.cosineNotNormalised)
        expectRejected(Step5Grader.gradeCosines { Self.cosines($0, $1, zeroGuard: false) },
                       with: Mistakes.cosineZeroRowNaN)
        expectRejected(Step5Grader.gradeCosines { Self.cosines($0, $1, epsilon: 1e-8) },
                       with: Mistakes.cosineEpsilon)
        expectRejected(Step5Grader.gradeCosines { Self.cosines($1, $0) },
                       with: Mistakes.cosineSwapped)
        expectRejected(Step5Grader.gradeCosines { Self.cosines($0, $1, absolute: true) },
                       with: Mistakes.cosineAbsolute)
        // Directions taken as columns: each column scaled to unit norm, then the rows' products.
        expectRejected(Step5Grader.gradeCosines { learned, truth in
            func unitColumns(_ m: Matrix) -> Matrix {
                var out = m
                for c in 0..<m.cols {
                    let norm = m.column(c).reduce(0) { $0 + $1 * $1 }.squareRoot()
                    for r in 0..<m.rows where norm > 0 { out[r, c] = m[r, c] / norm }
                }
                return out
            }
            return unitColumns(learned).matmulTransposed(unitColumns(truth))
        }, with: Mistakes.cosineColumnsNormalised)
    }

    @Test func theEpsilonCaseNamesItsLengths() {
        let report = Step5Grader.gradeCosines { Self.cosines($0, $1, epsilon: 1e-8) }
        #expect(report.description.contains("[1e-09, -2e-09, 2e-09]"),
                "tiny entries are printed with their digits")
    }

    // MARK: - 5.2

    /// MMCS with loops, as a learner writes it, with switches for the usual mistakes.
    static func mmcs(_ c: Matrix, start: Double = -.infinity, absolute: Bool = false,
                     skipNegative: Bool = false, swapCounts: Bool = false) -> MeanMaxCosine {
        func best(_ line: [Double]) -> Double {
            var best = start
            for value in line { best = max(best, absolute ? abs(value) : value) }
            return best
        }
        var columnBests = (0..<c.cols).map { best(c.column($0)) }
        var rowBests = (0..<c.rows).map { best(c.row($0)) }
        if skipNegative {
            columnBests = columnBests.filter { $0 > 0 }
            rowBests = rowBests.filter { $0 > 0 }
        }
        let (columns, rows) = swapCounts ? (c.rows, c.cols) : (columnBests.count, rowBests.count)
        return MeanMaxCosine(trueToLearned: columnBests.reduce(0, +) / Double(columns),
                             learnedToTrue: rowBests.reduce(0, +) / Double(rows))
    }

    @Test func mmcsMistakesGetTheirHints() {
        let bySorting = Step5Grader.gradeMeanMaxCosine { c in
            let columnBests = (0..<c.cols).map { c.column($0).sorted().last! }
            let rowBests = (0..<c.rows).map { c.row($0).sorted().last! }
            return MeanMaxCosine(trueToLearned: columnBests.reduce(0, +) / Double(c.cols),
                                 learnedToTrue: rowBests.reduce(0, +) / Double(c.rows))
        }
        expectPassed(bySorting)
        expectPassed(Step5Grader.gradeMeanMaxCosine { Self.mmcs($0) })
        expectRejected(Step5Grader.gradeMeanMaxCosine { c in
            let rowBests = (0..<c.rows).map { c.row($0).max()! }
            let columnBests = (0..<c.cols).map { c.column($0).max()! }
            return MeanMaxCosine(trueToLearned: rowBests.reduce(0, +) / Double(c.rows),
                                 learnedToTrue: columnBests.reduce(0, +) / Double(c.cols))
        }, with: Mistakes.mmcsWrongAxis)
        expectRejected(Step5Grader.gradeMeanMaxCosine { c in
            let mean = c.sum / Double(c.values.count)
            return MeanMaxCosine(trueToLearned: mean, learnedToTrue: mean)
        }, with: Mistakes.mmcsMeanNotMax)
        expectRejected(Step5Grader.gradeMeanMaxCosine { Self.mmcs($0, swapCounts: true) },
                       with: Mistakes.mmcsWrongCount)
        expectRejected(Step5Grader.gradeMeanMaxCosine { Self.mmcs($0, absolute: true) },
                       with: Mistakes.mmcsAbsolute)
        expectRejected(Step5Grader.gradeMeanMaxCosine { Self.mmcs($0, start: 0) },
                       with: Mistakes.mmcsMaxFromZero)
        expectRejected(Step5Grader.gradeMeanMaxCosine { Self.mmcs($0, skipNegative: true) },
                       with: Mistakes.mmcsSkipsNegativeMaxima)
        // Each feature paired with its own latent (one-to-one, every permutation tried).
        expectRejected(Step5Grader.gradeMeanMaxCosine { c in
            let right = Self.mmcs(c)
            guard c.rows >= c.cols, c.rows <= 8 else { return right }
            var best = -Double.infinity
            func pair(_ column: Int, _ used: Set<Int>, _ total: Double) {
                if column == c.cols { best = max(best, total); return }
                for row in 0..<c.rows where !used.contains(row) {
                    pair(column + 1, used.union([row]), total + c[row, column])
                }
            }
            pair(0, [], 0)
            return MeanMaxCosine(trueToLearned: best / Double(c.cols),
                                 learnedToTrue: right.learnedToTrue)
        }, with: Mistakes.mmcsOneToOne)
    }

    /// What the outside evaluation's wrong MMCS variants have in common: right on random cosines.
    @Test func theNegativeCaseSeparatesWhatRandomCosinesDoNot() {
        let negative = Step5Cases.meanMaxCosines[3].input
        let right = MeanMaxCosine(cosines: negative)
        for wrong in [Self.mmcs(negative, start: 0), Self.mmcs(negative, absolute: true),
                      Self.mmcs(negative, skipNegative: true)] {
            #expect(wrong != right)
        }
        #expect(right.learnedToTrue == (0.9 - 0.1 + 0.8 + 0.5) / 4)
    }

    // MARK: - 5.4

    /// Responses summed in one pass over the samples, with switches for the usual mistakes.
    static func responses(_ a: Matrix, _ codes: Matrix, notAlone: Bool = false,
                          positiveOnly: Bool = false, nanWhenNeverAlone: Bool = false,
                          overAllSamples: Bool = false, transposed: Bool = false) -> Matrix {
        var sums = [[Double]](repeating: [Double](repeating: 0, count: codes.cols), count: a.cols)
        var counts = [Int](repeating: 0, count: codes.cols)
        for r in 0..<codes.rows {
            let on = (0..<codes.cols).filter { positiveOnly ? codes[r, $0] > 0 : codes[r, $0] != 0 }
            guard notAlone || on.count == 1 else { continue }
            for i in on {
                counts[i] += 1
                for u in 0..<a.cols { sums[u][i] += a[r, u] }
            }
        }
        let result = Matrix(rows: a.cols, cols: codes.cols) { u, i in
            if counts[i] == 0 && !nanWhenNeverAlone { return 0 }
            return sums[u][i] / Double(overAllSamples ? codes.rows : counts[i])
        }
        return transposed ? result.transposed : result
    }

    @Test func responsesMistakesGetTheirHints() {
        expectPassed(Step5Grader.gradeIsolatedResponses { Self.responses($0, $1) })
        expectRejected(Step5Grader.gradeIsolatedResponses {
            Self.responses($0, $1, notAlone: true)
        }, with: Mistakes.responsesNotIsolated)
        expectRejected(Step5Grader.gradeIsolatedResponses { a, codes in
            Matrix(rows: a.cols, cols: codes.cols) { u, i in
                let rows = (0..<codes.rows).filter { codes[$0, i] == 0 }
                return rows.isEmpty ? 0 : rows.reduce(0.0) { $0 + a[$1, u] } / Double(rows.count)
            }
        }, with: Mistakes.responsesWhenOff)
        let grade = { (responses: (Matrix, Matrix) -> Matrix) in
            Step5Grader.gradeIsolatedResponses(responses)
        }
        expectRejected(grade { Self.responses($0, $1, nanWhenNeverAlone: true) },
                       with: Mistakes.responsesNeverAloneNaN)
        expectRejected(grade { Self.responses($0, $1, overAllSamples: true) },
                       with: Mistakes.responsesOverAllSamples)
        expectRejected(grade { Self.responses($0, $1, transposed: true) },
                       with: Mistakes.responsesTransposed)
        expectRejected(grade { Self.responses($0, $1, positiveOnly: true) },
                       with: Mistakes.responsesPositiveCodesOnly)
    }

    // MARK: - 5.5

    /// Ablation written sample by sample, with switches for the usual mistakes.
    static func ablation(_ h: Matrix, _ sae: SparseAutoencoder, _ readout: ToyModel, _ feature: Int,
                         _ latent: Int, _ control: Int, inputSpace: Bool = false,
                         rawBaseline: Bool = false, relu: Bool = true, zeroRule: Bool = true,
                         drop: (Double, Double) -> Double = { ($0 - $1) / $0 }) -> AblationEffect {
        func output(_ hidden: [Double]) -> Double {
            var z = readout.b[feature]
            for i in 0..<hidden.count { z += hidden[i] * readout.W[i, feature] }
            return relu ? max(0, z) : z
        }
        func reconstruct(_ x: [Double], zeroing j: Int?) -> [Double] {
            var input = x
            if inputSpace, let j, j < input.count { input[j] = 0 }
            var codes = sae.encode(Matrix([input])).row(0)
            if !inputSpace, let j { codes[j] = 0 }
            return sae.decode(Matrix([codes])).row(0)
        }
        func mean(zeroing j: Int?) -> Double {
            var total = 0.0
            for r in 0..<h.rows { total += output(reconstruct(h.row(r), zeroing: j)) }
            return total / Double(h.rows)
        }
        let base = rawBaseline
            ? (0..<h.rows).reduce(0.0) { $0 + output(h.row($1)) } / Double(h.rows)
            : mean(zeroing: nil)
        if zeroRule && base == 0 { return AblationEffect(drop: 0, controlDrop: 0) }
        return AblationEffect(drop: drop(base, mean(zeroing: latent)),
                              controlDrop: drop(base, mean(zeroing: control)))
    }

    @Test func ablationMistakesGetTheirHints() {
        expectPassed(Step5Grader.gradeAblation { Self.ablation($0, $1, $2, $3, $4, $5) })
        expectRejected(Step5Grader.gradeAblation {
            Self.ablation($0, $1, $2, $3, $4, $5, inputSpace: true)
        }, with: Mistakes.ablationInInputSpace)
        expectRejected(Step5Grader.gradeAblation {
            Self.ablation($0, $1, $2, $3, $4, $5, rawBaseline: true)
        }, with: Mistakes.ablationBaselineNotReconstructed)
        expectRejected(Step5Grader.gradeAblation {
            Self.ablation($0, $1, $2, $3, $4, $5, relu: false)
        }, with: Mistakes.ablationWithoutReadoutReLU)
        expectRejected(Step5Grader.gradeAblation {
            Self.ablation($0, $1, $2, $3, $4, $5, zeroRule: false)
        }, with: Mistakes.ablationZeroBaselineNaN)
        expectRejected(Step5Grader.gradeAblation {
            Self.ablation($0, $1, $2, $3, $4, $5) { ($1 - $0) / $0 }
        }, with: Mistakes.ablationSignReversed)
        expectRejected(Step5Grader.gradeAblation {
            Self.ablation($0, $1, $2, $3, $4, $5) { ($0 - $1) / $1 }
        }, with: Mistakes.ablationRelativeToAblated)
    }

    @Test func theZeroBaselineCaseHasAZeroBaseline() {
        let c = Step5Cases.ablations[2].input
        let reconstruction = c.sae.decode(c.sae.encode(c.hidden))
        let outputs = reconstruction.matmul(c.readout.W).addingToEachRow(c.readout.b).relu
        #expect(outputs.column(c.feature).allSatisfy { $0 == 0 })
    }
}
