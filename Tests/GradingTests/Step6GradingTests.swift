// The grader for step 6: references pass, placeholders are "not implemented", hand-written known
// mistakes fail with their hint, correct implementations written differently pass.

@testable import Grading
import SAEKit
import Testing

/// TopK by repeated selection of the maximum, with switches for the usual mistakes.
// z: [B, h]  ->  [B, h]
func selectionTopK(
    _ z: Matrix, _ k: Int, relu: Bool = true, keepTies: Bool = false, higherIndexFirst: Bool = false
) -> Matrix {
    var codes = Matrix(rows: z.rows, cols: z.cols)
    for b in 0..<z.rows {
        var taken = Set<Int>()
        var last = Double.infinity
        while taken.count < min(k, z.cols) {
            let candidates = (0..<z.cols).filter { !taken.contains($0) && (!relu || z[b, $0] > 0) }
            guard
                let best = candidates.max(by: {
                    z[b, $0] != z[b, $1]
                        ? z[b, $0] < z[b, $1] : (higherIndexFirst ? $0 < $1 : $0 > $1)
                })
            else { break }
            taken.insert(best)
            last = z[b, best]
        }
        if keepTies { for j in 0..<z.cols where z[b, j] > 0 && z[b, j] >= last { taken.insert(j) } }
        for j in taken { codes[b, j] = z[b, j] }
    }
    return codes
}

/// A TopK SAE's loss gradients accumulated sample by sample, with switches for the usual mistakes.
// a: [B, d]  ->  gradients
func perSampleTopKGradients(_ a: Matrix, _ sae: SparseAutoencoder,
                            maskByPreActivation: Bool = false, bDecEncoderTerm: Bool = true,
                            bDecDecoderTerm: Bool = true, encoderTermSign: Double = -1,
                            centredEncoderInput: Bool = true, batchMean: Bool = true,
                            topK: (Matrix, Int) -> Matrix = { selectionTopK($0, $1) })
    -> SAEGradients {
    let (d, h) = (sae.inputDims, sae.latentCount)
    let B = batchMean ? Double(a.rows) : 1
    var g = SAEGradients(
        W_enc: Matrix(rows: d, cols: h), b_enc: Array(repeating: 0, count: h),
        W_dec: Matrix(rows: h, cols: d), b_dec: Array(repeating: 0, count: d))
    for b in 0..<a.rows {
        let x = (0..<d).map { a[b, $0] - sae.b_dec[$0] }
        let z = Matrix(rows: 1, cols: h) { _, j in
            (0..<d).reduce(sae.b_enc[j]) { $0 + x[$1] * sae.W_enc[$1, j] }
        }
        let f = topK(z, sae.k!)
        let residual = (0..<d).map { i in
            (0..<h).reduce(sae.b_dec[i]) { $0 + f[0, $1] * sae.W_dec[$1, i] } - a[b, i]
        }
        for i in 0..<d where bDecDecoderTerm { g.b_dec[i] += 2 * residual[i] / B }
        for j in 0..<h {
            for i in 0..<d { g.W_dec[j, i] += 2 * f[0, j] * residual[i] / B }
            let open = maskByPreActivation ? z[0, j] > 0 : f[0, j] > 0
            guard open else { continue }
            let dz = (0..<d).reduce(0.0) { $0 + 2 * residual[$1] * sae.W_dec[j, $1] } / B
            g.b_enc[j] += dz
            for i in 0..<d {
                g.W_enc[i, j] += (centredEncoderInput ? x[i] : a[b, i]) * dz
                if bDecEncoderTerm { g.b_dec[i] += encoderTermSign * dz * sae.W_enc[i, j] }
            }
        }
    }
    return g
}

/// AuxK written per sample with loops, with switches for the usual mistakes.
func perSampleAuxK(_ a: Matrix, _ sae: SparseAutoencoder, _ dead: [Bool], _ kAux: Int,
                   onlyDead: Bool = true, keep: Int? = nil, bDecThroughEncoder: Bool = false,
                   scale: Double = 1, target: (Int, [Double]) -> [Double] = { $1 },
                   topK: (Matrix, Int) -> Matrix = { selectionTopK($0, $1) }) -> AuxKStep {
    let (d, h, B) = (sae.inputDims, sae.latentCount, Double(a.rows))
    var g = SAEGradients(
        W_enc: Matrix(rows: d, cols: h), b_enc: Array(repeating: 0, count: h),
        W_dec: Matrix(rows: h, cols: d), b_dec: Array(repeating: 0, count: d))
    var loss = 0.0
    for b in 0..<a.rows {
        let x = (0..<d).map { a[b, $0] - sae.b_dec[$0] }
        let z = Matrix(rows: 1, cols: h) { _, j in
            (0..<d).reduce(sae.b_enc[j]) { $0 + x[$1] * sae.W_enc[$1, j] }
        }
        let f = topK(z, sae.k!)
        let residual = (0..<d).map { i in
            a[b, i] - (0..<h).reduce(sae.b_dec[i]) { $0 + f[0, $1] * sae.W_dec[$1, i] }
        }
        let wanted = target(b, residual)
        let competing = Matrix(rows: 1, cols: h) { _, j in !onlyDead || dead[j] ? z[0, j] : -1 }
        let fAux = topK(competing, keep ?? kAux)
        let miss = (0..<d).map { i in
            (0..<h).reduce(0.0) { $0 + fAux[0, $1] * sae.W_dec[$1, i] } - wanted[i]
        }
        loss += scale * miss.reduce(0) { $0 + $1 * $1 } / B
        for j in 0..<h where fAux[0, j] > 0 {
            let dz = scale * (0..<d).reduce(0.0) { $0 + 2 * miss[$1] * sae.W_dec[j, $1] } / B
            g.b_enc[j] += dz
            for i in 0..<d {
                g.W_enc[i, j] += x[i] * dz
                g.W_dec[j, i] += scale * 2 * fAux[0, j] * miss[i] / B
                if bDecThroughEncoder { g.b_dec[i] -= dz * sae.W_enc[i, j] }   // x = a − b_dec
            }
        }
    }
    return AuxKStep(loss: loss, gradients: g)
}

@Suite("Grading step 6")
struct Step6GradingTests {
    @Test func referencesPass() {
        #expect(Step6Grader.gradeTopK { $0.topK($1) }.passed)
        #expect(
            Step6Grader.gradeGradients { $1.trainingStep($0, l1Coefficient: 0).gradients }.passed)
        #expect(Step6Grader.gradeAuxK { $1.auxKStep($0, dead: $2, kAux: $3) }.passed)
        #expect(
            Step6Grader.gradeShrinkage(
                ratios: { shrinkageRatios(latentCodes: $0, trueMagnitudes: $1, pairs: $2) },
                bias: relativeReconstructionBias
            ).passed)
        #expect(Step6Grader.gradeFidelity { reconstructionFidelity($0, reconstruction: $1) }.passed)
    }

    @Test func placeholdersAreNotImplemented() {
        #expect(Step6Grader.gradeTopK { _, _ in .placeholder }.isNotImplemented)
        #expect(Step6Grader.gradeGradients { _, _ in .placeholder }.isNotImplemented)
        #expect(Step6Grader.gradeAuxK { _, _, _, _ in .placeholder }.isNotImplemented)
        #expect(
            Step6Grader.gradeShrinkage(
                ratios: { _, _, _ in .placeholder }, bias: { _, _ in .placeholder }
            ).isNotImplemented)
        #expect(
            Step6Grader.gradeShrinkage(
                ratios: { shrinkageRatios(latentCodes: $0, trueMagnitudes: $1, pairs: $2) },
                bias: { _, _ in .placeholder }
            )
            .isNotImplemented, "half done is not done")
        let report = Step6Grader.gradeFidelity { _, _ in .placeholder }
        #expect(
            report.isNotImplemented
                && report.description.contains("see Chapters/06-topk.md#exercise-65"))
    }

    @Test func topKWrittenDifferentlyPassesAndMistakesGetTheirHints() {
        #expect(Step6Grader.gradeTopK { selectionTopK($0, $1) }.passed)
        expectRejected(
            Step6Grader.gradeTopK { selectionTopK($0, $1, relu: false) },
            with: Mistakes.topKBeforeReLU)
        expectRejected(
            Step6Grader.gradeTopK { selectionTopK($0, $1, keepTies: true) },
            with: Mistakes.topKTiesKeepExtra)
        expectRejected(
            Step6Grader.gradeTopK { selectionTopK($0, $1, higherIndexFirst: true) },
            with: Mistakes.topKTieRuleReversed)
    }

    /// TopK as a learner writes it after reading about BatchTopK, or with a sort or a threshold
    /// gone wrong: each gets its own hint, never the ties hint.
    @Test func topKNearMissesGetTheirOwnHints() {
        // BatchTopK: the k·B largest positive entries of the whole batch.
        let batchTopK = Step6Grader.gradeTopK { z, k in
            let positive = z.values.filter { $0 > 0 }.sorted(by: >)
            let threshold = positive.dropFirst(k * z.rows - 1).first ?? 0
            return z.map { $0 > 0 && $0 >= threshold ? $0 : 0 }
        }
        expectRejected(batchTopK, with: Mistakes.topKBatchTopK)
        #expect(batchTopK.description.contains("case 1 of"))
        expectRejected(Step6Grader.gradeTopK { z, k in
            var codes = Matrix(rows: z.rows, cols: z.cols)
            for b in 0..<z.rows {
                let ranked = (0..<z.cols).filter { z[b, $0] > 0 }.sorted { z[b, $0] < z[b, $1] }
                for j in ranked.prefix(k) { codes[b, j] = z[b, j] }
            }
            return codes
        }, with: Mistakes.topKSmallest)
        expectRejected(Step6Grader.gradeTopK { selectionTopK($0, $1).map { $0 > 0 ? 1 : 0 } },
                       with: Mistakes.topKMask)
        // Everything above the (k+1)-th largest value: right without ties.
        expectRejected(Step6Grader.gradeTopK { z, k in
            var codes = Matrix(rows: z.rows, cols: z.cols)
            for b in 0..<z.rows {
                let positive = z.row(b).filter { $0 > 0 }.sorted(by: >)
                let threshold = positive.count > k ? positive[k] : 0
                for j in 0..<z.cols where z[b, j] > threshold { codes[b, j] = z[b, j] }
            }
            return codes
        }, with: Mistakes.topKTiesDropped)
        expectRejected(Step6Grader.gradeTopK { z, k in
            var codes = Matrix(rows: z.rows, cols: z.cols)
            for b in 0..<z.rows {
                let ranked = (0..<z.cols).sorted {
                    abs(z[b, $0]) != abs(z[b, $1]) ? abs(z[b, $0]) > abs(z[b, $1]) : $0 < $1
                }
                for j in ranked.prefix(k) { codes[b, j] = z[b, j] }
            }
            return codes
        }, with: Mistakes.topKByMagnitude)
    }

    @Test func gradientsWrittenSampleBySamplePassAndMistakesGetTheirHints() {
        let report = Step6Grader.gradeGradients { perSampleTopKGradients($0, $1) }
        #expect(report.passed, Comment(rawValue: report.description))
        let unselected = Step6Grader.gradeGradients {
            perSampleTopKGradients($0, $1, maskByPreActivation: true)
        }
        expectRejected(unselected, with: Mistakes.topKGradientToUnselected)
        #expect(
            unselected.description.contains("(disagrees)"),
            "the finite-difference table backs the diagnosis")
        expectRejected(
            Step6Grader.gradeGradients { perSampleTopKGradients($0, $1, bDecEncoderTerm: false) },
            with: Mistakes.bDecMissingEncoderTerm)
        expectRejected(
            Step6Grader.gradeGradients { a, sae in
                let g = perSampleTopKGradients(a, sae)
                return SAEGradients(
                    W_enc: 0.5 * g.W_enc, b_enc: g.b_enc.map { $0 / 2 }, W_dec: 0.5 * g.W_dec,
                    b_dec: g.b_dec.map { $0 / 2 })
            }, with: Mistakes.reconstructionGradientMissingTwo)
        let grade = { (gradients: (Matrix, SparseAutoencoder) -> SAEGradients) in
            Step6Grader.gradeGradients(gradients)
        }
        expectRejected(grade { perSampleTopKGradients($0, $1, encoderTermSign: 1) },
                       with: Mistakes.bDecEncoderTermAdded)
        expectRejected(grade { perSampleTopKGradients($0, $1, bDecDecoderTerm: false) },
                       with: Mistakes.bDecMissingDecoderTerm)
        expectRejected(grade { perSampleTopKGradients($0, $1, centredEncoderInput: false) },
                       with: Mistakes.encoderGradientUncentred)
        expectRejected(grade { perSampleTopKGradients($0, $1, batchMean: false) },
                       with: Mistakes.topKGradientNotBatchAveraged)
    }

    /// A right 6.2 or 6.3 built on a wrong 6.1 (one sorted the wrong way) is told to fix 6.1 first.
    @Test func gradientsOnAWrongTopKAreSentBackTo6_1() {
        let wrongTopK = { (z: Matrix, k: Int) in LearnerFixtures.topKSmallest(z, k: k) }
        let report = Step6Grader.gradeGradients(topK: wrongTopK) {
            perSampleTopKGradients($0, $1, topK: wrongTopK)
        }
        expectRejected(report, with: Mistakes.usesWrongTopK)
        let auxK = Step6Grader.gradeAuxK(topK: wrongTopK) {
            perSampleAuxK($0, $1, $2, $3, topK: wrongTopK)
        }
        expectRejected(auxK, with: Mistakes.usesWrongTopK)
        let right = { (z: Matrix, k: Int) in selectionTopK(z, k) }
        expectPassed(Step6Grader.gradeGradients(topK: right) {
            perSampleTopKGradients($0, $1, topK: right)
        })
    }

    /// In the learner's suite 6.2 runs after its 6.1 in the same child: the report leads with
    /// the dependency and its hint, and says which exercise to fix.
    @Test func theReportSays6_1First() async throws {
        let result = await #expect(processExitsWith: .failure,
                                   observing: IsolatedGrading.observed) {
            GradingChild.run(.topKBackward, dependencies: [
                GradingDependency(.topKActivation) {
                    Step6Grader.gradeTopK(LearnerFixtures.topKSmallest)
                },
            ]) {
                Step6Grader.gradeGradients(topK: LearnerFixtures.topKSmallest) {
                    perSampleTopKGradients($0, $1, topK: LearnerFixtures.topKSmallest)
                }
            }
        }
        let report = try #require(IsolatedGrading.report(result, for: .topKBackward))
        expectRejected(report, with: Mistakes.usesWrongTopK)
        let note = "6.2 uses your Exercise 6.1 (TopK activation), which is not right yet: fix 6.1 "
            + "first"
        #expect(report.notes.first?.hasPrefix(note) == true, Comment(rawValue: report.description))
    }

    @Test func auxKWrittenSampleBySamplePassesAndMistakesGetTheirHints() {
        let report = Step6Grader.gradeAuxK { perSampleAuxK($0, $1, $2, $3) }
        #expect(report.passed, Comment(rawValue: report.description))
        expectRejected(
            Step6Grader.gradeAuxK { a, sae, dead, kAux in
                perSampleAuxK(a, sae, dead, kAux) { b, _ in a.row(b) }
            }, with: Mistakes.auxKAgainstInput)
        expectRejected(
            Step6Grader.gradeAuxK { perSampleAuxK($0, $1, $2, $3, onlyDead: false) },
            with: Mistakes.auxKAllLatents)
        expectRejected(
            Step6Grader.gradeAuxK { a, sae, dead, kAux in
                // ê = f_aux·W_dec + b_dec: as if the target were e − b_dec (b_dec itself left
                // untrained).
                var step = perSampleAuxK(a, sae, dead, kAux) { _, residual in
                    zip(residual, sae.b_dec).map { $0 - $1 }
                }
                var pass = sae.forwardPass(a)
                pass.codes = pass.preActivation.mapColumns { j, z in dead[j] ? z : 0 }.topK(kAux)
                let miss =
                    pass.codes.matmul(sae.W_dec).addingToEachRow(sae.b_dec)
                    - (a - sae.forwardPass(a).reconstruction)
                step.gradients.b_dec = ((2 / Double(a.rows)) * miss).columnSums
                return step
            }, with: Mistakes.auxKWithBias)
        // Not detaching the residual: the right loss, plus the main pass's gradient of ‖ê −
        // (a − â)‖² through â.
        expectRejected(
            Step6Grader.gradeAuxK { a, sae, dead, kAux in
                var step = perSampleAuxK(a, sae, dead, kAux)
                var pass = sae.forwardPass(a)
                pass.codes = pass.preActivation.mapColumns { j, z in dead[j] ? z : 0 }.topK(kAux)
                let dAux =
                    (2 / Double(a.rows))
                    * (pass.codes.matmul(sae.W_dec) - (a - sae.forwardPass(a).reconstruction))
                step.gradients = step.gradients.adding(
                    sae.backward(sae.forwardPass(a), dReconstruction: dAux, l1Coefficient: 0),
                    scaledBy: 1)
                return step
            }, with: Mistakes.auxKPushesMainReconstruction)
        expectRejected(Step6Grader.gradeAuxK {
            perSampleAuxK($0, $1, $2, $3, bDecThroughEncoder: true)
        }, with: Mistakes.auxKBDecThroughEncoder)
        expectRejected(Step6Grader.gradeAuxK { a, sae, dead, kAux in
            perSampleAuxK(a, sae, dead, kAux, keep: sae.k!)
        }, with: Mistakes.auxKUsesK)
        expectRejected(Step6Grader.gradeAuxK {
            perSampleAuxK($0, $1, $2, $3) { _, residual in residual.map { -$0 } }
        }, with: Mistakes.auxKResidualSign)
        expectRejected(Step6Grader.gradeAuxK { perSampleAuxK($0, $1, $2, $3, scale: 1.0 / 32) },
                       with: Mistakes.auxKWithCoefficient)
    }

    /// The finite-difference note holds b_dec fixed as the chapter does: a right answer's b_dec
    /// gradient (0) agrees, and a b_dec gradient taken through the pre-centring disagrees.
    @Test func theAuxKFiniteDifferenceNoteNeverCallsAZeroBDecWrong() {
        let rightButLoss = Step6Grader.gradeAuxK { a, sae, dead, kAux in
            var step = perSampleAuxK(a, sae, dead, kAux)
            step.loss *= 2                                                  // only the loss wrong
            return step
        }
        #expect(!rightButLoss.passed)
        let text = rightButLoss.description
        #expect(text.contains("b_dec: 0 (agrees)"), Comment(rawValue: text))
        #expect(!text.contains("(disagrees)"), Comment(rawValue: text))
        let throughEncoder = Step6Grader.gradeAuxK {
            perSampleAuxK($0, $1, $2, $3, bDecThroughEncoder: true)
        }.description
        #expect(throughEncoder.contains("b_dec: 1 (disagrees)"), Comment(rawValue: throughEncoder))
    }
}
