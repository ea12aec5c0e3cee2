// The grader for step 4.

@testable import Grading
import Foundation
import SAEKit
import Testing

@Suite("Grading step 4")
struct Step4GradingTests {
    @Test func referencesPass() {
        #expect(Step4Grader.gradeAdam { adamUpdate(&$0, gradient: $1, moments: &$2, learningRate: $3, hyperparameters: $4) }.passed)
        let removing = Step4Grader.gradeUnitNormDecoder(removeParallel: { $0.removingRowComponents(along: $1) },
                                                        normalise: { var m = $0; m.normaliseRows(); return m })
        #expect(removing.passed)
        #expect(Step4Grader.gradeSchedule { $1.rate(at: $0) }.passed)
        #expect(Step4Grader.gradeResampling { $0.resampling(firingCounts: $1, replacements: $2, encoderScale: $3) }.passed)
    }

    @Test func placeholdersAreNotImplemented() {
        #expect(Step4Grader.gradeAdam { _, _, _, _, _ in }.isNotImplemented)
        #expect(Step4Grader.gradeUnitNormDecoder(removeParallel: { _, _ in .placeholder }, normalise: { _ in .placeholder }).isNotImplemented)
        #expect(Step4Grader.gradeSchedule { _, _ in .placeholder }.isNotImplemented)
        #expect(Step4Grader.gradeResampling { _, _, _, _ in .placeholder }.isNotImplemented)
    }

    /// Adam written with the whole-vector operations of the paper's Algorithm 1, with switches for the usual mistakes.
    static func adam(_ θ: inout [Double], _ g: [Double], _ m: inout AdamMoments, _ lr: Double, _ h: AdamHyperparameters,
                     biasCorrection: Bool = true, epsilonInside: Bool = false, coupled: Bool = false) {
        m.step += 1
        let gradient = coupled ? zip(g, θ).map { $0 + h.weightDecay * $1 } : g
        m.mean = zip(m.mean, gradient).map { h.beta1 * $0 + (1 - h.beta1) * $1 }
        m.squaredMean = zip(m.squaredMean, gradient).map { h.beta2 * $0 + (1 - h.beta2) * $1 * $1 }
        let c1 = biasCorrection ? 1 - pow(h.beta1, Double(m.step)) : 1, c2 = biasCorrection ? 1 - pow(h.beta2, Double(m.step)) : 1
        let decay = coupled ? 0 : h.weightDecay
        θ = θ.indices.map { i in
            let vHat = m.squaredMean[i] / c2
            let denominator = epsilonInside ? (vHat + h.epsilon).squareRoot() : vHat.squareRoot() + h.epsilon
            return θ[i] - lr * ((m.mean[i] / c1) / denominator + decay * θ[i])
        }
    }

    @Test func adamWrittenDifferentlyPassesAndMistakesGetHints() {
        let report = Step4Grader.gradeAdam { Self.adam(&$0, $1, &$2, $3, $4) }
        #expect(report.passed, Comment(rawValue: report.description))
        expectRejected(Step4Grader.gradeAdam { Self.adam(&$0, $1, &$2, $3, $4, biasCorrection: false) }, with: Mistakes.adamWithoutBiasCorrection)
        expectRejected(Step4Grader.gradeAdam { Self.adam(&$0, $1, &$2, $3, $4, epsilonInside: true) }, with: Mistakes.adamEpsilonInsideRoot)
        expectRejected(Step4Grader.gradeAdam { Self.adam(&$0, $1, &$2, $3, $4, coupled: true) }, with: Mistakes.adamCoupledWeightDecay)
    }

    @Test func adamMustCountItsSteps() {
        // Right parameters, but moments.step advanced twice per update: the step count must be checked on its own.
        let report = Step4Grader.gradeAdam { θ, g, m, lr, h in
            var copy = m
            adamUpdate(&θ, gradient: g, moments: &copy, learningRate: lr, hyperparameters: h)
            copy.step += 1
            m = copy
        }
        #expect(!report.passed && report.description.contains("✗ moments.step: expected 3, got 6"), Comment(rawValue: report.description))
    }

    @Test func decoderMistakesGetTheirHints() {
        let normaliseRows = { (m: Matrix) in Matrix(rows: m.rows, cols: m.cols) { r, c in m[r, c] / m.rowNorms[r] } }
        let project = { (g: Matrix, w: Matrix) in
            Matrix(rows: g.rows, cols: g.cols) { r, c in g[r, c] - dot(g.row(r), w.row(r)) * w[r, c] }
        }
        let report = Step4Grader.gradeUnitNormDecoder(removeParallel: project, normalise: normaliseRows)
        #expect(report.passed, Comment(rawValue: report.description))
        expectRejected(Step4Grader.gradeUnitNormDecoder(removeParallel: project, normalise: { m in
            Matrix(rows: m.rows, cols: m.cols) { r, c in m[r, c] / m.columnNorms[c] }
        }), with: Mistakes.normalisedColumns)
        expectRejected(Step4Grader.gradeUnitNormDecoder(removeParallel: { g, w in
            Matrix(rows: g.rows, cols: g.cols) { r, c in g[r, c] - dot(g.column(c), w.column(c)) / dot(w.column(c), w.column(c)) * w[r, c] }
        }, normalise: normaliseRows), with: Mistakes.projectedWrongAxis)
        expectRejected(Step4Grader.gradeUnitNormDecoder(removeParallel: { g, w in
            Matrix(rows: g.rows, cols: g.cols) { r, c in dot(g.row(r), w.row(r)) * w[r, c] }
        }, normalise: normaliseRows), with: Mistakes.returnedParallelComponent)
    }

    @Test func scheduleWrittenDifferentlyPassesAndMistakesGetHints() {
        func rate(_ step: Int, _ s: LearningRateSchedule, warmupFromZero: Bool = false, ignoreWarmup: Bool = false, ignoreFloor: Bool = false) -> Double {
            if step < s.warmupSteps { return s.learningRate * Double(warmupFromZero ? step : step + 1) / Double(s.warmupSteps) }
            guard s.decay == .cosine else { return s.learningRate }
            let start = ignoreWarmup ? 0 : s.warmupSteps
            let p = Double(step - start) / Double(max(1, s.totalSteps - 1 - start))
            let low = ignoreFloor ? 0 : s.finalFraction * s.learningRate
            return low + (s.learningRate - low) * cos(.pi * p / 2) * cos(.pi * p / 2)    // ½(1 + cos πp) = cos²(πp/2)
        }
        let report = Step4Grader.gradeSchedule { rate($0, $1) }
        #expect(report.passed, Comment(rawValue: report.description))
        expectRejected(Step4Grader.gradeSchedule { rate($0, $1, warmupFromZero: true) }, with: Mistakes.warmupFromZero)
        expectRejected(Step4Grader.gradeSchedule { rate($0, $1, ignoreWarmup: true) }, with: Mistakes.cosineIgnoresWarmup)
        expectRejected(Step4Grader.gradeSchedule { rate($0, $1, ignoreFloor: true) }, with: Mistakes.cosineIgnoresFloor)
    }

    /// Resampling written column by column, with switches for the usual mistakes.
    static func resample(_ sae: SparseAutoencoder, _ counts: [Int], _ replacements: Matrix, _ scale: Double,
                         aliveToo: Bool = false, normaliseDecoder: Bool = true, scaleEncoder: Bool = true, resetBias: Bool = true) -> ResampledAutoencoder {
        let targets = counts.indices.filter { aliveToo ? counts[$0] > 0 : counts[$0] == 0 }
        let alive = counts.indices.filter { counts[$0] > 0 }
        let encoderNorms = sae.W_enc.columnNorms
        let mean = alive.map { encoderNorms[$0] }.reduce(0, +) / Double(max(1, alive.count))
        var result = sae
        var done: [Int] = []
        for (k, j) in targets.enumerated() where k < replacements.rows {
            let unit = replacements.row(k).map { $0 / replacements.rowNorms[k] }
            for c in 0..<sae.inputDims {
                result.W_dec[j, c] = normaliseDecoder ? unit[c] : replacements[k, c]
                result.W_enc[c, j] = unit[c] * (scaleEncoder ? scale * mean : 1)
            }
            if resetBias { result.b_enc[j] = 0 }
            done.append(j)
        }
        return ResampledAutoencoder(autoencoder: result, resampled: done)
    }

    @Test func resamplingWrittenDifferentlyPassesAndMistakesGetHints() {
        let report = Step4Grader.gradeResampling { Self.resample($0, $1, $2, $3) }
        #expect(report.passed, Comment(rawValue: report.description))
        expectRejected(Step4Grader.gradeResampling { Self.resample($0, $1, $2, $3, aliveToo: true) }, with: Mistakes.resampledAlive)
        expectRejected(Step4Grader.gradeResampling { Self.resample($0, $1, $2, $3, normaliseDecoder: false) }, with: Mistakes.resampledDecoderNotNormalised)
        expectRejected(Step4Grader.gradeResampling { Self.resample($0, $1, $2, $3, scaleEncoder: false) }, with: Mistakes.resampledEncoderNotScaled)
        expectRejected(Step4Grader.gradeResampling { Self.resample($0, $1, $2, $3, resetBias: false) }, with: Mistakes.resampledBiasKept)
    }
}
