// The grader for step 1 is itself tested, in four ways per exercise:
//   the reference (SAEKit) passes; the stub's placeholder is "not implemented";
//   hand-written known mistakes fail with their specific hint; a correct implementation
//   written differently from the solution passes.

@testable import Grading
import SAEKit
import Testing

@Suite("Grading step 1")
struct Step1GradingTests {
    // MARK: - 1.1 Forward

    @Test func forwardReferencePasses() {
        #expect(Step1Grader.gradeForward { x, model in model.forward(x) }.passed)
    }

    @Test func forwardPlaceholderIsNotImplemented() {
        let report = Step1Grader.gradeForward { _, _ in .placeholder }
        #expect(report.isNotImplemented)
        #expect(report.description.contains("Exercise 1.1 (toy model forward) is not implemented yet"))
        #expect(report.description.contains("Chapters/01-superposition.md#exercise-11"))
    }

    @Test func forwardMistakesGetTheirHints() {
        let noReLU = Step1Grader.gradeForward { x, model in x.matmulTransposed(model.W).matmul(model.W).addingToEachRow(model.b) }
        expectRejected(noReLU, with: Mistakes.forwardWithoutReLU)
        let noBias = Step1Grader.gradeForward { x, model in
            Matrix(rows: x.rows, cols: x.cols) { r, i in
                max(0, (0..<model.W.rows).reduce(0.0) { acc, j in
                    acc + model.W[j, i] * (0..<x.cols).reduce(0.0) { $0 + model.W[j, $1] * x[r, $1] }
                })
            }
        }
        expectRejected(noBias, with: Mistakes.forwardWithoutBias)
        let biasOutside = Step1Grader.gradeForward { x, model in x.matmulTransposed(model.W).matmul(model.W).relu.addingToEachRow(model.b) }
        expectRejected(biasOutside, with: Mistakes.forwardBiasAfterReLU)
    }

    @Test func forwardWrongShapeNamesTheShapes() {
        let hiddenOnly = Step1Grader.gradeForward { x, model in x.matmulTransposed(model.W) }
        #expect(!hiddenOnly.passed && !hiddenOnly.isNotImplemented)
        #expect(hiddenOnly.description.contains("has shape [4, 3], expected [4, 5]"))
    }

    @Test func forwardWrittenDifferentlyPasses() {
        // Via the Gram matrix G = WᵀW, computed first: x' = ReLU(x·G + b).
        let report = Step1Grader.gradeForward { x, model in
            let gram = model.W.transposed.matmul(model.W)
            return x.matmul(gram).addingToEachRow(model.b).map { $0 > 0 ? $0 : 0 }
        }
        #expect(report.passed, Comment(rawValue: report.description))
    }

    // MARK: - 1.2 Loss

    @Test func lossReferencePasses() {
        #expect(Step1Grader.gradeLoss { ToyModel.loss($0, reconstruction: $1, importance: $2) }.passed)
    }

    @Test func lossPlaceholderIsNotImplemented() {
        #expect(Step1Grader.gradeLoss { _, _, _ in .placeholder }.isNotImplemented)
    }

    @Test func lossMistakesGetTheirHints() {
        func sumOfSquares(_ x: Matrix, _ y: Matrix, _ weights: [Double]) -> Double {
            (x - y).hadamard(x - y).scalingColumns(by: weights).sum
        }
        expectRejected(Step1Grader.gradeLoss { sumOfSquares($0, $1, $2.map { _ in 1 }) / Double($0.rows) },
                       with: Mistakes.lossWithoutImportance)
        expectRejected(Step1Grader.gradeLoss { sumOfSquares($0, $1, $2) / Double($0.cols) }, with: Mistakes.lossMeanOverFeatures)
        expectRejected(Step1Grader.gradeLoss { sumOfSquares($0, $1, $2) / Double($0.values.count) }, with: Mistakes.lossMeanOverBoth)
        expectRejected(Step1Grader.gradeLoss { sumOfSquares($0, $1, $2) }, with: Mistakes.lossNoMean)
        expectRejected(Step1Grader.gradeLoss { x, y, w in (x - y).map(abs).scalingColumns(by: w).sum / Double(x.rows) },
                       with: Mistakes.lossNotSquared)
    }

    @Test func lossWrittenDifferentlyPasses() {
        // Feature-major order: per-feature mean squared error, then the importance-weighted sum.
        let report = Step1Grader.gradeLoss { x, reconstruction, importance in
            (0..<x.cols).reduce(0.0) { total, i in
                let errors = (0..<x.rows).map { x[$0, i] - reconstruction[$0, i] }
                return total + importance[i] * errors.map { $0 * $0 }.reduce(0, +) / Double(x.rows)
            }
        }
        #expect(report.passed, Comment(rawValue: report.description))
    }

    // MARK: - 1.3 Gradients

    @Test func gradientsReferencePasses() {
        #expect(Step1Grader.gradeGradients { $1.gradients($0, importance: $2) }.passed)
    }

    @Test func gradientsPlaceholderIsNotImplemented() {
        #expect(Step1Grader.gradeGradients { _, _, _ in .placeholder }.isNotImplemented)
    }

    @Test func gradientsMissingAPathGetsTheHint() {
        let decodingOnly = Step1Grader.gradeGradients { x, model, importance in
            handWrittenGradients(x, model, importance, paths: .decoding)
        }
        expectRejected(decodingOnly, with: Mistakes.gradientDecoderPathOnly)
        #expect(decodingOnly.description.contains("∂L/∂W"))
        #expect(!decodingOnly.description.contains("✗ ∂L/∂b"), "b's gradient is right in this mistake and must not be flagged")
        let encodingOnly = Step1Grader.gradeGradients { x, model, importance in
            handWrittenGradients(x, model, importance, paths: .encoding)
        }
        expectRejected(encodingOnly, with: Mistakes.gradientEncoderPathOnly)
    }

    @Test func gradientsOtherMistakesGetTheirHints() {
        expectRejected(Step1Grader.gradeGradients { handWrittenGradients($0, $1, $2, masked: false) }, with: Mistakes.gradientNoReLUMask)
        expectRejected(Step1Grader.gradeGradients { handWrittenGradients($0, $1, $2, factor: 1) }, with: Mistakes.gradientMissingFactorTwo)
        expectRejected(Step1Grader.gradeGradients { x, model, importance in handWrittenGradients(x, model, importance.map { _ in 1 }) },
                       with: Mistakes.gradientWithoutImportance)
        expectRejected(Step1Grader.gradeGradients { handWrittenGradients($0, $1, $2, factor: -2) }, with: Mistakes.gradientSignFlipped)
    }

    @Test func gradientsFailureIncludesTheFiniteDifferenceCheck() {
        let report = Step1Grader.gradeGradients { handWrittenGradients($0, $1, $2, factor: 1) }
        #expect(report.description.contains("central finite differences"))
        #expect(report.description.contains("(disagrees)"))
    }

    @Test func gradientsWrittenDifferentlyPasses() {
        let report = Step1Grader.gradeGradients { handWrittenGradients($0, $1, $2) }
        #expect(report.passed, Comment(rawValue: report.description))
    }

    @Test func referenceGradientsMatchFiniteDifferences() {
        for gradingCase in Step1Cases.toy {
            let c = gradingCase.input
            let analytic = c.model.gradients(c.x, importance: c.importance)
            let numeric = Step1Grader.numericGradients(c)
            for (a, n) in zip(analytic.W.values + analytic.b, numeric.W.values + numeric.b) {
                #expect(abs(a - n) < 1e-7 * max(1, abs(n)), "case \(gradingCase.label)")
            }
        }
    }

    // MARK: - 1.4 Metrics

    @Test func metricsReferencePasses() {
        #expect(Step1Grader.gradeMetrics { SuperpositionMetrics(W: $0) }.passed)
    }

    @Test func metricsPlaceholderIsNotImplemented() {
        #expect(Step1Grader.gradeMetrics { _ in .placeholder }.isNotImplemented)
    }

    @Test func metricsMistakesGetTheirHints() {
        expectRejected(Step1Grader.gradeMetrics { W in
            var metrics = SuperpositionMetrics(W: W)
            let gram = W.transposedMatmul(W)
            metrics.interference = (0..<W.cols).map { i in (0..<W.cols).reduce(0.0) { $1 == i ? $0 : $0 + gram[i, $1] * gram[i, $1] } }
            return metrics
        }, with: Mistakes.interferenceUnnormalised)
        expectRejected(Step1Grader.gradeMetrics { W in
            var metrics = SuperpositionMetrics(W: W)
            metrics.interference = metrics.interference.indices.map { metrics.interference[$0] + pow(metrics.featureNorms[$0], 2) }
            return metrics
        }, with: Mistakes.interferenceIncludesSelf)
        expectRejected(Step1Grader.gradeMetrics { W in
            var metrics = SuperpositionMetrics(W: W)
            metrics.featureNorms = (0..<W.cols).map { c in W.column(c).reduce(0) { $0 + $1 * $1 } }
            return metrics
        }, with: Mistakes.normsSquared)
        expectRejected(Step1Grader.gradeMetrics { W in
            var metrics = SuperpositionMetrics(W: W)
            metrics.dimensionsPerFeature = W.values.reduce(0) { $0 + $1 * $1 } / Double(W.rows)
            return metrics
        }, with: Mistakes.dimensionsPerFeatureInverted)
        expectRejected(Step1Grader.gradeMetrics { SuperpositionMetrics(W: $0.transposed) }, with: Mistakes.metricsOverRows)
    }

    @Test func metricsWrittenDifferentlyPasses() {
        // D_i from ‖W_i‖² / (‖W_i‖² + interference_i), with cosines taken from the Gram matrix.
        let report = Step1Grader.gradeMetrics { W in
            let gram = W.transposed.matmul(W)
            let norms = (0..<W.cols).map { gram[$0, $0].squareRoot() }
            let interference = (0..<W.cols).map { i in
                norms[i] <= 1e-12 ? 0 : (0..<W.cols).filter { $0 != i }.map { pow(gram[i, $0] / norms[i], 2) }.reduce(0, +)
            }
            let dimensionality = (0..<W.cols).map { i in norms[i] <= 1e-12 ? 0 : pow(norms[i], 2) / (pow(norms[i], 2) + interference[i]) }
            return SuperpositionMetrics(featureNorms: norms, interference: interference, featureDimensionality: dimensionality,
                                        dimensionsPerFeature: Double(W.rows) / norms.map { $0 * $0 }.reduce(0, +))
        }
        #expect(report.passed, Comment(rawValue: report.description))
    }

    @Test func metricsKnownAnswerForThePentagon() {
        let pentagon = Step1Cases.embeddings[1].input
        let metrics = SuperpositionMetrics(W: pentagon)
        for value in metrics.featureDimensionality { #expect(abs(value - 0.4) < 1e-12) }
        #expect(abs(metrics.dimensionsPerFeature - 0.4) < 1e-12)
    }
}

// MARK: - Helpers

/// The report must fail (not "not implemented") and carry `mistake`'s hint.
enum GradientPaths { case both, decoding, encoding }

/// The toy model's gradients written out per entry, with switches that reproduce the usual mistakes.
// x: [B, n]  W: [m, n]  ->  ∂W: [m, n], ∂b: [n]
func handWrittenGradients(_ x: Matrix, _ model: ToyModel, _ importance: [Double], paths: GradientPaths = .both,
                          masked: Bool = true, factor: Double = 2) -> ToyModelGradients {
    let (W, b, m, n) = (model.W, model.b, model.W.rows, model.W.cols)
    var gradW = Matrix(rows: m, cols: n), gradB = [Double](repeating: 0, count: n)
    for s in 0..<x.rows {
        var h = [Double](repeating: 0, count: m)
        for j in 0..<m { for i in 0..<n { h[j] += W[j, i] * x[s, i] } }
        var dz = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var z = b[i]
            for j in 0..<m { z += W[j, i] * h[j] }
            let output = max(0, z)
            dz[i] = (!masked || z > 0) ? factor * importance[i] * (output - x[s, i]) / Double(x.rows) : 0
            gradB[i] += dz[i]
        }
        for j in 0..<m {
            let dh = (0..<n).reduce(0.0) { $0 + W[j, $1] * dz[$1] }
            for i in 0..<n {
                if paths != .encoding { gradW[j, i] += h[j] * dz[i] }
                if paths != .decoding { gradW[j, i] += dh * x[s, i] }
            }
        }
    }
    return ToyModelGradients(W: gradW, b: gradB)
}

import Foundation
