// The grader for step 3 (3.1–3.4): reference passes, placeholders are "not implemented",
// hand-written known mistakes fail with their hint, correct implementations written differently
// pass. Exercise 3.5 is tested in Step3FiniteDifferenceGradingTests.swift.

@testable import Grading
import SAEKit
import Testing

/// The SAE's encoder written with explicit loops, with switches for the usual mistakes.
// a: [B, d]  ->  f [B, h]
func loopEncode(_ a: Matrix, _ sae: SparseAutoencoder, centre: Double = -1, bias: Bool = true,
                relu: Bool = true, biasAfterReLU: Bool = false, decoderWeights: Bool = false,
                batchMean: Bool = false) -> Matrix {
    let means = (0..<sae.inputDims).map { i in
        (0..<a.rows).reduce(0.0) { $0 + a[$1, i] } / Double(a.rows)
    }
    return Matrix(rows: a.rows, cols: sae.latentCount) { b, j in
        var z = bias && !biasAfterReLU ? sae.b_enc[j] : 0
        for i in 0..<sae.inputDims {
            let x = batchMean ? a[b, i] - means[i] : a[b, i] + centre * sae.b_dec[i]
            z += x * (decoderWeights ? sae.W_dec[j, i] : sae.W_enc[i, j])
        }
        let f = relu ? max(0, z) : z
        return biasAfterReLU ? f + sae.b_enc[j] : f
    }
}

@Suite("Grading step 3")
struct Step3GradingTests {
    @Test func referencesPass() {
        expectPassed(Step3Grader.gradeEncode { $1.encode($0) })
        expectPassed(Step3Grader.gradeDecode { $1.decode($0) })
        expectPassed(Step3Grader.gradeLossTerms {
            SAELossTerms($0, reconstruction: $1, codes: $2, l1Coefficient: $3)
        })
        expectPassed(Step3Grader.gradeGradients {
            $1.lossAndGradients($0, l1Coefficient: $2).gradients
        })
    }

    @Test func theStepSizedCaseIsGradedLast() {
        let report = Step3Grader.gradeGradients {
            $1.lossAndGradients($0, l1Coefficient: $2).gradients
        }
        #expect(report.outcome == .passed(cases: Step3Cases.all.count + 1))
        #expect(Step3Cases.trainingBatch.a.shape == [256, 16])
        #expect(Step3Cases.trainingBatch.sae.W_enc.shape == [16, 64])
        #expect(Step3Cases.trainingScale(0).callsPerRun == 10_000)
    }

    @Test func placeholdersAreNotImplemented() {
        #expect(Step3Grader.gradeEncode { _, _ in .placeholder }.isNotImplemented)
        #expect(Step3Grader.gradeDecode { _, _ in .placeholder }.isNotImplemented)
        #expect(Step3Grader.gradeLossTerms { _, _, _, _ in .placeholder }.isNotImplemented)
        #expect(Step3Grader.gradeGradients { _, _, _ in .placeholder }.isNotImplemented)
    }

    @Test func everyKnownMistakeIsToldApartFromTheOthers() {
        expectEachVariantGetsItsOwnHint(Step3Grader.encodeCheck)
        expectEachVariantGetsItsOwnHint(Step3Grader.decodeCheck)
        expectEachVariantGetsItsOwnHint(Step3Grader.lossTermsCheck)
        expectEachVariantGetsItsOwnHint(Step3Grader.gradientsCheck)
    }

    // MARK: - 3.1 and 3.2

    @Test func encodeAndDecodeWrittenDifferentlyPass() {
        expectPassed(Step3Grader.gradeEncode { loopEncode($0, $1) })
        expectPassed(Step3Grader.gradeDecode { f, sae in
            Matrix(rows: f.rows, cols: sae.inputDims) { b, i in
                (0..<sae.latentCount).reduce(sae.b_dec[i]) { $0 + f[b, $1] * sae.W_dec[$1, i] }
            }
        })
    }

    @Test func encodeMistakesGetTheirHints() {
        expectRejected(Step3Grader.gradeEncode { loopEncode($0, $1, centre: 0) },
                       with: Mistakes.encodeWithoutCentring)
        expectRejected(Step3Grader.gradeEncode { loopEncode($0, $1, centre: 1) },
                       with: Mistakes.encodeAddsDecoderBias)
        expectRejected(Step3Grader.gradeEncode { loopEncode($0, $1, relu: false) },
                       with: Mistakes.encodeWithoutReLU)
        expectRejected(Step3Grader.gradeEncode { loopEncode($0, $1, bias: false) },
                       with: Mistakes.encodeWithoutBias)
        expectRejected(Step3Grader.gradeEncode { loopEncode($0, $1, biasAfterReLU: true) },
                       with: Mistakes.encodeBiasAfterReLU)
        expectRejected(Step3Grader.gradeEncode { loopEncode($0, $1, decoderWeights: true) },
                       with: Mistakes.encodeWithDecoderTranspose)
        expectRejected(Step3Grader.gradeEncode { loopEncode($0, $1, batchMean: true) },
                       with: Mistakes.encodeCentresOnBatchMean)
    }

    @Test func decodeMistakesGetTheirHints() {
        expectRejected(Step3Grader.gradeDecode { f, sae in f.matmul(sae.W_dec) },
                       with: Mistakes.decodeWithoutBias)
        expectRejected(Step3Grader.gradeDecode { f, sae in
            f.matmul(sae.W_dec).addingToEachRow(sae.b_dec).map { max(0, $0) }
        }, with: Mistakes.decodeWithReLU)
        // â = f·W_dec − b_dec, sample by sample.
        expectRejected(Step3Grader.gradeDecode { f, sae in
            Matrix(rows: f.rows, cols: sae.inputDims) { b, i in
                (0..<sae.latentCount).reduce(-sae.b_dec[i]) { $0 + f[b, $1] * sae.W_dec[$1, i] }
            }
        }, with: Mistakes.decodeSubtractsBias)
        // Tied weights taken for granted: the encoder's transpose.
        expectRejected(Step3Grader.gradeDecode { f, sae in
            f.matmul(sae.W_enc.transposed).addingToEachRow(sae.b_dec)
        }, with: Mistakes.decodeWithEncoderTranspose)
    }

    // MARK: - 3.3

    /// The loss terms with loops over the samples, with switches for the usual mistakes.
    static func terms(_ a: Matrix, _ r: Matrix, _ f: Matrix, _ λ: Double,
                      reconstructionDivisor: Double? = nil, squared: Bool = true,
                      l0Threshold: Double = 0, countZeros: Bool = false, l0Divisor: Double? = nil,
                      l1Divisor: Double? = nil, coefficient: Double? = nil) -> SAELossTerms {
        let B = Double(a.rows)
        var errors = 0.0, codes = 0.0, active = 0.0
        for b in 0..<a.rows {
            let squares = (0..<a.cols).reduce(0.0) { sum, i in
                sum + (a[b, i] - r[b, i]) * (a[b, i] - r[b, i])
            }
            errors += squared ? squares : squares.squareRoot()
            for j in 0..<f.cols {
                codes += abs(f[b, j])
                if countZeros ? f[b, j] >= 0 : f[b, j] > l0Threshold { active += 1 }
            }
        }
        let reconstruction = errors / (reconstructionDivisor ?? B), l1 = codes / (l1Divisor ?? B)
        return SAELossTerms(reconstruction: reconstruction, l1: l1, l0: active / (l0Divisor ?? B),
                            total: reconstruction + (coefficient ?? λ) * l1)
    }

    @Test func lossTermsWrittenDifferentlyPass() {
        expectPassed(Step3Grader.gradeLossTerms { Self.terms($0, $1, $2, $3) })
    }

    @Test func lossTermsMistakesGetTheirHints() {
        expectRejected(Step3Grader.gradeLossTerms { a, r, f, λ in
                           Self.terms(a, r, f, λ, reconstructionDivisor: Double(a.values.count))
                       },
                       with: Mistakes.reconstructionMeanOverDims)
        expectRejected(Step3Grader.gradeLossTerms { Self.terms($0, $1, $2, $3, countZeros: true) },
                       with: Mistakes.l0CountsZeros)
        expectRejected(Step3Grader.gradeLossTerms {
                           Self.terms($0, $1, $2, $3, l0Divisor: Double($2.values.count))
                       },
                       with: Mistakes.l0AsFraction)
        expectRejected(Step3Grader.gradeLossTerms { Self.terms($0, $1, $2, $3, l1Divisor: 1) },
                       with: Mistakes.l1WithoutBatchMean)
        expectRejected(Step3Grader.gradeLossTerms { Self.terms($0, $1, $2, $3, coefficient: 1) },
                       with: Mistakes.totalWithoutCoefficient)
        expectRejected(Step3Grader.gradeLossTerms { Self.terms($0, $1, $2, $3, l0Threshold: 1e-8) },
                       with: Mistakes.l0WithThreshold)
        expectRejected(Step3Grader.gradeLossTerms { Self.terms($0, $1, $2, $3, squared: false) },
                       with: Mistakes.reconstructionNotSquared)
        expectRejected(Step3Grader.gradeLossTerms {
                           Self.terms($0, $1, $2, $3, l1Divisor: Double($2.values.count))
                       },
                       with: Mistakes.l1MeanOverLatents)
    }

    // MARK: - 3.4

    @Test func gradientsWrittenSampleBySamplePass() {
        expectPassed(Step3Grader.gradeGradients { perSampleGradients($0, $1, $2) })
    }

    @Test func gradientMistakesGetTheirHints() {
        func grade(_ options: GradientOptions) -> GradeReport {
            Step3Grader.gradeGradients { perSampleGradients($0, $1, $2, options) }
        }
        let bDecOnlyDecoder = grade(GradientOptions(bDecEncoderTerm: 0))
        expectRejected(bDecOnlyDecoder, with: Mistakes.bDecMissingEncoderTerm)
        #expect(!bDecOnlyDecoder.description.contains("✗ ∂L/∂W_enc"),
                "only b_dec is wrong in this mistake")
        expectRejected(grade(GradientOptions(bDecDecoderTerm: false)),
                       with: Mistakes.bDecMissingDecoderTerm)
        expectRejected(grade(GradientOptions(bDecEncoderTerm: 1)),
                       with: Mistakes.bDecEncoderTermAdded)
        expectRejected(grade(GradientOptions(mask: .none)), with: Mistakes.reluMaskMissing)
        expectRejected(grade(GradientOptions(mask: .includingZero)), with: Mistakes.reluMaskAtZero)
        expectRejected(grade(GradientOptions(mask: .reconstructionOnly)),
                       with: Mistakes.l1GradientNotMasked)
        expectRejected(grade(GradientOptions(two: 1)),
                       with: Mistakes.reconstructionGradientMissingTwo)
        expectRejected(Step3Grader.gradeGradients { a, sae, λ in
                           perSampleGradients(a, sae, λ * Double(a.rows))
                       },
                       with: Mistakes.l1GradientNotBatchAveraged)
        expectRejected(grade(GradientOptions(centredEncoderInput: false)),
                       with: Mistakes.encoderGradientUncentred)
        expectRejected(grade(GradientOptions(decoderInputIsPreActivation: true)),
                       with: Mistakes.decoderGradientFromPreActivation)
        expectRejected(grade(GradientOptions(residualSign: -1)), with: Mistakes.residualSignFlipped)
        expectRejected(grade(GradientOptions(averageBiases: true)),
                       with: Mistakes.biasGradientsAveraged)
    }

    @Test func gradientFailureShowsTheFiniteDifferenceTable() {
        let report = Step3Grader.gradeGradients {
            perSampleGradients($0, $1, $2, GradientOptions(bDecEncoderTerm: 0))
        }
        #expect(report.description.contains("b_dec:") && report.description.contains("(disagrees)"))
        #expect(report.description.contains("W_enc:") && report.description.contains("(agrees)"))
    }

    @Test func noFiniteDifferencesAtTheKink() {
        // z ≥ 0 as the mask fails only on the case whose pre-activations are exactly 0.
        let report = Step3Grader.gradeGradients {
            perSampleGradients($0, $1, $2, GradientOptions(mask: .includingZero))
        }
        #expect(report.description.contains("a zero sample at zero biases"))
        #expect(report.description.contains("independent check not shown"))
        #expect(!report.description.contains("(disagrees)"))
    }
}

@Suite("Grading cases of step 3")
struct Step3CaseTests {
    @Test func toyCasesAreAwayFromKinks() {
        for c in Step1Cases.toy {
            let z = c.input.model.forwardPass(c.input.x).preActivation.values
            #expect(z.allSatisfy { abs($0) > 1e-3 }, "\(c.label)")
        }
    }

    @Test func randomCasesAreAwayFromKinksAndUseTheMask() {
        for c in Step3Cases.random + [Step3Cases.oneDimension, Step3Cases.zeros] {
            let z = c.input.sae.forwardPass(c.input.a).preActivation.values
            #expect(z.allSatisfy { abs($0) > 1e-3 }, "\(c.label)")
            #expect(z.contains { $0 < 0 } && z.contains { $0 > 0 },
                    "\(c.label) needs latents on and off")
        }
    }

    @Test func theEdgeCasesHaveTheEdgesTheirLabelsName() {
        let zeros = Step3Cases.zeros.input
        let codes = zeros.sae.encode(zeros.a)
        #expect(zeros.a.row(0).allSatisfy { $0 == 0 }, "a zero sample")
        #expect(codes.row(1).allSatisfy { $0 == 0 }, "a sample no latent fires on")
        #expect(codes.column(2).allSatisfy { $0 == 0 }, "a latent that never fires")
        #expect(codes.row(0).contains { $0 > 0 },
                "the zero sample still fires a latent (b_dec, b_enc)")
        let kink = Step3Cases.kink.input
        #expect(kink.sae.forwardPass(kink.a).preActivation.row(0) == [0, 0], "z = 0 exactly")
        #expect(Step3Cases.tinyCode.input.codes.values.contains(1e-10))
    }
}
