// Exercise 3.4 the way a learner might write it without Matrix's products: the gradients
// accumulated sample by sample with plain loops, with switches for the usual mistakes.

import SAEKit

enum MaskChoice { case full, none, reconstructionOnly, includingZero }

/// The mistakes `perSampleGradients` can make (the defaults make none).
struct GradientOptions {
    /// The sign of b_dec's encoder term: −1 is right, 0 leaves it out, +1 adds it.
    var bDecEncoderTerm: Double = -1
    var bDecDecoderTerm = true
    var mask = MaskChoice.full
    /// The 2 of ∂/∂â ‖a − â‖² = 2(â − a).
    var two: Double = 2
    /// +1 for â − a (right), −1 for a − â.
    var residualSign: Double = 1
    /// ∂L/∂W_enc from x = a − b_dec (right) or from a.
    var centredEncoderInput = true
    /// ∂L/∂W_dec from z instead of f.
    var decoderInputIsPreActivation = false
    /// Bias gradients divided by B.
    var averageBiases = false
}

// a: [B, d]  ->  ∂W_enc [d, h], ∂b_enc [h], ∂W_dec [h, d], ∂b_dec [d]
func perSampleGradients(_ a: Matrix, _ sae: SparseAutoencoder, _ λ: Double,
                        _ options: GradientOptions = GradientOptions()) -> SAEGradients {
    let (B, d, h) = (Double(a.rows), sae.inputDims, sae.latentCount)
    var gW_enc = Matrix(rows: d, cols: h), gW_dec = Matrix(rows: h, cols: d)
    var gb_enc = [Double](repeating: 0, count: h), gb_dec = [Double](repeating: 0, count: d)
    for s in 0..<a.rows {
        let x = (0..<d).map { a[s, $0] - sae.b_dec[$0] }
        let z = (0..<h).map { j in (0..<d).reduce(sae.b_enc[j]) { $0 + x[$1] * sae.W_enc[$1, j] } }
        let f = z.map { max(0, $0) }
        let r = (0..<d).map { i in
            (0..<h).reduce(sae.b_dec[i]) { $0 + f[$1] * sae.W_dec[$1, i] } - a[s, i]
        }
        let dR = r.map { options.residualSign * options.two * $0 / B }
        var dZ = [Double](repeating: 0, count: h)
        for j in 0..<h {
            let fromR = (0..<d).reduce(0.0) { $0 + dR[$1] * sae.W_dec[j, $1] }
            switch options.mask {
            case .full: dZ[j] = z[j] > 0 ? fromR + λ / B : 0
            case .none: dZ[j] = fromR + λ / B
            case .reconstructionOnly: dZ[j] = (z[j] > 0 ? fromR : 0) + λ / B
            case .includingZero: dZ[j] = z[j] >= 0 ? fromR + λ / B : 0
            }
        }
        for j in 0..<h {
            gb_enc[j] += dZ[j] / (options.averageBiases ? B : 1)
            for i in 0..<d {
                gW_enc[i, j] += (options.centredEncoderInput ? x[i] : a[s, i]) * dZ[j]
                gW_dec[j, i] += (options.decoderInputIsPreActivation ? z[j] : f[j]) * dR[i]
            }
        }
        for i in 0..<d {
            let encoderTerm = (0..<h).reduce(0.0) { $0 + dZ[$1] * sae.W_enc[i, $1] }
            let term = (options.bDecDecoderTerm ? dR[i] : 0) + options.bDecEncoderTerm * encoderTerm
            gb_dec[i] += term / (options.averageBiases ? B : 1)
        }
    }
    return SAEGradients(W_enc: gW_enc, b_enc: gb_enc, W_dec: gW_dec, b_dec: gb_dec)
}
