// Learner code the project has never seen, for exercises 3.1–3.5
// (Chapters/03-sparse-autoencoder.md).

import SAEKit

enum Step3Unseen {
    // MARK: - 3.1 encode

    /// correct: subtract b_dec, matmul, add b_enc, ReLU, with Matrix's operations.
    // a: [B, d]  W_enc: [d, h]  b_enc: [h]  b_dec: [d]  ->  [B, h]
    static func encodeMatrices(_ a: Matrix, _ sae: SparseAutoencoder) -> Matrix {
        a.addingToEachRow(sae.b_dec.map { -$0 }).matmul(sae.W_enc).addingToEachRow(sae.b_enc).relu
    }

    /// correct: loops over samples and latents.
    static func encodeLoops(_ a: Matrix, _ sae: SparseAutoencoder) -> Matrix {
        let (d, h) = (sae.W_enc.rows, sae.W_enc.cols)
        var f = Matrix(rows: a.rows, cols: h)
        for b in 0..<a.rows {
            for j in 0..<h {
                var z = sae.b_enc[j]
                for i in 0..<d { z += (a[b, i] - sae.b_dec[i]) * sae.W_enc[i, j] }
                f[b, j] = max(z, 0)
            }
        }
        return f
    }

    /// correct: the centring folded into the bias, a·W_enc + (b_enc − b_dec·W_enc).
    static func encodeFoldedBias(_ a: Matrix, _ sae: SparseAutoencoder) -> Matrix {
        let shift = Matrix(rows: 1, cols: sae.b_dec.count, values: sae.b_dec).matmul(sae.W_enc)
            .values
        let bias = zip(sae.b_enc, shift).map { $0 - $1 }
        return a.matmul(sae.W_enc).addingToEachRow(bias).relu
    }

    /// wrong: no pre-centring.
    static func encodeNoCentring(_ a: Matrix, _ sae: SparseAutoencoder) -> Matrix {
        a.matmul(sae.W_enc).addingToEachRow(sae.b_enc).relu
    }

    /// wrong: adds b_dec instead of subtracting it.
    static func encodeAddsDecoderBias(_ a: Matrix, _ sae: SparseAutoencoder) -> Matrix {
        a.addingToEachRow(sae.b_dec).matmul(sae.W_enc).addingToEachRow(sae.b_enc).relu
    }

    /// wrong: no ReLU.
    static func encodeNoReLU(_ a: Matrix, _ sae: SparseAutoencoder) -> Matrix {
        a.addingToEachRow(sae.b_dec.map { -$0 }).matmul(sae.W_enc).addingToEachRow(sae.b_enc)
    }

    /// wrong: centres on the batch mean ("pre-centring") instead of on b_dec.
    static func encodeBatchMeanCentring(_ a: Matrix, _ sae: SparseAutoencoder) -> Matrix {
        let mean = a.columnSums.map { -$0 / Double(a.rows) }
        return a.addingToEachRow(mean).matmul(sae.W_enc).addingToEachRow(sae.b_enc).relu
    }

    /// wrong: the ReLU before the encoder bias.
    static func encodeReLUBeforeBias(_ a: Matrix, _ sae: SparseAutoencoder) -> Matrix {
        a.addingToEachRow(sae.b_dec.map { -$0 }).matmul(sae.W_enc).relu.addingToEachRow(sae.b_enc)
    }

    /// wrong: subtracts b_enc.
    static func encodeSubtractsEncoderBias(_ a: Matrix, _ sae: SparseAutoencoder) -> Matrix {
        a.addingToEachRow(sae.b_dec.map { -$0 }).matmul(sae.W_enc).addingToEachRow(
            sae.b_enc.map { -$0 }
        ).relu
    }

    // MARK: - 3.2 decode

    /// correct: f·W_dec + b_dec.
    // f: [B, h]  W_dec: [h, d]  b_dec: [d]  ->  [B, d]
    static func decodeMatrices(_ f: Matrix, _ sae: SparseAutoencoder) -> Matrix {
        f.matmul(sae.W_dec).addingToEachRow(sae.b_dec)
    }

    /// correct: start from b_dec and add each active latent's decoder row, scaled by its code.
    static func decodeSumOfDirections(_ f: Matrix, _ sae: SparseAutoencoder) -> Matrix {
        var out = Matrix(rows: f.rows, cols: sae.b_dec.count)
        for b in 0..<f.rows {
            var row = sae.b_dec
            for j in 0..<f.cols where f[b, j] != 0 {
                let direction = sae.W_dec.row(j)
                for c in row.indices { row[c] += f[b, j] * direction[c] }
            }
            for c in row.indices { out[b, c] = row[c] }
        }
        return out
    }

    /// wrong: forgets b_dec.
    static func decodeNoBias(_ f: Matrix, _ sae: SparseAutoencoder) -> Matrix {
        f.matmul(sae.W_dec)
    }

    /// wrong: subtracts b_dec (mirroring the encoder).
    static func decodeSubtractsBias(_ f: Matrix, _ sae: SparseAutoencoder) -> Matrix {
        f.matmul(sae.W_dec).addingToEachRow(sae.b_dec.map { -$0 })
    }

    /// wrong: decodes with the encoder's transpose (tied weights assumed).
    static func decodeTiedWeights(_ f: Matrix, _ sae: SparseAutoencoder) -> Matrix {
        f.matmulTransposed(sae.W_enc).addingToEachRow(sae.b_dec)
    }

    /// wrong: a ReLU on the reconstruction.
    static func decodeWithReLU(_ f: Matrix, _ sae: SparseAutoencoder) -> Matrix {
        f.matmul(sae.W_dec).addingToEachRow(sae.b_dec).relu
    }

    /// wrong: normalises the decoder rows first ("decoder directions are unit vectors").
    static func decodeNormalisedRows(_ f: Matrix, _ sae: SparseAutoencoder) -> Matrix {
        var directions = sae.W_dec
        directions.normaliseRows()
        return f.matmul(directions).addingToEachRow(sae.b_dec)
    }

    // MARK: - 3.3 loss terms

    /// correct: loops.
    static func lossTermsLoops(_ a: Matrix, _ reconstruction: Matrix, _ codes: Matrix,
                               _ l1: Double) -> SAELossTerms {
        var squared = 0.0, absolute = 0.0, active = 0.0
        for b in 0..<a.rows {
            for c in 0..<a.cols { squared += pow2(a[b, c] - reconstruction[b, c]) }
            for j in 0..<codes.cols {
                absolute += abs(codes[b, j])
                if codes[b, j] > 0 { active += 1 }
            }
        }
        let B = Double(a.rows)
        return SAELossTerms(reconstruction: squared / B, l1: absolute / B, l0: active / B,
                            total: squared / B + l1 * absolute / B)
    }

    /// correct: whole-matrix reductions.
    static func lossTermsMatrices(_ a: Matrix, _ reconstruction: Matrix, _ codes: Matrix,
                                  _ l1: Double) -> SAELossTerms {
        let B = Double(a.rows)
        let mse = (a - reconstruction).squaredFrobeniusNorm / B
        let l1Term = codes.map(abs).sum / B
        let l0 = codes.map { $0 > 0 ? 1 : 0 }.sum / B
        return SAELossTerms(reconstruction: mse, l1: l1Term, l0: l0, total: mse + l1 * l1Term)
    }

    /// wrong: the squared error averaged over B·d (PyTorch's MSELoss).
    static func lossTermsMeanOverDims(_ a: Matrix, _ r: Matrix, _ codes: Matrix,
                                      _ l1: Double) -> SAELossTerms {
        var t = lossTermsMatrices(a, r, codes, l1)
        t.reconstruction /= Double(a.cols)
        t.total = t.reconstruction + l1 * t.l1
        return t
    }

    /// wrong: L1 summed over the batch, not averaged.
    static func lossTermsL1Summed(_ a: Matrix, _ r: Matrix, _ codes: Matrix,
                                  _ l1: Double) -> SAELossTerms {
        var t = lossTermsMatrices(a, r, codes, l1)
        t.l1 = codes.map(abs).sum
        t.total = t.reconstruction + l1 * t.l1
        return t
    }

    /// wrong: L0 counts f ≥ 0, i.e. every latent.
    static func lossTermsL0CountsZeros(_ a: Matrix, _ r: Matrix, _ codes: Matrix,
                                       _ l1: Double) -> SAELossTerms {
        var t = lossTermsMatrices(a, r, codes, l1)
        t.l0 = codes.map { $0 >= 0 ? 1 : 0 }.sum / Double(a.rows)
        return t
    }

    /// wrong: total forgets λ.
    static func lossTermsNoLambda(_ a: Matrix, _ r: Matrix, _ codes: Matrix,
                                  _ l1: Double) -> SAELossTerms {
        var t = lossTermsMatrices(a, r, codes, l1)
        t.total = t.reconstruction + t.l1
        return t
    }

    /// wrong: total penalises L0 instead of L1.
    static func lossTermsPenalisesL0(_ a: Matrix, _ r: Matrix, _ codes: Matrix,
                                     _ l1: Double) -> SAELossTerms {
        var t = lossTermsMatrices(a, r, codes, l1)
        t.total = t.reconstruction + l1 * t.l0
        return t
    }

    /// wrong: L0 as a fraction of the latents (divided by h too).
    static func lossTermsL0Fraction(_ a: Matrix, _ r: Matrix, _ codes: Matrix,
                                    _ l1: Double) -> SAELossTerms {
        var t = lossTermsMatrices(a, r, codes, l1)
        t.l0 /= Double(codes.cols)
        return t
    }

    /// wrong: the reconstruction term is the mean Euclidean distance, ‖a − â‖ not squared.
    static func lossTermsNormNotSquared(_ a: Matrix, _ r: Matrix, _ codes: Matrix,
                                        _ l1: Double) -> SAELossTerms {
        var t = lossTermsMatrices(a, r, codes, l1)
        t.reconstruction = (a - r).rowNorms.reduce(0, +) / Double(a.rows)
        t.total = t.reconstruction + l1 * t.l1
        return t
    }
}
