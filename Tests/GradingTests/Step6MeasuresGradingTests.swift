// The grader for exercises 6.4 and 6.5: correct measurements written differently pass, known
// mistakes fail with their own hint and no other.

@testable import Grading
import SAEKit
import Testing

@Suite("Grading step 6: measurements")
struct Step6MeasuresGradingTests {
    typealias Pairs = [(feature: Int, latent: Int)]

    /// The coefficient-weighted mean of per-sample ratios, which is the ratio of the sums.
    static func weighted(_ codes: Matrix, _ truth: Matrix, _ pairs: Pairs, invert: Bool = false)
        -> [Double] {
        pairs.map { p in
            var weightedRatios = 0.0, weights = 0.0
            for s in 0..<codes.rows where codes[s, p.latent] > 0 && truth[s, p.feature] > 0 {
                weightedRatios += truth[s, p.feature] * (codes[s, p.latent] / truth[s, p.feature])
                weights += truth[s, p.feature]
            }
            return invert ? weights / weightedRatios : weightedRatios / weights
        }
    }

    /// γ with the inner products taken sample by sample.
    static func γ(_ a: Matrix, _ r: Matrix) -> Double {
        r.squaredFrobeniusNorm / (0..<a.rows).reduce(0.0) { $0 + dot(a.row($1), r.row($1)) }
    }

    @Test func shrinkageWrittenDifferentlyPassesAndMistakesGetTheirHints() {
        let grade = { (ratios: (Matrix, Matrix, Pairs) -> [Double]) in
            Step6Grader.gradeShrinkage(ratios: ratios, bias: Self.γ)
        }
        expectPassed(grade { Self.weighted($0, $1, $2) })
        expectRejected(grade { Self.weighted($0, $1, $2, invert: true) },
                       with: Mistakes.shrinkageInverted)
        expectRejected(grade { codes, truth, pairs in
            pairs.map { p in
                let on = (0..<codes.rows).filter { truth[$0, p.feature] > 0 }
                return on.reduce(0.0) { $0 + codes[$1, p.latent] }
                    / (0..<codes.rows).reduce(0.0) { $0 + truth[$1, p.feature] }
            }
        }, with: Mistakes.shrinkageCountsMisses)
        expectRejected(grade { codes, truth, pairs in
            pairs.map { p in
                let both = (0..<codes.rows).filter {
                    codes[$0, p.latent] > 0 && truth[$0, p.feature] > 0
                }
                return both.reduce(0.0) { $0 + codes[$1, p.latent] / truth[$1, p.feature] }
                    / Double(both.count)
            }
        }, with: Mistakes.shrinkageMeanOfRatios)
        expectRejected(grade { codes, truth, pairs in
            pairs.map { p in
                let fires = (0..<codes.rows).filter { codes[$0, p.latent] > 0 }
                return (0..<codes.rows).reduce(0.0) { $0 + codes[$1, p.latent] }
                    / fires.reduce(0.0) { $0 + truth[$1, p.feature] }
            }
        }, with: Mistakes.shrinkageCountsFalseAlarms)
        expectRejected(grade { codes, truth, pairs in
            Self.weighted(codes, truth, pairs).map { $0.isNaN ? 0 : $0 }
        }, with: Mistakes.shrinkageUndefinedAsZero)
        let withBias = { (bias: (Matrix, Matrix) -> Double) in
            Step6Grader.gradeShrinkage(ratios: { Self.weighted($0, $1, $2) }, bias: bias)
        }
        expectRejected(withBias { 1 / Self.γ($0, $1) }, with: Mistakes.reconstructionBiasInverted)
        expectRejected(withBias { a, r in
            var total = 0.0
            for s in 0..<a.rows { total += dot(r.row(s), r.row(s)) / dot(a.row(s), r.row(s)) }
            return total / Double(a.rows)
        }, with: Mistakes.reconstructionBiasPerSample)
        expectRejected(withBias { a, r in
            r.values.reduce(0) { $0 + $1 * $1 } / a.values.reduce(0) { $0 + $1 * $1 }
        }, with: Mistakes.reconstructionBiasNormRatio)
    }

    @Test func fidelityWrittenDifferentlyPassesAndMistakesGetTheirHints() {
        // Per dimension: error and variance accumulated in one pass, the variance as
        // E[x²] − E[x]².
        func streamed(_ a: Matrix, _ r: Matrix, centre: Bool = true) -> ReconstructionFidelity {
            var error = 0.0, spread = 0.0
            for c in 0..<a.cols {
                var sum = 0.0, squares = 0.0
                for s in 0..<a.rows {
                    sum += a[s, c]
                    squares += a[s, c] * a[s, c]
                    error += (a[s, c] - r[s, c]) * (a[s, c] - r[s, c])
                }
                spread += centre ? squares - sum * sum / Double(a.rows) : squares
            }
            return ReconstructionFidelity(normalisedMSE: error / spread,
                                          explainedVariance: (spread - error) / spread)
        }
        expectPassed(Step6Grader.gradeFidelity { streamed($0, $1) })
        expectRejected(Step6Grader.gradeFidelity { streamed($0, $1, centre: false) },
                       with: Mistakes.explainedVarianceWithoutCentring)
        expectRejected(Step6Grader.gradeFidelity { a, r in
            let perDimension = (0..<a.cols).map { c in
                let one = streamed(Matrix(rows: a.rows, cols: 1) { s, _ in a[s, c] },
                                   Matrix(rows: a.rows, cols: 1) { s, _ in r[s, c] })
                return one.normalisedMSE
            }
            let nmse = perDimension.reduce(0, +) / Double(a.cols)
            return ReconstructionFidelity(normalisedMSE: nmse, explainedVariance: 1 - nmse)
        }, with: Mistakes.normalisedMSEPerDimension)
        expectRejected(Step6Grader.gradeFidelity { a, r in
            let right = streamed(a, r)
            let spread = { (m: Matrix) in (0..<m.cols).reduce(0.0) { total, c in
                let column = m.column(c), mean = column.reduce(0, +) / Double(m.rows)
                return total + column.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) }
            } }
            let varianceRatio = spread(r) / spread(a)
            return ReconstructionFidelity(normalisedMSE: right.normalisedMSE,
                                          explainedVariance: varianceRatio)
        }, with: Mistakes.explainedVarianceFromVariances)
        // MSE over the variance, the variance with N − 1 (as statistics libraries do).
        expectRejected(Step6Grader.gradeFidelity { a, r in
            var error = 0.0, spread = 0.0
            for c in 0..<a.cols {
                let mean = a.column(c).reduce(0, +) / Double(a.rows)
                for s in 0..<a.rows {
                    error += (a[s, c] - r[s, c]) * (a[s, c] - r[s, c]) / Double(a.rows)
                    spread += (a[s, c] - mean) * (a[s, c] - mean) / Double(a.rows - 1)
                }
            }
            return ReconstructionFidelity(normalisedMSE: error / spread,
                                          explainedVariance: 1 - error / spread)
        }, with: Mistakes.normalisedMSEUnbiasedVariance)
        expectRejected(Step6Grader.gradeFidelity { a, r in
            let mean = a.values.reduce(0, +) / Double(a.values.count)
            let error = zip(a.values, r.values).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            let spread = a.values.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) }
            return ReconstructionFidelity(normalisedMSE: error / spread,
                                          explainedVariance: 1 - error / spread)
        }, with: Mistakes.normalisedMSEGlobalMean)
    }
}
