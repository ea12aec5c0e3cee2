// The grader of exercises 2.2 and 2.3: references pass, placeholders are "not implemented",
// hand-written known mistakes fail with their hint, correct implementations written differently
// pass. (The sampler's grader is tested in Step2Sampler*GradingTests.swift.)

@testable import Grading
import SAEKit
import Testing

@Suite("Grading step 2")
struct Step2GradingTests {
    // MARK: - 2.2 Hidden activations

    @Test func hiddenReferenceAndPlaceholder() {
        #expect(Step2Grader.gradeHiddenActivations { $0.matmulTransposed($1) }.passed)
        #expect(Step2Grader.gradeHiddenActivations { _, _ in .placeholder }.isNotImplemented)
    }

    @Test func hiddenWrittenDifferentlyPasses() {
        let report = Step2Grader.gradeHiddenActivations { x, W in
            Matrix(rows: x.rows, cols: W.rows) { b, j in
                (0..<W.cols).reduce(0.0) { $0 + W[j, $1] * x[b, $1] }
            }
        }
        #expect(report.passed, Comment(rawValue: report.description))
    }

    @Test func hiddenMistakesGetTheirHints() {
        // Multiplying on the wrong side would crash on a non-square W; the grader's first case is
        // square, so it never gets there.
        expectRejected(
            Step2Grader.gradeHiddenActivations { x, W in x.matmul(W) },
            with: Mistakes.hiddenTimesWTransposeSide)
        expectRejected(
            Step2Grader.gradeHiddenActivations { x, W in x.matmulTransposed(W).map { max(0, $0) } },
            with: Mistakes.hiddenWithReLU)
        expectRejected(
            Step2Grader.gradeHiddenActivations { x, W in x.matmul(W.transposedMatmul(W)) },
            with: Mistakes.hiddenReturnedReconstruction)
    }

    @Test func hiddenNewMistakesGetTheirHints() {
        // W·xᵀ, as the maths reads, without the transpose back to one row per sample.
        expectRejected(Step2Grader.gradeHiddenActivations { x, W in W.matmul(x.transposed) },
                       with: Mistakes.hiddenTransposedOutput)
        // One running sum per hidden unit, never reset between samples.
        expectRejected(Step2Grader.gradeHiddenActivations { x, W in
            var h = Matrix(rows: x.rows, cols: W.rows)
            var sums = [Double](repeating: 0, count: W.rows)
            for b in 0..<x.rows {
                for j in 0..<W.rows {
                    for i in 0..<x.cols { sums[j] += W[j, i] * x[b, i] }
                    h[b, j] = sums[j]
                }
            }
            return h
        }, with: Mistakes.hiddenRunningSum)
        // One running sum for the whole batch.
        expectRejected(Step2Grader.gradeHiddenActivations { x, W in
            var h = Matrix(rows: x.rows, cols: W.rows)
            var sum = 0.0
            for b in 0..<x.rows {
                for j in 0..<W.rows {
                    for i in 0..<x.cols { sum += W[j, i] * x[b, i] }
                    h[b, j] = sum
                }
            }
            return h
        }, with: Mistakes.hiddenRunningSum)
    }

    // MARK: - 2.3 Statistics

    @Test func statisticsReferenceAndPlaceholder() {
        #expect(Step2Grader.gradeStatistics { ActivationStatistics(activations: $0) }.passed)
        #expect(Step2Grader.gradeStatistics { _ in .placeholder }.isNotImplemented)
    }

    @Test func statisticsWrittenDifferentlyPasses() {
        // Welford's one-pass mean and variance of the norms.
        let report = Step2Grader.gradeStatistics { a in
            var mean = 0.0, m2 = 0.0
            for (k, norm) in a.rowNorms.enumerated() {
                let delta = norm - mean
                mean += delta / Double(k + 1)
                m2 += delta * (norm - mean)
            }
            let scale = mean == 0 ? 1 : Double(a.cols).squareRoot() / mean     // the stub's rule
            return ActivationStatistics(meanNorm: mean,
                                        normStandardDeviation: (m2 / Double(a.rows)).squareRoot(),
                                        normalisationScale: scale)
        }
        #expect(report.passed, Comment(rawValue: report.description))
    }

    @Test func statisticsWithoutTheZeroRuleIsRejected() {
        let report = Step2Grader.gradeStatistics { a in
            var reference = ActivationStatistics(activations: a)
            reference.normalisationScale = Double(a.cols).squareRoot() / reference.meanNorm
            return reference
        }
        expectRejectedWithoutHint(report)
        #expect(report.description.contains("every activation 0"))
    }

    @Test func statisticsNewMistakesGetTheirHints() {
        func norms(_ a: Matrix) -> [Double] {
            (0..<a.rows).map { r in
                (0..<a.cols).reduce(0.0) { $0 + a[r, $1] * a[r, $1] }.squareRoot()
            }
        }
        func twoPass(_ values: [Double]) -> (mean: Double, sd: Double) {
            let mean = values.reduce(0, +) / Double(values.count)
            let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            let variance = squares / Double(values.count)
            return (mean, variance.squareRoot())
        }
        func statistics(_ mean: Double, _ sd: Double, _ scale: Double) -> ActivationStatistics {
            ActivationStatistics(meanNorm: mean, normStandardDeviation: sd,
                                 normalisationScale: scale)
        }
        // d where √d belongs.
        expectRejected(Step2Grader.gradeStatistics { a in
            let (mean, sd) = twoPass(norms(a))
            return statistics(mean, sd, mean > 0 ? Double(a.cols) / mean : 1)
        }, with: Mistakes.statisticsScaleWithoutRoot)
        // Empty samples left out of the statistics.
        expectRejected(Step2Grader.gradeStatistics { a in
            let active = norms(a).filter { $0 > 0 }
            guard !active.isEmpty else { return statistics(0, 0, 1) }
            let (mean, sd) = twoPass(active)
            return statistics(mean, sd, Double(a.cols).squareRoot() / mean)
        }, with: Mistakes.statisticsZeroSamplesSkipped)
        // A "safe" division.
        expectRejected(Step2Grader.gradeStatistics { a in
            let (mean, sd) = twoPass(norms(a))
            return statistics(mean, sd, Double(a.cols).squareRoot() / (mean + 1e-8))
        }, with: Mistakes.statisticsScaleEpsilon)
    }

    @Test func statisticsMistakesGetTheirHints() {
        func stats(
            _ a: Matrix, meanNorm: (([Double]) -> Double)? = nil, divisor: ((Int) -> Double)? = nil,
            invert: Bool = false
        ) -> ActivationStatistics {
            let norms = a.rowNorms
            let mean = norms.reduce(0, +) / Double(norms.count)
            let used = meanNorm?(norms) ?? mean
            let sd =
                (norms.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
                / (divisor?(norms.count) ?? Double(norms.count))).squareRoot()
            let root = Double(a.cols).squareRoot()
            return ActivationStatistics(
                meanNorm: used, normStandardDeviation: sd,
                normalisationScale: invert ? used / root : root / used)
        }
        let meanSquare = { (norms: [Double]) in
            norms.map { $0 * $0 }.reduce(0, +) / Double(norms.count)
        }
        expectRejected(
            Step2Grader.gradeStatistics { stats($0, meanNorm: meanSquare) },
            with: Mistakes.statisticsSquaredNorm)
        expectRejected(
            Step2Grader.gradeStatistics { stats($0, meanNorm: { meanSquare($0).squareRoot() }) },
            with: Mistakes.statisticsRootMeanSquare)
        expectRejected(
            Step2Grader.gradeStatistics { stats($0, invert: true) },
            with: Mistakes.statisticsScaleInverted)
        expectRejected(
            Step2Grader.gradeStatistics { stats($0, divisor: { Double($0 - 1) }) },
            with: Mistakes.statisticsSampleDeviation)
        expectRejected(
            Step2Grader.gradeStatistics { a in
                let norms = a.columnNorms, mean = norms.reduce(0, +) / Double(norms.count)
                let sd = (norms.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(norms.count))
                    .squareRoot()
                return ActivationStatistics(
                    meanNorm: mean, normStandardDeviation: sd,
                    normalisationScale: Double(a.cols).squareRoot() / mean)
            }, with: Mistakes.statisticsColumnNorms)
    }
}
