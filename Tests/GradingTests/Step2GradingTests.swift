// The grader for step 2: reference passes, placeholders are "not implemented", hand-written
// known mistakes fail with their hint, correct implementations written differently pass.

@testable import Grading
import SAEKit
import Testing

@Suite("Grading step 2")
struct Step2GradingTests {
    // MARK: - 2.1 Sampler

    @Test func samplerReferencePasses() {
        let report = Step2Grader.gradeSampler { SparseFeatureSampler(probabilities: $1).sample(batchSize: $0, generator: &$2) }
        #expect(report.passed, Comment(rawValue: report.description))
    }

    @Test func samplerPlaceholderIsNotImplemented() {
        let report = Step2Grader.gradeSampler { _, _, _ in .placeholder }
        #expect(report.isNotImplemented)
        #expect(report.description.contains("Exercise 2.1 (sparse feature sampler) is not implemented yet — see Chapters/02-activations.md#exercise-21"))
    }

    @Test func samplerWrittenDifferentlyPasses() {
        // Magnitudes for the whole row first, then the on/off draws: another order of the same distribution.
        let report = Step2Grader.gradeSampler { batch, probabilities, generator in
            var x = Matrix(rows: batch, cols: probabilities.count)
            for r in 0..<batch {
                let magnitudes = probabilities.map { _ in generator.uniform() }
                for i in probabilities.indices where generator.bernoulli(probabilities[i]) { x[r, i] = magnitudes[i] }
            }
            return x
        }
        #expect(report.passed, Comment(rawValue: report.description))
    }

    @Test func samplerMistakesGetTheirHints() {
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, generator in
            Matrix(rows: batch, cols: probabilities.count) { _, _ in generator.uniform() }          // magnitude for everyone, no mask
        }, with: Mistakes.samplerForgotMask)
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, generator in
            Matrix(rows: batch, cols: probabilities.count) { _, i in generator.uniform() > probabilities[i] ? generator.uniform() : 0 }
        }, with: Mistakes.samplerProbabilityOfOff)
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, generator in
            Matrix(rows: batch, cols: probabilities.count) { _, i in generator.bernoulli(probabilities[i]) ? 1 : 0 }
        }, with: Mistakes.samplerConstantMagnitude)
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, generator in
            var x = Matrix(rows: batch, cols: probabilities.count)
            for r in 0..<batch {
                let draw = generator.uniform()                                                      // one draw shared by the row
                for i in probabilities.indices where draw < probabilities[i] { x[r, i] = generator.uniform() }
            }
            return x
        }, with: Mistakes.samplerSharedDraw)
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, generator in
            let row = SparseFeatureSampler(probabilities: probabilities).sample(batchSize: 1, generator: &generator)
            return Matrix(rows: batch, cols: probabilities.count) { _, i in row[0, i] }
        }, with: Mistakes.samplerRepeatedRows)
        expectRejected(Step2Grader.gradeSampler { batch, probabilities, _ in
            var own = SystemRandomNumberGenerator()
            return Matrix(rows: batch, cols: probabilities.count) { _, i in
                Double.random(in: 0..<1, using: &own) < probabilities[i] ? Double.random(in: 0..<1, using: &own) : 0
            }
        }, with: Mistakes.samplerNotSeeded)
    }

    // MARK: - 2.2 Hidden activations

    @Test func hiddenReferenceAndPlaceholder() {
        #expect(Step2Grader.gradeHiddenActivations { $0.matmulTransposed($1) }.passed)
        #expect(Step2Grader.gradeHiddenActivations { _, _ in .placeholder }.isNotImplemented)
    }

    @Test func hiddenWrittenDifferentlyPasses() {
        let report = Step2Grader.gradeHiddenActivations { x, W in
            Matrix(rows: x.rows, cols: W.rows) { b, j in (0..<W.cols).reduce(0.0) { $0 + W[j, $1] * x[b, $1] } }
        }
        #expect(report.passed, Comment(rawValue: report.description))
    }

    @Test func hiddenMistakesGetTheirHints() {
        // Multiplying on the wrong side would crash on a non-square W; the grader's first case is square, so it never gets there.
        expectRejected(Step2Grader.gradeHiddenActivations { x, W in x.matmul(W) }, with: Mistakes.hiddenTimesWTransposeSide)
        expectRejected(Step2Grader.gradeHiddenActivations { x, W in x.matmulTransposed(W).map { max(0, $0) } }, with: Mistakes.hiddenWithReLU)
        expectRejected(Step2Grader.gradeHiddenActivations { x, W in x.matmul(W.transposedMatmul(W)) }, with: Mistakes.hiddenReturnedReconstruction)
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
            return ActivationStatistics(meanNorm: mean, normStandardDeviation: (m2 / Double(a.rows)).squareRoot(),
                                        normalisationScale: Double(a.cols).squareRoot() / mean)
        }
        #expect(report.passed, Comment(rawValue: report.description))
    }

    @Test func statisticsMistakesGetTheirHints() {
        func stats(_ a: Matrix, meanNorm: (([Double]) -> Double)? = nil, divisor: ((Int) -> Double)? = nil, invert: Bool = false) -> ActivationStatistics {
            let norms = a.rowNorms
            let mean = norms.reduce(0, +) / Double(norms.count)
            let used = meanNorm?(norms) ?? mean
            let sd = (norms.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (divisor?(norms.count) ?? Double(norms.count))).squareRoot()
            let root = Double(a.cols).squareRoot()
            return ActivationStatistics(meanNorm: used, normStandardDeviation: sd, normalisationScale: invert ? used / root : root / used)
        }
        let meanSquare = { (norms: [Double]) in norms.map { $0 * $0 }.reduce(0, +) / Double(norms.count) }
        expectRejected(Step2Grader.gradeStatistics { stats($0, meanNorm: meanSquare) }, with: Mistakes.statisticsSquaredNorm)
        expectRejected(Step2Grader.gradeStatistics { stats($0, meanNorm: { meanSquare($0).squareRoot() }) }, with: Mistakes.statisticsRootMeanSquare)
        expectRejected(Step2Grader.gradeStatistics { stats($0, invert: true) }, with: Mistakes.statisticsScaleInverted)
        expectRejected(Step2Grader.gradeStatistics { stats($0, divisor: { Double($0 - 1) }) }, with: Mistakes.statisticsSampleDeviation)
        expectRejected(Step2Grader.gradeStatistics { a in
            let norms = a.columnNorms, mean = norms.reduce(0, +) / Double(norms.count)
            let sd = (norms.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(norms.count)).squareRoot()
            return ActivationStatistics(meanNorm: mean, normStandardDeviation: sd, normalisationScale: Double(a.cols).squareRoot() / mean)
        }, with: Mistakes.statisticsColumnNorms)
    }
}
