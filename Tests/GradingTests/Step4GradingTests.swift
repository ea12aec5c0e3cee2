// The grader for step 4: reference passes, placeholders are "not implemented", hand-written known
// mistakes fail with their hint, correct implementations written differently pass.

@testable import Grading
import Foundation
import SAEKit
import Testing

@Suite("Grading step 4")
struct Step4GradingTests {
    @Test func referencesPass() {
        expectPassed(Step4Grader.gradeAdam {
            adamUpdate(&$0, gradient: $1, moments: &$2, learningRate: $3, hyperparameters: $4)
        })
        expectPassed(Step4Grader.gradeUnitNormDecoder(
            removeParallel: { $0.removingRowComponents(along: $1) },
            normalise: { var m = $0; m.normaliseRows(); return m }))
        expectPassed(Step4Grader.gradeSchedule { $1.rate(at: $0) })
        expectPassed(Step4Grader.gradeResampling {
            $0.resampling(firingCounts: $1, replacements: $2, encoderScale: $3)
        })
    }

    @Test func theStepSizedCasesAreStep4s() {
        #expect(Step4Cases.adamScale.input.parameter.count == 2 * 16 * 64 + 64 + 16)
        #expect(Step4Cases.adamScale.callsPerRun == 10_000)
        #expect(Step4Cases.decoderScale.input.decoder.shape == [64, 16])
        #expect(Step4Cases.scheduleScale.input.totalSteps == 10_000)
        #expect(Step4Cases.resampleScale.callsPerRun == 3, "steps 2000, 4000 and 6000 of 10 000")
        let report = Step4Grader.gradeSchedule { $1.rate(at: $0) }
        #expect(report.outcome == .passed(cases: Step4Cases.schedule.count + 1))
    }

    @Test func placeholdersAreNotImplemented() {
        #expect(Step4Grader.gradeAdam { _, _, _, _, _ in }.isNotImplemented)
        #expect(Step4Grader.gradeUnitNormDecoder(removeParallel: { _, _ in .placeholder },
                                                 normalise: { _ in .placeholder }).isNotImplemented)
        #expect(Step4Grader.gradeSchedule { _, _ in .placeholder }.isNotImplemented)
        #expect(Step4Grader.gradeResampling { _, _, _, _ in .placeholder }.isNotImplemented)
    }

    @Test func everyKnownMistakeIsToldApartFromTheOthers() {
        expectEachVariantGetsItsOwnHint(Step4Grader.adamCheck)
        expectEachVariantGetsItsOwnHint(Step4Grader.decoderCheck)
        expectEachVariantGetsItsOwnHint(Step4Grader.scheduleCheck)
        expectEachVariantGetsItsOwnHint(Step4Grader.resamplingCheck)
    }

    // MARK: - 4.1

    /// The mistakes `adam` can make (the defaults make none).
    struct AdamOptions {
        var biasCorrection = true
        var epsilonInside = false
        var coupled = false
        /// t taken before the step count is increased.
        var stepCountedLate = false
        var storeCorrected = false
        var betaSwapped = false
        var decayWithoutRate = false
        var decay = true
        var epsilon = true
    }

    /// Adam written with the whole-vector operations of the paper's Algorithm 1, with switches for
    /// the usual mistakes.
    static func adam(_ θ: inout [Double], _ g: [Double], _ m: inout AdamMoments, _ lr: Double,
                     _ h: AdamHyperparameters, _ o: AdamOptions = AdamOptions()) {
        let t = Double(o.stepCountedLate ? m.step : m.step + 1)
        m.step += 1
        let (b1, b2) = o.betaSwapped ? (1 - h.beta1, 1 - h.beta2) : (h.beta1, h.beta2)
        let gradient = o.coupled ? zip(g, θ).map { $0 + h.weightDecay * $1 } : g
        m.mean = zip(m.mean, gradient).map { b1 * $0 + (1 - b1) * $1 }
        m.squaredMean = zip(m.squaredMean, gradient).map { b2 * $0 + (1 - b2) * $1 * $1 }
        let c1 = o.biasCorrection ? 1 - pow(h.beta1, t) : 1
        let c2 = o.biasCorrection ? 1 - pow(h.beta2, t) : 1
        let mHat = m.mean.map { $0 / c1 }, vHat = m.squaredMean.map { $0 / c2 }
        if o.storeCorrected { (m.mean, m.squaredMean) = (mHat, vHat) }
        let decay = o.coupled || !o.decay ? 0 : h.weightDecay
        θ = θ.indices.map { i in
            let denominator = o.epsilonInside ? (vHat[i] + h.epsilon).squareRoot()
                : vHat[i].squareRoot() + (o.epsilon ? h.epsilon : 0)
            if o.decayWithoutRate { return θ[i] - lr * mHat[i] / denominator - decay * θ[i] }
            return θ[i] - lr * (mHat[i] / denominator + decay * θ[i])
        }
    }

    static func gradeAdam(_ options: AdamOptions) -> GradeReport {
        Step4Grader.gradeAdam { Self.adam(&$0, $1, &$2, $3, $4, options) }
    }

    @Test func adamWrittenDifferentlyPassesAndMistakesGetHints() {
        expectPassed(Step4Grader.gradeAdam { Self.adam(&$0, $1, &$2, $3, $4) })
        expectRejected(Self.gradeAdam(AdamOptions(biasCorrection: false)),
                       with: Mistakes.adamWithoutBiasCorrection)
        expectRejected(Self.gradeAdam(AdamOptions(epsilonInside: true)),
                       with: Mistakes.adamEpsilonInsideRoot)
        expectRejected(Self.gradeAdam(AdamOptions(coupled: true)),
                       with: Mistakes.adamCoupledWeightDecay)
        expectRejected(Self.gradeAdam(AdamOptions(stepCountedLate: true)),
                       with: Mistakes.adamBiasCorrectionOffByOne)
        expectRejected(Self.gradeAdam(AdamOptions(storeCorrected: true)),
                       with: Mistakes.adamCorrectedMomentsStored)
        expectRejected(Self.gradeAdam(AdamOptions(betaSwapped: true)),
                       with: Mistakes.adamBetaSwapped)
        expectRejected(Self.gradeAdam(AdamOptions(decayWithoutRate: true)),
                       with: Mistakes.adamWeightDecayWithoutLearningRate)
        expectRejected(Self.gradeAdam(AdamOptions(decay: false)),
                       with: Mistakes.adamWeightDecayIgnored)
        expectRejected(Self.gradeAdam(AdamOptions(epsilon: false)),
                       with: Mistakes.adamWithoutEpsilon)
    }

    @Test func theNoBiasCorrectionHintSaysTheFirstStepsAreLarger() {
        #expect(Mistakes.adamWithoutBiasCorrection.hint.contains("too large"))
        #expect(!Mistakes.adamWithoutBiasCorrection.hint.contains("small"))
        // At t = 1 with β = (0.9, 0.999): m = 0.1g, v = 0.001g², so m/√v = 0.1/√0.001 ≈ 3.16
        // (times the sign of g).
        var θ = [0.0], moments = AdamMoments(count: 1)
        MistakenAdam.noBiasCorrection.update(&θ, [0.5], &moments, 1, AdamHyperparameters())
        #expect(abs(-θ[0] - 0.1 / 0.001.squareRoot()) < 1e-5)
    }

    @Test func aDivisionByZeroIsNamedNotHidden() {
        // Bias correction with t − 1: the first update divides by 1 − β⁰ = 0 and θ becomes NaN.
        let report = Self.gradeAdam(AdamOptions(stepCountedLate: true))
        #expect(report.description.contains("5 of 5 entries wrong (5 NaN, first at [0])"),
                Comment(rawValue: report.description))
        #expect(!report.description.contains("max rel error 0"))
    }

    @Test func adamMustCountItsSteps() {
        // Right parameters, but moments.step advanced twice per update: the step count must be
        // checked on its own.
        let report = Step4Grader.gradeAdam { θ, g, m, lr, h in
            var copy = m
            adamUpdate(&θ, gradient: g, moments: &copy, learningRate: lr, hyperparameters: h)
            copy.step += 1
            m = copy
        }
        #expect(!report.passed && report.description.contains("✗ moments.step: expected 3, got 6"),
                Comment(rawValue: report.description))
    }

    // MARK: - 4.2

    /// Rows normalised entry by entry, with switches for the usual mistakes.
    static func normaliseRows(_ m: Matrix, squared: Bool = false, epsilon: Double = 0,
                              guardZero: Bool = true) -> Matrix {
        Matrix(rows: m.rows, cols: m.cols) { r, c in
            let sum = m.row(r).reduce(0) { $0 + $1 * $1 }
            let norm = (squared ? sum : sum.squareRoot()) + epsilon
            return guardZero && norm == 0 ? 0 : m[r, c] / norm
        }
    }

    static func project(_ g: Matrix, _ w: Matrix) -> Matrix {
        Matrix(rows: g.rows, cols: g.cols) { r, c in g[r, c] - dot(g.row(r), w.row(r)) * w[r, c] }
    }

    @Test func decoderWrittenDifferentlyPasses() {
        expectPassed(Step4Grader.gradeUnitNormDecoder(removeParallel: Self.project,
                                                      normalise: { Self.normaliseRows($0) }))
    }

    @Test func decoderMistakesGetTheirHints() {
        let rows = { (m: Matrix) in Self.normaliseRows(m) }
        let byColumns = { (m: Matrix) in
            Matrix(rows: m.rows, cols: m.cols) { r, c in m[r, c] / m.columnNorms[c] }
        }
        expectRejected(Step4Grader.gradeUnitNormDecoder(removeParallel: Self.project,
                                                        normalise: byColumns),
                       with: Mistakes.normalisedColumns)
        expectRejected(Step4Grader.gradeUnitNormDecoder(removeParallel: { g, w in
            Matrix(rows: g.rows, cols: g.cols) { r, c in
                g[r, c] - dot(g.column(c), w.column(c)) / dot(w.column(c), w.column(c)) * w[r, c]
            }
        }, normalise: rows), with: Mistakes.projectedWrongAxis)
        expectRejected(Step4Grader.gradeUnitNormDecoder(removeParallel: { g, w in
            Matrix(rows: g.rows, cols: g.cols) { r, c in dot(g.row(r), w.row(r)) * w[r, c] }
        }, normalise: rows), with: Mistakes.returnedParallelComponent)
        // Whole-matrix code: G − (G·Wᵀ)·W removes every row's direction from every gradient row.
        expectRejected(Step4Grader.gradeUnitNormDecoder(removeParallel: { g, w in
            g - g.matmul(w.transposed).matmul(w)
        }, normalise: rows), with: Mistakes.projectedOnEveryRow)
        expectRejected(Step4Grader.gradeUnitNormDecoder(removeParallel: Self.project, normalise: {
            Self.normaliseRows($0, squared: true)
        }), with: Mistakes.normalisedBySquaredNorm)
        expectRejected(Step4Grader.gradeUnitNormDecoder(removeParallel: Self.project, normalise: {
            Self.normaliseRows($0, epsilon: 1e-8)
        }), with: Mistakes.normalisedWithEpsilon)
        expectRejected(Step4Grader.gradeUnitNormDecoder(removeParallel: Self.project, normalise: {
            Self.normaliseRows($0, guardZero: false)
        }), with: Mistakes.zeroRowDividedByZero)
    }

    // MARK: - 4.3

    /// The mistakes `rate` can make (the defaults make none).
    struct ScheduleOptions {
        var warmupFromZero = false
        var ignoreWarmup = false
        var ignoreFloor = false
        var overTotalSteps = false
        var quarterCosine = false
        var absoluteFloor = false
        var ignoreDecay = false
        var guardSpan = true
    }

    static func rate(_ step: Int, _ s: LearningRateSchedule,
                     _ o: ScheduleOptions = ScheduleOptions()) -> Double {
        if step < s.warmupSteps {
            let reached = Double(o.warmupFromZero ? step : step + 1)
            return s.learningRate * reached / Double(s.warmupSteps)
        }
        guard s.decay == .cosine || o.ignoreDecay else { return s.learningRate }
        let start = o.ignoreWarmup ? 0 : s.warmupSteps
        let span = s.totalSteps - (o.overTotalSteps ? 0 : 1) - start
        let p = o.guardSpan && span == 0 ? 0 : Double(step - start) / Double(span)
        let low = o.ignoreFloor ? 0 : s.finalFraction * (o.absoluteFloor ? 1 : s.learningRate)
        // ½(1 + cos πp) = cos²(πp/2)
        let shape = o.quarterCosine ? cos(.pi * p / 2) : cos(.pi * p / 2) * cos(.pi * p / 2)
        return low + (s.learningRate - low) * shape
    }

    static func gradeSchedule(_ options: ScheduleOptions) -> GradeReport {
        Step4Grader.gradeSchedule { Self.rate($0, $1, options) }
    }

    @Test func scheduleWrittenDifferentlyPassesAndMistakesGetHints() {
        expectPassed(Step4Grader.gradeSchedule { Self.rate($0, $1) })
        expectRejected(Self.gradeSchedule(ScheduleOptions(warmupFromZero: true)),
                       with: Mistakes.warmupFromZero)
        expectRejected(Self.gradeSchedule(ScheduleOptions(ignoreWarmup: true)),
                       with: Mistakes.cosineIgnoresWarmup)
        expectRejected(Self.gradeSchedule(ScheduleOptions(ignoreFloor: true)),
                       with: Mistakes.cosineIgnoresFloor)
        expectRejected(Self.gradeSchedule(ScheduleOptions(overTotalSteps: true)),
                       with: Mistakes.cosineOverTotalSteps)
        expectRejected(Self.gradeSchedule(ScheduleOptions(quarterCosine: true)),
                       with: Mistakes.quarterCosine)
        expectRejected(Self.gradeSchedule(ScheduleOptions(absoluteFloor: true)),
                       with: Mistakes.floorNotScaled)
        expectRejected(Self.gradeSchedule(ScheduleOptions(ignoreDecay: true)),
                       with: Mistakes.decayIgnored)
        expectRejected(Self.gradeSchedule(ScheduleOptions(guardSpan: false)),
                       with: Mistakes.progressDividesByZero)
    }
}
