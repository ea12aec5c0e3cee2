// The grader for step 3: reference passes, placeholders are "not implemented", hand-written known
// mistakes fail with their hint, correct implementations written differently pass.

@testable import Grading
import SAEKit
import Testing

/// The SAE's forward pass written with explicit loops, with switches for the usual mistakes.
// a: [B, d]  ->  f [B, h]
func loopEncode(_ a: Matrix, _ sae: SparseAutoencoder, centre: Double = -1, bias: Bool = true, relu: Bool = true) -> Matrix {
    Matrix(rows: a.rows, cols: sae.latentCount) { b, j in
        var z = bias ? sae.b_enc[j] : 0
        for i in 0..<sae.inputDims { z += (a[b, i] + centre * sae.b_dec[i]) * sae.W_enc[i, j] }
        return relu ? max(0, z) : z
    }
}

@Suite("Grading step 3")
struct Step3GradingTests {
    @Test func referencesPass() {
        #expect(Step3Grader.gradeEncode { $1.encode($0) }.passed)
        #expect(Step3Grader.gradeDecode { $1.decode($0) }.passed)
        #expect(Step3Grader.gradeLossTerms { SAELossTerms($0, reconstruction: $1, codes: $2, l1Coefficient: $3) }.passed)
        #expect(Step3Grader.gradeGradients { $1.lossAndGradients($0, l1Coefficient: $2).gradients }.passed)
        #expect(Step3Grader.gradeFiniteDifferences { centralDifferences(at: $0, step: $1, of: $2) }.passed)
    }

    @Test func placeholdersAreNotImplemented() {
        #expect(Step3Grader.gradeEncode { _, _ in .placeholder }.isNotImplemented)
        #expect(Step3Grader.gradeDecode { _, _ in .placeholder }.isNotImplemented)
        #expect(Step3Grader.gradeLossTerms { _, _, _, _ in .placeholder }.isNotImplemented)
        #expect(Step3Grader.gradeGradients { _, _, _ in .placeholder }.isNotImplemented)
        let report = Step3Grader.gradeFiniteDifferences { _, _, _ in .placeholder }
        #expect(report.isNotImplemented)
        #expect(report.description.contains("Exercise 3.5 (finite-difference gradient checker) is not implemented yet — see Chapters/03-sparse-autoencoder.md#exercise-35"))
    }

    @Test func encodeAndDecodeWrittenDifferentlyPass() {
        #expect(Step3Grader.gradeEncode { loopEncode($0, $1) }.passed)
        let report = Step3Grader.gradeDecode { f, sae in
            Matrix(rows: f.rows, cols: sae.inputDims) { b, i in (0..<sae.latentCount).reduce(sae.b_dec[i]) { $0 + f[b, $1] * sae.W_dec[$1, i] } }
        }
        #expect(report.passed, Comment(rawValue: report.description))
    }

    @Test func encodeMistakesGetTheirHints() {
        expectRejected(Step3Grader.gradeEncode { loopEncode($0, $1, centre: 0) }, with: Mistakes.encodeWithoutCentring)
        expectRejected(Step3Grader.gradeEncode { loopEncode($0, $1, centre: 1) }, with: Mistakes.encodeAddsDecoderBias)
        expectRejected(Step3Grader.gradeEncode { loopEncode($0, $1, relu: false) }, with: Mistakes.encodeWithoutReLU)
        expectRejected(Step3Grader.gradeEncode { loopEncode($0, $1, bias: false) }, with: Mistakes.encodeWithoutBias)
    }

    @Test func decodeMistakesGetTheirHints() {
        expectRejected(Step3Grader.gradeDecode { f, sae in f.matmul(sae.W_dec) }, with: Mistakes.decodeWithoutBias)
        expectRejected(Step3Grader.gradeDecode { f, sae in f.matmul(sae.W_dec).addingToEachRow(sae.b_dec).map { max(0, $0) } },
                       with: Mistakes.decodeWithReLU)
    }

    @Test func lossTermsMistakesGetTheirHints() {
        func terms(_ a: Matrix, _ r: Matrix, _ f: Matrix, _ λ: Double, reconstructionDivisor: Double? = nil, l0: ((Matrix) -> Double)? = nil,
                   l1Divisor: Double? = nil, coefficient: Double? = nil) -> SAELossTerms {
            let B = Double(a.rows)
            let reconstruction = (a - r).squaredFrobeniusNorm / (reconstructionDivisor ?? B)
            let l1 = f.sum / (l1Divisor ?? B)
            return SAELossTerms(reconstruction: reconstruction, l1: l1, l0: l0?(f) ?? Double(f.values.filter { $0 > 0 }.count) / B,
                                total: reconstruction + (coefficient ?? λ) * l1)
        }
        #expect(Step3Grader.gradeLossTerms { terms($0, $1, $2, $3) }.passed)
        expectRejected(Step3Grader.gradeLossTerms { terms($0, $1, $2, $3, reconstructionDivisor: Double($0.values.count)) },
                       with: Mistakes.reconstructionMeanOverDims)
        expectRejected(Step3Grader.gradeLossTerms { a, r, f, λ in terms(a, r, f, λ, l0: { Double($0.values.filter { $0 >= 0 }.count) / Double($0.rows) }) },
                       with: Mistakes.l0CountsZeros)
        expectRejected(Step3Grader.gradeLossTerms { a, r, f, λ in terms(a, r, f, λ, l0: { Double($0.values.filter { $0 > 0 }.count) / Double($0.values.count) }) },
                       with: Mistakes.l0AsFraction)
        expectRejected(Step3Grader.gradeLossTerms { terms($0, $1, $2, $3, l1Divisor: 1) }, with: Mistakes.l1WithoutBatchMean)
        expectRejected(Step3Grader.gradeLossTerms { terms($0, $1, $2, $3, coefficient: 1) }, with: Mistakes.totalWithoutCoefficient)
    }

    @Test func gradientsWrittenSampleBySamplePass() {
        let report = Step3Grader.gradeGradients { perSampleGradients($0, $1, $2) }
        #expect(report.passed, Comment(rawValue: report.description))
    }

    @Test func gradientMistakesGetTheirHints() {
        let bDecOnlyDecoder = Step3Grader.gradeGradients { perSampleGradients($0, $1, $2, bDecEncoderTerm: false) }
        expectRejected(bDecOnlyDecoder, with: Mistakes.bDecMissingEncoderTerm)
        #expect(!bDecOnlyDecoder.description.contains("✗ ∂L/∂W_enc"), "only b_dec is wrong in this mistake")
        expectRejected(Step3Grader.gradeGradients { perSampleGradients($0, $1, $2, bDecDecoderTerm: false) }, with: Mistakes.bDecMissingDecoderTerm)
        expectRejected(Step3Grader.gradeGradients { perSampleGradients($0, $1, $2, mask: .none) }, with: Mistakes.reluMaskMissing)
        expectRejected(Step3Grader.gradeGradients { perSampleGradients($0, $1, $2, mask: .reconstructionOnly) }, with: Mistakes.l1GradientNotMasked)
        expectRejected(Step3Grader.gradeGradients { perSampleGradients($0, $1, $2, two: 1) }, with: Mistakes.reconstructionGradientMissingTwo)
        expectRejected(Step3Grader.gradeGradients { a, sae, λ in perSampleGradients(a, sae, λ * Double(a.rows)) },
                       with: Mistakes.l1GradientNotBatchAveraged)
    }

    @Test func gradientFailureShowsTheFiniteDifferenceTable() {
        let report = Step3Grader.gradeGradients { perSampleGradients($0, $1, $2, bDecEncoderTerm: false) }
        #expect(report.description.contains("b_dec:") && report.description.contains("(disagrees)"))
        #expect(report.description.contains("W_enc:") && report.description.contains("(agrees)"))
    }

    @Test func finiteDifferencesWrittenDifferentlyPass() {
        // Central differences with the probes built from scratch and the division written as a product.
        let report = Step3Grader.gradeFiniteDifferences { point, h, f in
            point.indices.map { i in
                var plus = point, minus = point
                plus[i] = point[i] + h
                minus[i] = point[i] - h
                return (f(plus) - f(minus)) * (0.5 / h)
            }
        }
        #expect(report.passed, Comment(rawValue: report.description))
    }

    @Test func finiteDifferenceMistakesGetTheirHints() {
        expectRejected(Step3Grader.gradeFiniteDifferences { point, h, f in
            let base = f(point)
            return point.indices.map { i in var p = point; p[i] += h; return (f(p) - base) / h }
        }, with: Mistakes.forwardDifferences)
        expectRejected(Step3Grader.gradeFiniteDifferences { point, h, f in
            point.indices.map { i in var p = point, m = point; p[i] += h; m[i] -= h; return (f(p) - f(m)) / h }
        }, with: Mistakes.centralWithoutHalf)
        expectRejected(Step3Grader.gradeFiniteDifferences { point, h, f in
            var probe = point
            return point.indices.map { i in
                probe[i] += h
                let up = f(probe)
                probe[i] -= 2 * h
                return (up - f(probe)) / (2 * h)
            }
        }, with: Mistakes.perturbationNotRestored)
    }
}

enum MaskChoice { case full, none, reconstructionOnly }

/// The SAE gradients accumulated sample by sample with plain loops, with switches for the usual mistakes.
// a: [B, d]  ->  ∂W_enc [d, h], ∂b_enc [h], ∂W_dec [h, d], ∂b_dec [d]
func perSampleGradients(_ a: Matrix, _ sae: SparseAutoencoder, _ λ: Double, bDecEncoderTerm: Bool = true, bDecDecoderTerm: Bool = true,
                        mask: MaskChoice = .full, two: Double = 2) -> SAEGradients {
    let (B, d, h) = (Double(a.rows), sae.inputDims, sae.latentCount)
    var gW_enc = Matrix(rows: d, cols: h), gW_dec = Matrix(rows: h, cols: d)
    var gb_enc = [Double](repeating: 0, count: h), gb_dec = [Double](repeating: 0, count: d)
    for s in 0..<a.rows {
        let x = (0..<d).map { a[s, $0] - sae.b_dec[$0] }
        let z = (0..<h).map { j in (0..<d).reduce(sae.b_enc[j]) { $0 + x[$1] * sae.W_enc[$1, j] } }
        let f = z.map { max(0, $0) }
        let r = (0..<d).map { i in (0..<h).reduce(sae.b_dec[i]) { $0 + f[$1] * sae.W_dec[$1, i] } - a[s, i] }
        let dR = r.map { two * $0 / B }
        var dZ = [Double](repeating: 0, count: h)
        for j in 0..<h {
            let fromR = (0..<d).reduce(0.0) { $0 + dR[$1] * sae.W_dec[j, $1] }
            switch mask {
            case .full: dZ[j] = z[j] > 0 ? fromR + λ / B : 0
            case .none: dZ[j] = fromR + λ / B
            case .reconstructionOnly: dZ[j] = (z[j] > 0 ? fromR : 0) + λ / B
            }
        }
        for j in 0..<h {
            gb_enc[j] += dZ[j]
            for i in 0..<d { gW_enc[i, j] += x[i] * dZ[j]; gW_dec[j, i] += f[j] * dR[i] }
        }
        for i in 0..<d {
            let encoderTerm = (0..<h).reduce(0.0) { $0 + dZ[$1] * sae.W_enc[i, $1] }
            gb_dec[i] += (bDecDecoderTerm ? dR[i] : 0) - (bDecEncoderTerm ? encoderTerm : 0)
        }
    }
    return SAEGradients(W_enc: gW_enc, b_enc: gb_enc, W_dec: gW_dec, b_dec: gb_dec)
}

@Suite("Grading cases")
struct GradingCaseTests {
    @Test func toyAndSAECasesAreAwayFromKinksAndUseTheMask() {
        for c in Step1Cases.toy { #expect(c.input.model.forwardPass(c.input.x).preActivation.values.allSatisfy { abs($0) > 1e-3 }) }
        for c in Step3Grader.cases {
            let z = c.input.sae.forwardPass(c.input.a).preActivation.values
            #expect(z.allSatisfy { abs($0) > 1e-3 }, "\(c.label)")
            #expect(z.contains { $0 < 0 } && z.contains { $0 > 0 }, "\(c.label) needs latents on and off")
        }
    }
}
