// Learner code the project has never seen, for exercise 6.3 (AuxK), from Chapters/06-topk.md.

import SAEKit

extension Step6Unseen {
    typealias AuxK = @Sendable (Matrix, SparseAutoencoder, [Bool], Int) -> AuxKStep

    /// What a learner's AuxK varies.
    struct AuxKChoices {
        var aliveCompete = false
        var noKAuxLimit = false
        var residualFromReLU = false
        var lossOverBd = false
        var biasInAuxReconstruction = false
        var gradientSign = 1.0
        var bDec = BDecGradient.zero
        enum BDecGradient { case zero, encoderTerm, chainRule }
    }

    /// AuxK with matrix operations, with `choices` to go wrong in one place.
    // a: [B, d]  dead: [h]  ->  loss, gradients
    static func auxK(_ a: Matrix, _ sae: SparseAutoencoder, _ dead: [Bool], _ kAux: Int,
                     _ choices: AuxKChoices = AuxKChoices()) -> AuxKStep {
        let B = Double(a.rows)
        let x = a.addingToEachRow(sae.b_dec.map { -$0 })                                   // [B, d]
        let z = x.matmul(sae.W_enc).addingToEachRow(sae.b_enc)                            // [B, h]
        let f = choices.residualFromReLU ? z.relu : topKSorted(z, sae.k ?? sae.latentCount)
        let e = a - f.matmul(sae.W_dec).addingToEachRow(sae.b_dec)                       // constant
        let deadOnly = Matrix(rows: z.rows, cols: z.cols) { b, j in dead[j] ? z[b, j] : 0 }
        let fAux: Matrix
        if choices.noKAuxLimit {
            fAux = deadOnly.relu
        } else if choices.aliveCompete {
            let top = topKSorted(z, kAux)
            fAux = Matrix(rows: z.rows, cols: z.cols) { b, j in dead[j] ? top[b, j] : 0 }
        } else {
            fAux = topKSorted(deadOnly, kAux)
        }
        var eHat = fAux.matmul(sae.W_dec)
        if choices.biasInAuxReconstruction { eHat = eHat.addingToEachRow(sae.b_dec) }
        let miss = eHat - e                                                                // [B, d]
        let loss = miss.squaredFrobeniusNorm / (choices.lossOverBd ? B * Double(a.cols) : B)
        let dEHat = (choices.gradientSign * 2 / B) * miss
        let dz = dEHat.matmulTransposed(sae.W_dec).zipped(with: fAux) { g, v in v > 0 ? g : 0 }
        let encoderTerm = dz.matmulTransposed(sae.W_enc).columnSums
        let b_dec: [Double]
        switch choices.bDec {
        case .zero: b_dec = Array(repeating: 0, count: a.cols)
        case .encoderTerm: b_dec = encoderTerm.map { -$0 }
        case .chainRule: b_dec = zip(dEHat.columnSums, encoderTerm).map { $0 - $1 }
        }
        let gradients = SAEGradients(W_enc: x.transposedMatmul(dz), b_enc: dz.columnSums,
                                     W_dec: fAux.transposedMatmul(dEHat), b_dec: b_dec)
        return AuxKStep(loss: loss, gradients: gradients)
    }

    /// correct: the doc comment with matrix operations.
    static func auxKMatrices(_ a: Matrix, _ sae: SparseAutoencoder, _ dead: [Bool],
                             _ kAux: Int) -> AuxKStep {
        auxK(a, sae, dead, kAux)
    }

    /// correct: sample by sample, the dead latents ranked with repeated argmax; gradients by loops.
    static func auxKLoops(_ a: Matrix, _ sae: SparseAutoencoder, _ dead: [Bool],
                          _ kAux: Int) -> AuxKStep {
        let (d, h, B) = (sae.inputDims, sae.latentCount, a.rows)
        var g = SAEGradients(W_enc: Matrix(rows: d, cols: h), b_enc: Array(repeating: 0, count: h),
                             W_dec: Matrix(rows: h, cols: d), b_dec: Array(repeating: 0, count: d))
        var loss = 0.0
        for b in 0..<B {
            let x = (0..<d).map { a[b, $0] - sae.b_dec[$0] }
            let z = (0..<h).map { j in
                sae.b_enc[j] + (0..<d).map { x[$0] * sae.W_enc[$0, j] }.reduce(0, +)
            }
            let f = topKRepeatedArgmax(Matrix(rows: 1, cols: h, values: z), sae.k ?? h).values
            let deadZ = Matrix(rows: 1, cols: h) { _, j in dead[j] ? z[j] : -1 }
            let fAux = topKRepeatedArgmax(deadZ, kAux).values
            var miss = [Double](repeating: 0, count: d)
            for c in 0..<d {
                var reconstruction = sae.b_dec[c], auxiliary = 0.0
                for j in 0..<h {
                    reconstruction += f[j] * sae.W_dec[j, c]
                    auxiliary += fAux[j] * sae.W_dec[j, c]
                }
                miss[c] = auxiliary - (a[b, c] - reconstruction)
                loss += miss[c] * miss[c] / Double(B)
            }
            for j in 0..<h where fAux[j] > 0 {
                var dz = 0.0
                for c in 0..<d {
                    dz += 2 * miss[c] / Double(B) * sae.W_dec[j, c]
                    g.W_dec[j, c] += fAux[j] * 2 * miss[c] / Double(B)
                }
                g.b_enc[j] += dz
                for c in 0..<d { g.W_enc[c, j] += x[c] * dz }
            }
        }
        return AuxKStep(loss: loss, gradients: g)
    }

    /// wrong (edge): with no dead latent, returns a loss of 0 (AuxKStep's own doc comment says so),
    /// where the formula gives ‖e‖²/B with ê = 0.
    static func auxKZeroWhenNoneDead(_ a: Matrix, _ s: SparseAutoencoder, _ dead: [Bool],
                                     _ k: Int) -> AuxKStep {
        let step = auxK(a, s, dead, k)
        return dead.contains(true) ? step : AuxKStep(loss: 0, gradients: step.gradients)
    }

    /// wrong: the top kAux of all latents, then the alive ones dropped (alive latents compete).
    static func auxKAliveCompete(_ a: Matrix, _ s: SparseAutoencoder, _ dead: [Bool],
                                 _ k: Int) -> AuxKStep {
        auxK(a, s, dead, k, AuxKChoices(aliveCompete: true))
    }

    /// wrong: every dead latent with a positive pre-activation (no kAux limit).
    static func auxKNoLimit(
        _ a: Matrix, _ s: SparseAutoencoder, _ dead: [Bool], _ k: Int
    ) -> AuxKStep {
        auxK(a, s, dead, k, AuxKChoices(noKAuxLimit: true))
    }

    /// wrong: the residual from a ReLU reconstruction, not the SAE's TopK one.
    static func auxKResidualFromReLU(_ a: Matrix, _ s: SparseAutoencoder, _ dead: [Bool],
                                     _ k: Int) -> AuxKStep {
        auxK(a, s, dead, k, AuxKChoices(residualFromReLU: true))
    }

    /// wrong: the loss divided by B·d.
    static func auxKLossOverBd(_ a: Matrix, _ s: SparseAutoencoder, _ dead: [Bool],
                               _ k: Int) -> AuxKStep {
        auxK(a, s, dead, k, AuxKChoices(lossOverBd: true))
    }

    /// wrong: ê = f_aux·W_dec + b_dec (the bias the doc comment says to leave out).
    static func auxKWithBias(_ a: Matrix, _ s: SparseAutoencoder, _ dead: [Bool],
                             _ k: Int) -> AuxKStep {
        auxK(a, s, dead, k, AuxKChoices(biasInAuxReconstruction: true))
    }

    /// wrong: the gradients' sign flipped (e − ê differentiated as if it were ê − e … backwards).
    static func auxKGradientSign(_ a: Matrix, _ s: SparseAutoencoder, _ dead: [Bool],
                                 _ k: Int) -> AuxKStep {
        auxK(a, s, dead, k, AuxKChoices(gradientSign: -1))
    }

    /// wrong: b_dec gets the encoder term (z depends on b_dec through a − b_dec).
    static func auxKBDecEncoderTerm(_ a: Matrix, _ s: SparseAutoencoder, _ dead: [Bool],
                                    _ k: Int) -> AuxKStep {
        auxK(a, s, dead, k, AuxKChoices(bDec: .encoderTerm))
    }

    /// wrong: b_dec's gradient as in 3.4 (decoder term minus encoder term).
    static func auxKBDecChainRule(_ a: Matrix, _ s: SparseAutoencoder, _ dead: [Bool],
                                  _ k: Int) -> AuxKStep {
        auxK(a, s, dead, k, AuxKChoices(bDec: .chainRule))
    }
}
