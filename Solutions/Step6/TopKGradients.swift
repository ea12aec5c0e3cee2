// Exercise 6.2 — reference solution: chapter 3's backward pass with the TopK mask and no L1 term.

import SAEKit

// a: [B, d]  ->  ∂W_enc [d, h], ∂b_enc [h], ∂W_dec [h, d], ∂b_dec [d]
public func topKGradients(_ a: Matrix, sae: SparseAutoencoder) -> SAEGradients {
    let batch = Double(a.rows)
    let centred = a.addingToEachRow(sae.b_dec.map { -$0 })                       // x = a − b_dec
    let z = centred.matmul(sae.W_enc).addingToEachRow(sae.b_enc)                // [B, h]
    let f = topKActivation(z, k: sae.k ?? sae.latentCount)                 // [B, h], k kept per row
    let reconstruction = f.matmul(sae.W_dec).addingToEachRow(sae.b_dec)         // [B, d]
    let dReconstruction = (2 / batch) * (reconstruction - a)                    // ∂L/∂â
    let dF = dReconstruction.matmul(sae.W_dec.transposed)                       // ∂L/∂f
    // only the kept latents pass it on
    let dZ = dF.zipped(with: f) { gradient, code in code > 0 ? gradient : 0 }
    let dCentred = dZ.matmul(sae.W_enc.transposed)                              // ∂L/∂x
    return SAEGradients(
        W_enc: centred.transposed.matmul(dZ),
        b_enc: dZ.columnSums,
        W_dec: f.transposed.matmul(dReconstruction),
        b_dec: zip(dReconstruction.columnSums, dCentred.columnSums).map { decoder, encoder in
            decoder - encoder
        })
}
