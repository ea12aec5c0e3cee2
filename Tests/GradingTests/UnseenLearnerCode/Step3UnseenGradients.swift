// Learner code the project has never seen, for exercises 3.4 (backward pass) and 3.5 (finite
// differences), from Chapters/03-sparse-autoencoder.md.

import SAEKit

extension Step3Unseen {
    // MARK: - 3.4 backward

    /// What a learner's backward pass varies: where the L1 term goes, the mask, the factors.
    struct BackwardChoices {
        var factor = 2.0
        var lambdaOverB = true
        var l1AfterMask = false
        var mask = true
        var decoderTermOnly = false
        var encoderTermSign = -1.0
        var rawInputForW_enc = false
        var l1Sign = 1.0
    }

    /// The chapter's table with matrix operations, with `choices` to go wrong in one place.
    // a: [B, d]  ->  ∂W_enc [d, h], ∂b_enc [h], ∂W_dec [h, d], ∂b_dec [d]
    static func backward(_ a: Matrix, _ sae: SparseAutoencoder, _ λ: Double,
                         _ choices: BackwardChoices = BackwardChoices()) -> SAEGradients {
        let B = Double(a.rows)
        let x = a.addingToEachRow(sae.b_dec.map { -$0 })                     // [B, d]
        let z = x.matmul(sae.W_enc).addingToEachRow(sae.b_enc)              // [B, h]
        let f = z.relu
        let reconstruction = f.matmul(sae.W_dec).addingToEachRow(sae.b_dec)
        let dRec = (choices.factor / B) * (reconstruction - a)              // [B, d]
        let dW_dec = f.transposedMatmul(dRec)                                // [h, d]
        let l1 = choices.l1Sign * (choices.lambdaOverB ? λ / B : λ)
        let dfRec = dRec.matmulTransposed(sae.W_dec)                         // [B, h]
        var dz = dfRec.zipped(with: z) { g, zz in
            (!choices.mask || zz > 0) ? g + (choices.l1AfterMask ? 0 : l1) : 0
        }
        if choices.l1AfterMask { dz = dz.map { $0 + l1 } }
        let dW_enc = (choices.rawInputForW_enc ? a : x).transposedMatmul(dz)  // [d, h]
        let db_enc = dz.columnSums
        let dx = dz.matmulTransposed(sae.W_enc)                              // [B, d]
        let decoderTerm = dRec.columnSums, encoderTerm = dx.columnSums
        let db_dec = choices.decoderTermOnly ? decoderTerm
            : zip(decoderTerm, encoderTerm).map { $0 + choices.encoderTermSign * $1 }
        return SAEGradients(W_enc: dW_enc, b_enc: db_enc, W_dec: dW_dec, b_dec: db_dec)
    }

    /// correct: the chapter's table.
    static func gradientsMatrices(
        _ a: Matrix, _ sae: SparseAutoencoder, _ λ: Double
    ) -> SAEGradients {
        backward(a, sae, λ)
    }

    /// correct: sample by sample with loops.
    static func gradientsLoops(_ a: Matrix, _ sae: SparseAutoencoder, _ λ: Double) -> SAEGradients {
        let (d, h, B) = (sae.W_enc.rows, sae.W_enc.cols, a.rows)
        var gW_enc = Matrix(rows: d, cols: h), gW_dec = Matrix(rows: h, cols: d)
        var gb_enc = [Double](repeating: 0, count: h), gb_dec = [Double](repeating: 0, count: d)
        for b in 0..<B {
            let x = (0..<d).map { a[b, $0] - sae.b_dec[$0] }
            var f = [Double](repeating: 0, count: h)
            for j in 0..<h {
                var z = sae.b_enc[j]
                for i in 0..<d { z += x[i] * sae.W_enc[i, j] }
                f[j] = max(0, z)
            }
            var dRec = [Double](repeating: 0, count: d)
            for c in 0..<d {
                var value = sae.b_dec[c]
                for j in 0..<h { value += f[j] * sae.W_dec[j, c] }
                dRec[c] = 2 * (value - a[b, c]) / Double(B)
                gb_dec[c] += dRec[c]
            }
            for j in 0..<h where f[j] > 0 {
                var df = λ / Double(B)
                for c in 0..<d { df += dRec[c] * sae.W_dec[j, c]; gW_dec[j, c] += f[j] * dRec[c] }
                gb_enc[j] += df
                for i in 0..<d { gW_enc[i, j] += x[i] * df; gb_dec[i] -= df * sae.W_enc[i, j] }
            }
        }
        return SAEGradients(W_enc: gW_enc, b_enc: gb_enc, W_dec: gW_dec, b_dec: gb_dec)
    }

    /// correct: ∂W_enc expanded as aᵀ·dz − b_dec ⊗ Σ dz, and b_dec's encoder term as W_enc·Σ dz.
    static func gradientsExpanded(
        _ a: Matrix, _ sae: SparseAutoencoder, _ λ: Double
    ) -> SAEGradients {
        let B = Double(a.rows)
        let f = a.addingToEachRow(sae.b_dec.map { -$0 }).matmul(sae.W_enc).addingToEachRow(
            sae.b_enc
        ).relu
        let dRec = (2 / B) * (f.matmul(sae.W_dec).addingToEachRow(sae.b_dec) - a)
        let dz = dRec.matmulTransposed(sae.W_dec).zipped(with: f) { g, code in
            code > 0 ? g + λ / B : 0
        }
        let sumDz = dz.columnSums                                                // [h]
        let outer = Matrix(rows: sae.b_dec.count, cols: sumDz.count) { i, j in
            sae.b_dec[i] * sumDz[j]
        }
        let encoderTerm = sae.W_enc.matmul(Matrix(rows: sumDz.count, cols: 1, values: sumDz)).values
        return SAEGradients(W_enc: a.transposedMatmul(dz) - outer, b_enc: sumDz,
                            W_dec: f.transposedMatmul(dRec),
                            b_dec: zip(dRec.columnSums, encoderTerm).map { $0 - $1 })
    }

    /// wrong: b_dec gets only the decoder term.
    static func gradientsDecoderTermOnly(_ a: Matrix, _ sae: SparseAutoencoder,
                                         _ λ: Double) -> SAEGradients {
        backward(a, sae, λ, BackwardChoices(decoderTermOnly: true))
    }

    /// wrong: b_dec's encoder term added instead of subtracted.
    static func gradientsEncoderTermAdded(_ a: Matrix, _ sae: SparseAutoencoder,
                                          _ λ: Double) -> SAEGradients {
        backward(a, sae, λ, BackwardChoices(encoderTermSign: 1))
    }

    /// wrong: the L1 term added after the mask, so latents that did not fire get λ/B.
    static func gradientsL1AfterMask(_ a: Matrix, _ sae: SparseAutoencoder,
                                     _ λ: Double) -> SAEGradients {
        backward(a, sae, λ, BackwardChoices(l1AfterMask: true))
    }

    /// wrong: a mask from f ≥ 0, which masks nothing.
    static func gradientsNoMask(
        _ a: Matrix, _ sae: SparseAutoencoder, _ λ: Double
    ) -> SAEGradients {
        backward(a, sae, λ, BackwardChoices(mask: false))
    }

    /// wrong: forgets the 2 of the square's derivative.
    static func gradientsNoTwo(_ a: Matrix, _ sae: SparseAutoencoder, _ λ: Double) -> SAEGradients {
        backward(a, sae, λ, BackwardChoices(factor: 1))
    }

    /// wrong: the L1 term as λ rather than λ/B.
    static func gradientsLambdaNotOverB(_ a: Matrix, _ sae: SparseAutoencoder,
                                        _ λ: Double) -> SAEGradients {
        backward(a, sae, λ, BackwardChoices(lambdaOverB: false))
    }

    /// wrong: ∂W_enc from a instead of the centred a − b_dec.
    static func gradientsRawInput(
        _ a: Matrix, _ sae: SparseAutoencoder, _ λ: Double
    ) -> SAEGradients {
        backward(a, sae, λ, BackwardChoices(rawInputForW_enc: true))
    }

    /// wrong: the L1 term's derivative taken as −λ/B.
    static func gradientsL1SignFlipped(_ a: Matrix, _ sae: SparseAutoencoder,
                                       _ λ: Double) -> SAEGradients {
        backward(a, sae, λ, BackwardChoices(l1Sign: -1))
    }

    // MARK: - 3.5 finite differences

    /// correct: a copy of the point, nudged up and down one coordinate at a time.
    // point: [P]  ->  [P]
    static func differencesCopy(_ point: [Double], _ step: Double,
                                _ function: ([Double]) -> Double) -> [Double] {
        var gradient = [Double](repeating: 0, count: point.count)
        for i in point.indices {
            var plus = point, minus = point
            plus[i] += step
            minus[i] -= step
            gradient[i] = (function(plus) - function(minus)) / (2 * step)
        }
        return gradient
    }

    /// correct: one working array, nudged, evaluated, and restored from the saved value.
    static func differencesInPlace(_ point: [Double], _ step: Double,
                                   _ function: ([Double]) -> Double) -> [Double] {
        var theta = point
        return point.indices.map { i in
            let saved = theta[i]
            theta[i] = saved + step
            let up = function(theta)
            theta[i] = saved - step
            let down = function(theta)
            theta[i] = saved
            return (up - down) / step / 2
        }
    }

    /// wrong: one-sided (forward) differences.
    static func differencesForward(_ point: [Double], _ step: Double,
                                   _ function: ([Double]) -> Double) -> [Double] {
        let base = function(point)
        return point.indices.map { i in
            var plus = point
            plus[i] += step
            return (function(plus) - base) / step
        }
    }

    /// wrong: divides by ε instead of 2ε.
    static func differencesNoHalf(_ point: [Double], _ step: Double,
                                  _ function: ([Double]) -> Double) -> [Double] {
        differencesCopy(point, step, function).map { $0 * 2 }
    }

    /// wrong: never restores the coordinate, so the nudges pile up.
    static func differencesNotRestored(_ point: [Double], _ step: Double,
                                       _ function: ([Double]) -> Double) -> [Double] {
        var theta = point
        return point.indices.map { i in
            theta[i] += step
            let up = function(theta)
            theta[i] -= 2 * step
            let down = function(theta)
            return (up - down) / (2 * step)
        }
    }

    /// wrong: nudges every coordinate at once (a directional derivative, copied into each entry).
    static func differencesAllAtOnce(_ point: [Double], _ step: Double,
                                     _ function: ([Double]) -> Double) -> [Double] {
        let derivative =
            (function(point.map { $0 + step }) - function(point.map { $0 - step })) / (2 * step)
        return Array(repeating: derivative, count: point.count)
    }

    /// wrong: ignores `step` and always uses 1e-5.
    static func differencesFixedStep(_ point: [Double], _ step: Double,
                                     _ function: ([Double]) -> Double) -> [Double] {
        differencesCopy(point, 1e-5, function)
    }

    /// wrong: a relative step ε·|θ_i| (so a coordinate at 0 is not nudged at all).
    static func differencesRelativeStep(_ point: [Double], _ step: Double,
                                        _ function: ([Double]) -> Double) -> [Double] {
        point.indices.map { i in
            let h = step * abs(point[i])
            guard h > 0 else { return 0 }
            var plus = point, minus = point
            plus[i] += h
            minus[i] -= h
            return (function(plus) - function(minus)) / (2 * h)
        }
    }
}
