// The grader for step 1 is itself tested, in four ways per exercise:
//   the reference (SAEKit) passes; the stub's placeholder is "not implemented";
//   hand-written known mistakes fail with their specific hint; a correct implementation
//   written differently from the solution passes.

import Foundation
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
        #expect(
            report.description.contains("Exercise 1.1 (toy model forward) is not implemented yet"))
        #expect(report.description.contains("Chapters/01-superposition.md#exercise-11"))
    }

    @Test func forwardMistakesGetTheirHints() {
        let noReLU = Step1Grader.gradeForward { x, model in
            x.matmulTransposed(model.W).matmul(model.W).addingToEachRow(model.b)
        }
        expectRejected(noReLU, with: Mistakes.forwardWithoutReLU)
        let noBias = Step1Grader.gradeForward { x, model in
            Matrix(rows: x.rows, cols: x.cols) { r, i in
                max(
                    0,
                    (0..<model.W.rows).reduce(0.0) { acc, j in
                        acc + model.W[j, i]
                            * (0..<x.cols).reduce(0.0) { $0 + model.W[j, $1] * x[r, $1] }
                    })
            }
        }
        expectRejected(noBias, with: Mistakes.forwardWithoutBias)
        let biasOutside = Step1Grader.gradeForward { x, model in
            x.matmulTransposed(model.W).matmul(model.W).relu.addingToEachRow(model.b)
        }
        expectRejected(biasOutside, with: Mistakes.forwardBiasAfterReLU)
    }

    @Test func forwardNewMistakesGetTheirHints() {
        // W first, then Wᵀ: it fits on the square first case.
        expectRejected(Step1Grader.gradeForward { x, model in
            x.matmul(model.W).matmul(model.W.transposed).addingToEachRow(model.b).relu
        }, with: Mistakes.forwardWWTransposed)
        // A ReLU on the hidden layer too, written with loops.
        expectRejected(Step1Grader.gradeForward { x, model in
            let (W, m, n) = (model.W, model.W.rows, model.W.cols)
            var output = Matrix(rows: x.rows, cols: n)
            for s in 0..<x.rows {
                var h = [Double](repeating: 0, count: m)
                for j in 0..<m {
                    for i in 0..<n { h[j] += W[j, i] * x[s, i] }
                    h[j] = max(0, h[j])
                }
                for i in 0..<n {
                    var z = model.b[i]
                    for j in 0..<m { z += W[j, i] * h[j] }
                    output[s, i] = max(0, z)
                }
            }
            return output
        }, with: Mistakes.forwardReLUOnHidden)
    }

    @Test func forwardWithAThresholdInTheReLUIsRejectedOnTinyValues() {
        let report = Step1Grader.gradeForward { x, model in
            x.matmulTransposed(model.W).matmul(model.W).addingToEachRow(model.b)
                .map { $0 > 1e-6 ? $0 : 0 }
        }
        expectRejectedWithoutHint(report)
        #expect(report.description.contains("tiny values"))
        #expect(report.description.contains("x [3, 4] = 1e-8 × ("))
    }

    @Test func forwardWrongShapeNamesTheShapes() {
        let transposed = Step1Grader.gradeForward { x, model in model.forward(x).transposed }
        expectRejectedWithoutHint(transposed)
        #expect(transposed.description.contains("has shape [3, 2], expected [2, 3]"))
        #expect(transposed.description.contains("transposed?"))
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
        #expect(
            Step1Grader.gradeLoss { ToyModel.loss($0, reconstruction: $1, importance: $2) }.passed)
    }

    @Test func lossPlaceholderIsNotImplemented() {
        #expect(Step1Grader.gradeLoss { _, _, _ in .placeholder }.isNotImplemented)
    }

    @Test func lossMistakesGetTheirHints() {
        func sumOfSquares(_ x: Matrix, _ y: Matrix, _ weights: [Double]) -> Double {
            (x - y).hadamard(x - y).scalingColumns(by: weights).sum
        }
        expectRejected(
            Step1Grader.gradeLoss { sumOfSquares($0, $1, $2.map { _ in 1 }) / Double($0.rows) },
            with: Mistakes.lossWithoutImportance)
        expectRejected(
            Step1Grader.gradeLoss { sumOfSquares($0, $1, $2) / Double($0.cols) },
            with: Mistakes.lossMeanOverFeatures)
        expectRejected(
            Step1Grader.gradeLoss { sumOfSquares($0, $1, $2) / Double($0.values.count) },
            with: Mistakes.lossMeanOverBoth)
        expectRejected(
            Step1Grader.gradeLoss { sumOfSquares($0, $1, $2) }, with: Mistakes.lossNoMean)
        expectRejected(
            Step1Grader.gradeLoss { x, y, w in
                (x - y).map(abs).scalingColumns(by: w).sum / Double(x.rows)
            },
            with: Mistakes.lossNotSquared)
    }

    @Test func lossNewMistakesGetTheirHints() {
        func total(_ x: Matrix, _ y: Matrix, _ term: (Int, Double) -> Double) -> Double {
            var sum = 0.0
            for r in 0..<x.rows { for i in 0..<x.cols { sum += term(i, x[r, i] - y[r, i]) } }
            return sum
        }
        expectRejected(Step1Grader.gradeLoss { x, y, importance in
            total(x, y) { i, e in (importance[i] * e) * (importance[i] * e) } / Double(x.rows)
        }, with: Mistakes.lossImportanceInsideSquare)
        expectRejected(Step1Grader.gradeLoss { x, y, importance in
            let weights = importance.reduce(0, +)
            return total(x, y) { i, e in importance[i] * e * e } / (Double(x.rows) * weights)
        }, with: Mistakes.lossWeightedAverage)
        expectRejected(Step1Grader.gradeLoss { x, y, importance in
            0.5 * (x - y).hadamard(x - y).scalingColumns(by: importance).sum / Double(x.rows)
        }, with: Mistakes.lossHalved)
    }

    @Test func lossIsCheckedOnAPerfectReconstructionAndAZeroImportance() {
        // Importance 0 replaced by a small floor: right wherever every importance is positive.
        let report = Step1Grader.gradeLoss { x, y, importance in
            ToyModel.loss(x, reconstruction: y, importance: importance.map { max($0, 1e-3) })
        }
        expectRejectedWithoutHint(report)
        #expect(report.description.contains("importance 0"))
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
        #expect(
            !decodingOnly.description.contains("✗ ∂L/∂b"),
            "b's gradient is right in this mistake and must not be flagged")
        let encodingOnly = Step1Grader.gradeGradients { x, model, importance in
            handWrittenGradients(x, model, importance, paths: .encoding)
        }
        expectRejected(encodingOnly, with: Mistakes.gradientEncoderPathOnly)
    }

    @Test func gradientsOtherMistakesGetTheirHints() {
        expectRejected(
            Step1Grader.gradeGradients { handWrittenGradients($0, $1, $2, masked: false) },
            with: Mistakes.gradientNoReLUMask)
        expectRejected(
            Step1Grader.gradeGradients { handWrittenGradients($0, $1, $2, factor: 1) },
            with: Mistakes.gradientMissingFactorTwo)
        expectRejected(
            Step1Grader.gradeGradients { x, model, importance in
                handWrittenGradients(x, model, importance.map { _ in 1 })
            },
            with: Mistakes.gradientWithoutImportance)
        expectRejected(
            Step1Grader.gradeGradients { handWrittenGradients($0, $1, $2, factor: -2) },
            with: Mistakes.gradientSignFlipped)
    }

    @Test func gradientsNewMistakesGetTheirHints() {
        expectRejected(Step1Grader.gradeGradients {
            handWrittenGradients($0, $1, $2, gate: .input)
        }, with: Mistakes.gradientMaskFromInput)
        expectRejected(Step1Grader.gradeGradients {
            handWrittenGradients($0, $1, $2, averageBias: true)
        }, with: Mistakes.gradientBiasAveraged)
        expectRejected(Step1Grader.gradeGradients {
            handWrittenGradients($0, $1, $2, mean: .overFeatures)
        }, with: Mistakes.gradientMeanOverFeatures)
        expectRejected(Step1Grader.gradeGradients {
            handWrittenGradients($0, $1, $2, mean: .overBoth)
        }, with: Mistakes.gradientMeanOverBoth)
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
        for gradingCase in Step1Cases.gradients {
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
        expectRejected(
            Step1Grader.gradeMetrics { W in
                var metrics = SuperpositionMetrics(W: W)
                let gram = W.transposedMatmul(W)
                metrics.interference = (0..<W.cols).map { i in
                    (0..<W.cols).reduce(0.0) { $1 == i ? $0 : $0 + gram[i, $1] * gram[i, $1] }
                }
                return metrics
            }, with: Mistakes.interferenceUnnormalised)
        expectRejected(
            Step1Grader.gradeMetrics { W in
                var metrics = SuperpositionMetrics(W: W)
                metrics.interference = metrics.interference.indices.map {
                    metrics.interference[$0] + pow(metrics.featureNorms[$0], 2)
                }
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
        expectRejected(
            Step1Grader.gradeMetrics { SuperpositionMetrics(W: $0.transposed) },
            with: Mistakes.metricsOverRows)
    }

    @Test func metricsNewMistakesGetTheirHints() {
        expectRejected(Step1Grader.gradeMetrics { loopMetrics($0, noDirection: { $0 == 0 }) },
                       with: Mistakes.zeroColumnExactTest)
        expectRejected(Step1Grader.gradeMetrics { loopMetrics($0, noDirection: { $0 < 1e-6 }) },
                       with: Mistakes.zeroColumnThresholdTooLarge)
        expectRejected(Step1Grader.gradeMetrics { loopMetrics($0, cosines: true) },
                       with: Mistakes.metricsCosinesOnly)
        expectRejected(Step1Grader.gradeMetrics { W in
            var metrics = loopMetrics(W)
            let frobenius = W.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            metrics.dimensionsPerFeature = Double(W.rows) / frobenius
            return metrics
        }, with: Mistakes.dimensionsPerFeatureUnsquared)
    }

    @Test func metricsForAnAllZeroWFollowTheRule() {
        // m / ‖W‖²_F with no rule for ‖W‖_F = 0: infinite.
        let report = Step1Grader.gradeMetrics { W in
            var metrics = loopMetrics(W)
            metrics.dimensionsPerFeature = Double(W.rows) / W.values.reduce(0) { $0 + $1 * $1 }
            return metrics
        }
        expectRejectedWithoutHint(report)
        #expect(report.description.contains("W all zeros"))
        #expect(report.description.contains("got inf"))
    }

    @Test func metricsLoopsPass() {
        expectPassed(Step1Grader.gradeMetrics { loopMetrics($0) })
    }

    @Test func metricsWrittenDifferentlyPasses() {
        // D_i from ‖W_i‖² / (‖W_i‖² + interference_i), with cosines taken from the Gram matrix.
        let report = Step1Grader.gradeMetrics { W in
            let gram = W.transposed.matmul(W)
            let norms = (0..<W.cols).map { gram[$0, $0].squareRoot() }
            let interference = (0..<W.cols).map { i in
                norms[i] <= 1e-12
                    ? 0
                    : (0..<W.cols).filter { $0 != i }.map { pow(gram[i, $0] / norms[i], 2) }.reduce(
                        0, +)
            }
            let dimensionality = (0..<W.cols).map { i in
                norms[i] <= 1e-12 ? 0 : pow(norms[i], 2) / (pow(norms[i], 2) + interference[i])
            }
            let squaredFrobenius = norms.map { $0 * $0 }.reduce(0, +)
            // the rule
            let perFeature = squaredFrobenius == 0 ? 0 : Double(W.rows) / squaredFrobenius
            return SuperpositionMetrics(featureNorms: norms, interference: interference,
                                        featureDimensionality: dimensionality,
                                        dimensionsPerFeature: perFeature)
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
