// Step 3's known mistakes, reproduced: what a mistaken encode, decode, loss or backward pass
// returns.

import SAEKit

// MARK: - 3.1 and 3.2

enum MistakenSAEForward {
    /// The pre-activation with `shift`·b_dec added to a (−1 is right) and the encoder `weights`.
    // a: [B, d]  weights: [d, h]  ->  [B, h]
    static func projected(_ c: SAECase, shift: Double, weights: Matrix? = nil) -> Matrix {
        c.a.addingToEachRow(c.sae.b_dec.map { shift * $0 }).matmul(weights ?? c.sae.W_enc)
    }

    /// The encoder with a centred on its batch mean instead of b_dec.
    // a: [B, d]  ->  [B, h]
    static func centredOnBatchMean(_ c: SAECase) -> Matrix {
        let mean = c.a.columnSums.map { -$0 / Double(c.a.rows) }
        return c.a.addingToEachRow(mean).matmul(c.sae.W_enc).addingToEachRow(c.sae.b_enc).relu
    }

    static func encodeVariants() -> [MistakeVariant<SAECase, Matrix>] {
        [
            MistakeVariant(mistake: Mistakes.encodeWithoutCentring) {
                projected($0, shift: 0).addingToEachRow($0.sae.b_enc).relu
            },
            MistakeVariant(mistake: Mistakes.encodeAddsDecoderBias) {
                projected($0, shift: 1).addingToEachRow($0.sae.b_enc).relu
            },
            MistakeVariant(mistake: Mistakes.encodeWithoutReLU) {
                projected($0, shift: -1).addingToEachRow($0.sae.b_enc)
            },
            MistakeVariant(mistake: Mistakes.encodeWithoutBias) { projected($0, shift: -1).relu },
            MistakeVariant(mistake: Mistakes.encodeBiasAfterReLU) {
                projected($0, shift: -1).relu.addingToEachRow($0.sae.b_enc)
            },
            MistakeVariant(mistake: Mistakes.encodeWithDecoderTranspose) {
                projected($0, shift: -1, weights: $0.sae.W_dec.transposed)
                    .addingToEachRow($0.sae.b_enc).relu
            },
            MistakeVariant(mistake: Mistakes.encodeCentresOnBatchMean, compute: centredOnBatchMean),
        ]
    }

    /// 3.2's mistakes, on the codes SAEKit's encoder gives.
    static func decodeVariants() -> [MistakeVariant<SAECase, Matrix>] {
        let codes = { (c: SAECase) in c.sae.encode(c.a) }
        return [
            MistakeVariant(mistake: Mistakes.decodeWithoutBias) { codes($0).matmul($0.sae.W_dec) },
            MistakeVariant(mistake: Mistakes.decodeWithReLU) { $0.sae.decode(codes($0)).relu },
            MistakeVariant(mistake: Mistakes.decodeSubtractsBias) {
                codes($0).matmul($0.sae.W_dec).addingToEachRow($0.sae.b_dec.map { -$0 })
            },
            MistakeVariant(mistake: Mistakes.decodeWithEncoderTranspose) {
                codes($0).matmul($0.sae.W_enc.transposed).addingToEachRow($0.sae.b_dec)
            },
        ]
    }
}

// MARK: - 3.3

enum MistakenLossTerms {
    static func variants() -> [MistakeVariant<SAELossCase, SAELossTerms>] {
        func variant(_ mistake: KnownMistake,
                     _ change: @escaping (inout SAELossTerms, SAELossCase) -> Void)
            -> MistakeVariant<SAELossCase, SAELossTerms> {
            MistakeVariant(mistake: mistake) { c in
                var terms = reference(c)
                change(&terms, c)
                terms.total = terms.reconstruction + c.l1Coefficient * terms.l1
                return terms
            }
        }
        let batch = { (c: SAELossCase) in Double(c.a.rows) }
        return [
            variant(Mistakes.reconstructionMeanOverDims) { terms, c in
                terms.reconstruction /= Double(c.a.cols)
            },
            variant(Mistakes.l0CountsZeros) { terms, c in terms.l0 = Double(c.codes.cols) },
            variant(Mistakes.l0AsFraction) { terms, c in terms.l0 /= Double(c.codes.cols) },
            variant(Mistakes.l1WithoutBatchMean) { terms, c in terms.l1 *= batch(c) },
            MistakeVariant(mistake: Mistakes.totalWithoutCoefficient) { c in
                var terms = reference(c)
                terms.total = terms.reconstruction + terms.l1
                return terms
            },
            variant(Mistakes.l0WithThreshold) { terms, c in
                terms.l0 = Double(c.codes.values.filter { $0 > 1e-6 }.count) / batch(c)
            },
            variant(Mistakes.reconstructionNotSquared) { terms, c in
                terms.reconstruction = (c.a - c.reconstruction).rowNorms.reduce(0, +) / batch(c)
            },
            variant(Mistakes.l1MeanOverLatents) { terms, c in terms.l1 /= Double(c.codes.cols) },
        ]
    }

    static func reference(_ c: SAELossCase) -> SAELossTerms {
        SAELossTerms(c.a, reconstruction: c.reconstruction, codes: c.codes,
                     l1Coefficient: c.l1Coefficient)
    }
}

// MARK: - 3.4

enum MistakenSAEGradients: CaseIterable {
    case bDecMissingEncoderTerm, bDecMissingDecoderTerm, bDecEncoderTermAdded
    case reluMaskMissing, reluMaskAtZero, l1NotMasked, missingTwo, l1NotBatchAveraged
    case encoderUncentred, decoderFromPreActivation, residualSignFlipped, biasGradientsAveraged

    var mistake: KnownMistake {
        switch self {
        case .bDecMissingEncoderTerm: Mistakes.bDecMissingEncoderTerm
        case .bDecMissingDecoderTerm: Mistakes.bDecMissingDecoderTerm
        case .bDecEncoderTermAdded: Mistakes.bDecEncoderTermAdded
        case .reluMaskMissing: Mistakes.reluMaskMissing
        case .reluMaskAtZero: Mistakes.reluMaskAtZero
        case .l1NotMasked: Mistakes.l1GradientNotMasked
        case .missingTwo: Mistakes.reconstructionGradientMissingTwo
        case .l1NotBatchAveraged: Mistakes.l1GradientNotBatchAveraged
        case .encoderUncentred: Mistakes.encoderGradientUncentred
        case .decoderFromPreActivation: Mistakes.decoderGradientFromPreActivation
        case .residualSignFlipped: Mistakes.residualSignFlipped
        case .biasGradientsAveraged: Mistakes.biasGradientsAveraged
        }
    }

    /// The four gradients as this mistake computes them.
    // a: [B, d]  ->  ∂W_enc [d, h], ∂b_enc [h], ∂W_dec [h, d], ∂b_dec [d]
    static func compute(_ variant: MistakenSAEGradients, _ c: SAECase) -> SAEGradients {
        let (a, sae, λ) = (c.a, c.sae, c.l1Coefficient)
        let pass = sae.forwardPass(a)
        let batch = Double(a.rows)
        let two: Double = variant == .missingTwo ? 1 : 2
        let residual = variant == .residualSignFlipped ? a - pass.reconstruction
            : pass.reconstruction - a
        let dReconstruction = (two / batch) * residual                                  // [B, d]
        let l1 = variant == .l1NotBatchAveraged ? λ : λ / batch
        let fromReconstruction = dReconstruction.matmulTransposed(sae.W_dec)              // [B, h]
        let mask = { (g: Double, z: Double) in z > 0 ? g : 0 }
        let dPre: Matrix = switch variant {                                               // [B, h]
        case .reluMaskMissing: fromReconstruction.map { $0 + l1 }
        case .reluMaskAtZero:
            fromReconstruction.map { $0 + l1 }
                .zipped(with: pass.preActivation) { g, z in z >= 0 ? g : 0 }
        case .l1NotMasked: fromReconstruction.zipped(with: pass.preActivation, mask).map { $0 + l1 }
        default: fromReconstruction.map { $0 + l1 }.zipped(with: pass.preActivation, mask)
        }
        let decoderTerm = dReconstruction.columnSums                                      // [d]
        let encoderTerm = dPre.matmul(sae.W_enc.transposed).columnSums                    // [d]
        var b_dec: [Double] = switch variant {
        case .bDecMissingEncoderTerm: decoderTerm
        case .bDecMissingDecoderTerm: encoderTerm.map { -$0 }
        case .bDecEncoderTermAdded: zip(decoderTerm, encoderTerm).map { $0 + $1 }
        default: zip(decoderTerm, encoderTerm).map { $0 - $1 }
        }
        var b_enc = dPre.columnSums
        if variant == .biasGradientsAveraged {
            b_enc = b_enc.map { $0 / batch }
            b_dec = b_dec.map { $0 / batch }
        }
        let encoderInput = variant == .encoderUncentred ? a : pass.centred
        let decoderInput = variant == .decoderFromPreActivation ? pass.preActivation : pass.codes
        return SAEGradients(W_enc: encoderInput.transposedMatmul(dPre), b_enc: b_enc,
                            W_dec: decoderInput.transposedMatmul(dReconstruction), b_dec: b_dec)
    }
}
