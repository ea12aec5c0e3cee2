// The grader for step 6: references pass, placeholders are "not implemented", hand-written known
// mistakes fail with their hint, correct implementations written differently pass.

@testable import Grading
import SAEKit
import Testing

/// TopK by repeated selection of the maximum, with switches for the usual mistakes.
// z: [B, h]  ->  [B, h]
func selectionTopK(_ z: Matrix, _ k: Int, relu: Bool = true, keepTies: Bool = false, higherIndexFirst: Bool = false) -> Matrix {
    var codes = Matrix(rows: z.rows, cols: z.cols)
    for b in 0..<z.rows {
        var taken = Set<Int>()
        var last = Double.infinity
        while taken.count < min(k, z.cols) {
            let candidates = (0..<z.cols).filter { !taken.contains($0) && (!relu || z[b, $0] > 0) }
            guard let best = candidates.max(by: { z[b, $0] != z[b, $1] ? z[b, $0] < z[b, $1] : (higherIndexFirst ? $0 < $1 : $0 > $1) }) else { break }
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
func perSampleTopKGradients(_ a: Matrix, _ sae: SparseAutoencoder, maskByPreActivation: Bool = false, bDecEncoderTerm: Bool = true) -> SAEGradients {
    let (d, h, B) = (sae.inputDims, sae.latentCount, Double(a.rows))
    var g = SAEGradients(W_enc: Matrix(rows: d, cols: h), b_enc: Array(repeating: 0, count: h), W_dec: Matrix(rows: h, cols: d), b_dec: Array(repeating: 0, count: d))
    for b in 0..<a.rows {
        let x = (0..<d).map { a[b, $0] - sae.b_dec[$0] }
        let z = Matrix(rows: 1, cols: h) { _, j in (0..<d).reduce(sae.b_enc[j]) { $0 + x[$1] * sae.W_enc[$1, j] } }
        let f = selectionTopK(z, sae.k!)
        let residual = (0..<d).map { i in (0..<h).reduce(sae.b_dec[i]) { $0 + f[0, $1] * sae.W_dec[$1, i] } - a[b, i] }
        for i in 0..<d { g.b_dec[i] += 2 * residual[i] / B }
        for j in 0..<h {
            for i in 0..<d { g.W_dec[j, i] += 2 * f[0, j] * residual[i] / B }
            let open = maskByPreActivation ? z[0, j] > 0 : f[0, j] > 0
            guard open else { continue }
            let dz = (0..<d).reduce(0.0) { $0 + 2 * residual[$1] * sae.W_dec[j, $1] } / B
            g.b_enc[j] += dz
            for i in 0..<d {
                g.W_enc[i, j] += x[i] * dz
                if bDecEncoderTerm { g.b_dec[i] -= dz * sae.W_enc[i, j] }
            }
        }
    }
    return g
}

/// AuxK written per sample with loops, with switches for the usual mistakes.
func perSampleAuxK(_ a: Matrix, _ sae: SparseAutoencoder, _ dead: [Bool], _ kAux: Int, target: (Int, [Double]) -> [Double] = { $1 },
                   onlyDead: Bool = true) -> AuxKStep {
    let (d, h, B) = (sae.inputDims, sae.latentCount, Double(a.rows))
    var g = SAEGradients(W_enc: Matrix(rows: d, cols: h), b_enc: Array(repeating: 0, count: h), W_dec: Matrix(rows: h, cols: d), b_dec: Array(repeating: 0, count: d))
    var loss = 0.0
    for b in 0..<a.rows {
        let x = (0..<d).map { a[b, $0] - sae.b_dec[$0] }
        let z = Matrix(rows: 1, cols: h) { _, j in (0..<d).reduce(sae.b_enc[j]) { $0 + x[$1] * sae.W_enc[$1, j] } }
        let f = selectionTopK(z, sae.k!)
        let residual = (0..<d).map { i in a[b, i] - (0..<h).reduce(sae.b_dec[i]) { $0 + f[0, $1] * sae.W_dec[$1, i] } }
        let wanted = target(b, residual)
        let fAux = selectionTopK(Matrix(rows: 1, cols: h) { _, j in !onlyDead || dead[j] ? z[0, j] : -1 }, kAux)
        let miss = (0..<d).map { i in (0..<h).reduce(0.0) { $0 + fAux[0, $1] * sae.W_dec[$1, i] } - wanted[i] }
        loss += miss.reduce(0) { $0 + $1 * $1 } / B
        for j in 0..<h where fAux[0, j] > 0 {
            let dz = (0..<d).reduce(0.0) { $0 + 2 * miss[$1] * sae.W_dec[j, $1] } / B
            g.b_enc[j] += dz
            for i in 0..<d { g.W_enc[i, j] += x[i] * dz; g.W_dec[j, i] += 2 * fAux[0, j] * miss[i] / B }
        }
    }
    return AuxKStep(loss: loss, gradients: g)
}

@Suite("Grading step 6")
struct Step6GradingTests {
    @Test func referencesPass() {
        #expect(Step6Grader.gradeTopK { $0.topK($1) }.passed)
        #expect(Step6Grader.gradeGradients { $1.trainingStep($0, l1Coefficient: 0).gradients }.passed)
        #expect(Step6Grader.gradeAuxK { $1.auxKStep($0, dead: $2, kAux: $3) }.passed)
        #expect(Step6Grader.gradeShrinkage(ratios: { shrinkageRatios(latentCodes: $0, trueMagnitudes: $1, pairs: $2) }, bias: relativeReconstructionBias).passed)
        #expect(Step6Grader.gradeFidelity { reconstructionFidelity($0, reconstruction: $1) }.passed)
    }

    @Test func placeholdersAreNotImplemented() {
        #expect(Step6Grader.gradeTopK { _, _ in .placeholder }.isNotImplemented)
        #expect(Step6Grader.gradeGradients { _, _ in .placeholder }.isNotImplemented)
        #expect(Step6Grader.gradeAuxK { _, _, _, _ in .placeholder }.isNotImplemented)
        #expect(Step6Grader.gradeShrinkage(ratios: { _, _, _ in .placeholder }, bias: { _, _ in .placeholder }).isNotImplemented)
        #expect(Step6Grader.gradeShrinkage(ratios: { shrinkageRatios(latentCodes: $0, trueMagnitudes: $1, pairs: $2) }, bias: { _, _ in .placeholder })
                    .isNotImplemented, "half done is not done")
        let report = Step6Grader.gradeFidelity { _, _ in .placeholder }
        #expect(report.isNotImplemented && report.description.contains("see Chapters/06-topk.md#exercise-65"))
    }

    @Test func topKWrittenDifferentlyPassesAndMistakesGetTheirHints() {
        #expect(Step6Grader.gradeTopK { selectionTopK($0, $1) }.passed)
        expectRejected(Step6Grader.gradeTopK { selectionTopK($0, $1, relu: false) }, with: Mistakes.topKBeforeReLU)
        expectRejected(Step6Grader.gradeTopK { selectionTopK($0, $1, keepTies: true) }, with: Mistakes.topKTiesKeepExtra)
        expectRejected(Step6Grader.gradeTopK { selectionTopK($0, $1, higherIndexFirst: true) }, with: Mistakes.topKTieRuleReversed)
    }

    @Test func gradientsWrittenSampleBySamplePassAndMistakesGetTheirHints() {
        let report = Step6Grader.gradeGradients { perSampleTopKGradients($0, $1) }
        #expect(report.passed, Comment(rawValue: report.description))
        let unselected = Step6Grader.gradeGradients { perSampleTopKGradients($0, $1, maskByPreActivation: true) }
        expectRejected(unselected, with: Mistakes.topKGradientToUnselected)
        #expect(unselected.description.contains("(disagrees)"), "the finite-difference table backs the diagnosis")
        expectRejected(Step6Grader.gradeGradients { perSampleTopKGradients($0, $1, bDecEncoderTerm: false) }, with: Mistakes.bDecMissingEncoderTerm)
        expectRejected(Step6Grader.gradeGradients { a, sae in
            let g = perSampleTopKGradients(a, sae)
            return SAEGradients(W_enc: 0.5 * g.W_enc, b_enc: g.b_enc.map { $0 / 2 }, W_dec: 0.5 * g.W_dec, b_dec: g.b_dec.map { $0 / 2 })
        }, with: Mistakes.reconstructionGradientMissingTwo)
    }

    @Test func auxKWrittenSampleBySamplePassesAndMistakesGetTheirHints() {
        let report = Step6Grader.gradeAuxK { perSampleAuxK($0, $1, $2, $3) }
        #expect(report.passed, Comment(rawValue: report.description))
        expectRejected(Step6Grader.gradeAuxK { a, sae, dead, kAux in perSampleAuxK(a, sae, dead, kAux) { b, _ in a.row(b) } }, with: Mistakes.auxKAgainstInput)
        expectRejected(Step6Grader.gradeAuxK { perSampleAuxK($0, $1, $2, $3, onlyDead: false) }, with: Mistakes.auxKAllLatents)
        expectRejected(Step6Grader.gradeAuxK { a, sae, dead, kAux in
            // ê = f_aux·W_dec + b_dec: as if the target were e − b_dec (b_dec itself left untrained).
            var step = perSampleAuxK(a, sae, dead, kAux) { _, residual in zip(residual, sae.b_dec).map { $0 - $1 } }
            var pass = sae.forwardPass(a)
            pass.codes = pass.preActivation.mapColumns { j, z in dead[j] ? z : 0 }.topK(kAux)
            let miss = pass.codes.matmul(sae.W_dec).addingToEachRow(sae.b_dec) - (a - sae.forwardPass(a).reconstruction)
            step.gradients.b_dec = ((2 / Double(a.rows)) * miss).columnSums
            return step
        }, with: Mistakes.auxKWithBias)
        // Not detaching the residual: the right loss, plus the main pass's gradient of ‖ê − (a − â)‖² through â.
        expectRejected(Step6Grader.gradeAuxK { a, sae, dead, kAux in
            var step = perSampleAuxK(a, sae, dead, kAux)
            var pass = sae.forwardPass(a)
            pass.codes = pass.preActivation.mapColumns { j, z in dead[j] ? z : 0 }.topK(kAux)
            let dAux = (2 / Double(a.rows)) * (pass.codes.matmul(sae.W_dec) - (a - sae.forwardPass(a).reconstruction))
            step.gradients = step.gradients.adding(sae.backward(sae.forwardPass(a), dReconstruction: dAux, l1Coefficient: 0), scaledBy: 1)
            return step
        }, with: Mistakes.auxKPushesMainReconstruction)
    }

    @Test func shrinkageWrittenDifferentlyPassesAndMistakesGetTheirHints() {
        typealias Pairs = [(feature: Int, latent: Int)]
        func weighted(_ codes: Matrix, _ truth: Matrix, _ pairs: Pairs, invert: Bool = false, need: (Double, Double) -> Bool = { $0 > 0 && $1 > 0 }) -> [Double] {
            pairs.map { p in
                // The coefficient-weighted mean of per-sample ratios is the ratio of sums.
                var weightedRatios = 0.0, weights = 0.0
                for s in 0..<codes.rows where need(codes[s, p.latent], truth[s, p.feature]) {
                    weightedRatios += truth[s, p.feature] * (codes[s, p.latent] / truth[s, p.feature])
                    weights += truth[s, p.feature]
                }
                return invert ? weights / weightedRatios : weightedRatios / weights
            }
        }
        let γ = { (a: Matrix, r: Matrix) in r.squaredFrobeniusNorm / (0..<a.rows).reduce(0.0) { $0 + dot(a.row($1), r.row($1)) } }
        let report = Step6Grader.gradeShrinkage(ratios: { weighted($0, $1, $2) }, bias: γ)
        #expect(report.passed, Comment(rawValue: report.description))
        expectRejected(Step6Grader.gradeShrinkage(ratios: { weighted($0, $1, $2, invert: true) }, bias: γ), with: Mistakes.shrinkageInverted)
        expectRejected(Step6Grader.gradeShrinkage(ratios: { codes, truth, pairs in
            pairs.map { p in (0..<codes.rows).filter { truth[$0, p.feature] > 0 }.reduce(0.0) { $0 + codes[$1, p.latent] }
                / (0..<codes.rows).reduce(0.0) { $0 + truth[$1, p.feature] } }
        }, bias: γ), with: Mistakes.shrinkageCountsMisses)
        expectRejected(Step6Grader.gradeShrinkage(ratios: { codes, truth, pairs in
            pairs.map { p in
                let both = (0..<codes.rows).filter { codes[$0, p.latent] > 0 && truth[$0, p.feature] > 0 }
                return both.reduce(0.0) { $0 + codes[$1, p.latent] / truth[$1, p.feature] } / Double(both.count)
            }
        }, bias: γ), with: Mistakes.shrinkageMeanOfRatios)
        expectRejected(Step6Grader.gradeShrinkage(ratios: { codes, truth, pairs in
            pairs.map { p in (0..<codes.rows).reduce(0.0) { $0 + codes[$1, p.latent] }
                / (0..<codes.rows).filter { codes[$0, p.latent] > 0 }.reduce(0.0) { $0 + truth[$1, p.feature] } }
        }, bias: γ), with: Mistakes.shrinkageCountsFalseAlarms)
        expectRejected(Step6Grader.gradeShrinkage(ratios: { weighted($0, $1, $2) }, bias: { 1 / γ($0, $1) }), with: Mistakes.reconstructionBiasInverted)
    }

    @Test func fidelityWrittenDifferentlyPassesAndMistakesGetTheirHints() {
        // Per dimension: error and variance accumulated in one pass with the variance as E[x²] − E[x]².
        func streamed(_ a: Matrix, _ r: Matrix, centre: Bool = true) -> ReconstructionFidelity {
            var error = 0.0, spread = 0.0
            for c in 0..<a.cols {
                var sum = 0.0, squares = 0.0
                for s in 0..<a.rows { sum += a[s, c]; squares += a[s, c] * a[s, c]; error += (a[s, c] - r[s, c]) * (a[s, c] - r[s, c]) }
                spread += centre ? squares - sum * sum / Double(a.rows) : squares
            }
            return ReconstructionFidelity(normalisedMSE: error / spread, explainedVariance: (spread - error) / spread)
        }
        let report = Step6Grader.gradeFidelity { streamed($0, $1) }
        #expect(report.passed, Comment(rawValue: report.description))
        expectRejected(Step6Grader.gradeFidelity { streamed($0, $1, centre: false) }, with: Mistakes.explainedVarianceWithoutCentring)
        expectRejected(Step6Grader.gradeFidelity { a, r in
            let perDimension = (0..<a.cols).map { c in
                let one = streamed(Matrix(rows: a.rows, cols: 1) { s, _ in a[s, c] }, Matrix(rows: a.rows, cols: 1) { s, _ in r[s, c] })
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
            return ReconstructionFidelity(normalisedMSE: right.normalisedMSE, explainedVariance: varianceRatio)
        }, with: Mistakes.explainedVarianceFromVariances)
    }
}
