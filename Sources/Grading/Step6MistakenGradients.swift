// Exercises 6.2 and 6.3 done wrong in the known ways, computed with SAEKit's pieces so that "does
// your output match this mistake?" is a comparison, not a guess.

import SAEKit

// MARK: - 6.2

enum MistakenTopKGradients: CaseIterable {
    case unselectedLatents, bDecMissingEncoderTerm, bDecMissingDecoderTerm, bDecWrongSign
    case encoderUncentred, notBatchAveraged, missingTwo

    var mistake: KnownMistake {
        switch self {
        case .unselectedLatents: Mistakes.topKGradientToUnselected
        case .bDecMissingEncoderTerm: Mistakes.bDecMissingEncoderTerm
        case .bDecMissingDecoderTerm: Mistakes.bDecMissingDecoderTerm
        case .bDecWrongSign: Mistakes.bDecEncoderTermAdded
        case .encoderUncentred: Mistakes.encoderGradientUncentred
        case .notBatchAveraged: Mistakes.topKGradientNotBatchAveraged
        case .missingTwo: Mistakes.reconstructionGradientMissingTwo
        }
    }

    // a: [B, d]
    func compute(_ a: Matrix, _ sae: SparseAutoencoder) -> SAEGradients {
        var pass = sae.forwardPass(a)
        let factor = switch self {
        case .missingTwo: 1 / Double(a.rows)
        case .notBatchAveraged: 2.0
        default: 2 / Double(a.rows)
        }
        let dReconstruction = factor * (pass.reconstruction - a)                    // [B, d]
        var gradients: SAEGradients
        if self == .unselectedLatents {
            let kept = pass.codes
            pass.codes = pass.preActivation.relu               // the mask of every positive z …
            gradients = sae.backward(pass, dReconstruction: dReconstruction, l1Coefficient: 0)
            gradients.W_dec = kept.transposedMatmul(dReconstruction)   // … the decoder saw the kept
        } else {
            gradients = sae.backward(pass, dReconstruction: dReconstruction, l1Coefficient: 0)
        }
        let decoderTerm = dReconstruction.columnSums                                // [d]
        let encoderTerm = zip(decoderTerm, gradients.b_dec).map { $0 - $1 }         // W_enc·Σ ∂L/∂z
        switch self {
        case .bDecMissingEncoderTerm: gradients.b_dec = decoderTerm
        case .bDecMissingDecoderTerm: gradients.b_dec = encoderTerm.map { -$0 }
        case .bDecWrongSign: gradients.b_dec = zip(decoderTerm, encoderTerm).map { $0 + $1 }
        case .encoderUncentred:
            let dZ = dReconstruction.matmul(sae.W_dec.transposed)
                .zipped(with: pass.codes) { gradient, code in code > 0 ? gradient : 0 }   // [B, h]
            gradients.W_enc = a.transposedMatmul(dZ)                                 // aᵀ·∂L/∂z
        default: break
        }
        return gradients
    }
}

// MARK: - 6.3

enum MistakenAuxK: CaseIterable {
    case againstInput, pushesMain, allLatents, withBias, bDecThroughEncoder, usesK, residualSign
    case withCoefficient

    var mistake: KnownMistake {
        switch self {
        case .againstInput: Mistakes.auxKAgainstInput
        case .pushesMain: Mistakes.auxKPushesMainReconstruction
        case .allLatents: Mistakes.auxKAllLatents
        case .withBias: Mistakes.auxKWithBias
        case .bDecThroughEncoder: Mistakes.auxKBDecThroughEncoder
        case .usesK: Mistakes.auxKUsesK
        case .residualSign: Mistakes.auxKResidualSign
        case .withCoefficient: Mistakes.auxKWithCoefficient
        }
    }

    /// α, the AuxK loss's coefficient in training (the trainer applies it, not exercise 6.3).
    static let coefficient = SAETrainingConfig(latents: 1, l1Coefficient: 0).auxKCoefficient

    func compute(_ c: Step6Grader.TopKSAECase) -> AuxKStep {
        let main = c.sae.forwardPass(c.a)
        let target = switch self {
        case .againstInput: c.a
        case .residualSign: main.reconstruction - c.a
        default: c.a - main.reconstruction
        }
        let kAux = self == .usesK ? (c.sae.k ?? c.kAux) : c.kAux
        var auxPass = main
        auxPass.codes = main.preActivation
            .mapColumns { j, z in self == .allLatents || c.dead[j] ? z : 0 }.topK(kAux)
        let bias = self == .withBias ? c.sae.b_dec : Array(repeating: 0, count: c.sae.inputDims)
        let miss = auxPass.codes.matmul(c.sae.W_dec).addingToEachRow(bias) - target  // ê − e
        let dAux = (2 / Double(c.a.rows)) * miss
        var gradients = c.sae.backward(auxPass, dReconstruction: dAux, l1Coefficient: 0)
        switch self {
        case .withBias: gradients.b_dec = dAux.columnSums
        case .bDecThroughEncoder:                   // the pre-centring's term only, −W_enc·Σ ∂L/∂z
            gradients.b_dec = zip(gradients.b_dec, dAux.columnSums).map { $0 - $1 }
        default: gradients.b_dec = Array(repeating: 0, count: c.sae.inputDims)
        }
        if self == .pushesMain {     // e not held fixed: ∂/∂â of ‖ê − (a − â)‖² is dAux too
            let throughMain = c.sae.backward(main, dReconstruction: dAux, l1Coefficient: 0)
            gradients = gradients.adding(throughMain, scaledBy: 1)
        }
        let loss = miss.squaredFrobeniusNorm / Double(c.a.rows)
        guard self == .withCoefficient else { return AuxKStep(loss: loss, gradients: gradients) }
        let α = Self.coefficient
        return AuxKStep(loss: α * loss,
                        gradients: SAEGradients(W_enc: α * gradients.W_enc,
                                                b_enc: gradients.b_enc.map { α * $0 },
                                                W_dec: α * gradients.W_dec,
                                                b_dec: gradients.b_dec.map { α * $0 }))
    }

    /// The right AuxK, with `topK` (the learner's 6.1) choosing the codes, as the solution does:
    /// the alive latents' pre-activations set to −1 before ranking the dead ones.
    static func auxK(_ c: Step6Grader.TopKSAECase, topK: (Matrix, Int) -> Matrix) -> AuxKStep {
        var pass = c.sae.forwardPass(c.a)
        let codes = topK(pass.preActivation, c.sae.k ?? c.sae.latentCount)
        let auxCodes = topK(pass.preActivation.mapColumns { j, z in c.dead[j] ? z : -1 }, c.kAux)
        guard codes.shape == pass.codes.shape, auxCodes.shape == pass.codes.shape else {
            return c.sae.auxKStep(c.a, dead: c.dead, kAux: c.kAux)          // explains nothing
        }
        let residual = c.a - codes.matmul(c.sae.W_dec).addingToEachRow(c.sae.b_dec)
        pass.codes = auxCodes
        let miss = pass.codes.matmul(c.sae.W_dec) - residual
        var gradients = c.sae.backward(pass, dReconstruction: (2 / Double(c.a.rows)) * miss,
                                       l1Coefficient: 0)
        gradients.b_dec = Array(repeating: 0, count: c.sae.inputDims)
        return AuxKStep(loss: miss.squaredFrobeniusNorm / Double(c.a.rows), gradients: gradients)
    }
}
