// Exercise 6.3 — reference solution.

import SAEKit

// a: [B, d]  dead: [h]  ->  loss, gradients (zero outside the dead latents)
public func auxKLoss(_ a: Matrix, sae: SparseAutoencoder, dead: [Bool], kAux: Int) -> AuxKStep {
    let batch = Double(a.rows)
    let centred = a.addingToEachRow(sae.b_dec.map { -$0 })
    let z = centred.matmul(sae.W_enc).addingToEachRow(sae.b_enc)                // [B, h]
    let reconstruction = topKActivation(z, k: sae.k ?? sae.latentCount).matmul(sae.W_dec)
        .addingToEachRow(sae.b_dec)
    let residual = a - reconstruction                          // e: what the SAE missed, a constant
    var deadZ = z
    // alive latents cannot compete
    for b in 0..<z.rows { for j in 0..<z.cols where !dead[j] { deadZ[b, j] = -1 } }
    let auxCodes = topKActivation(deadZ, k: kAux)                               // [B, h]
    let miss = auxCodes.matmul(sae.W_dec) - residual                            // ê − e, [B, d]
    let dAux = (2 / batch) * miss
    let dZ = dAux.matmul(sae.W_dec.transposed).zipped(with: auxCodes) { gradient, code in
        code > 0 ? gradient : 0
    }
    return AuxKStep(
        loss: miss.squaredFrobeniusNorm / batch,
        gradients: SAEGradients(
            W_enc: centred.transposed.matmul(dZ), b_enc: dZ.columnSums,
            W_dec: auxCodes.transposed.matmul(dAux),
            b_dec: Array(repeating: 0, count: sae.inputDims)))
}
