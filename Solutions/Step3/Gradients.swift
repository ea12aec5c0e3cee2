// Exercise 3.4 — reference solution, one chain-rule step per line.

import SAEKit

// a: [B, d]  ->  ∂W_enc [d, h], ∂b_enc [h], ∂W_dec [h, d], ∂b_dec [d]
public func saeGradients(
    _ a: Matrix, sae: SparseAutoencoder, l1Coefficient: Double
) -> SAEGradients {
    let batch = Double(a.rows)
    let centred = a.addingToEachRow(sae.b_dec.map { -$0 })                       // x = a − b_dec
    let z = centred.matmul(sae.W_enc).addingToEachRow(sae.b_enc)                // [B, h]
    let f = z.map { max(0, $0) }
    let reconstruction = f.matmul(sae.W_dec).addingToEachRow(sae.b_dec)         // [B, d]
    let dReconstruction = (2 / batch) * (reconstruction - a)                    // ∂L/∂â
    // ∂L/∂f (+ λ/B, f ≥ 0)
    let dF = dReconstruction.matmul(sae.W_dec.transposed).map { $0 + l1Coefficient / batch }
    let dZ = dF.zipped(with: z) { gradient, pre in pre > 0 ? gradient : 0 }      // through the ReLU
    let dCentred = dZ.matmul(sae.W_enc.transposed)                              // ∂L/∂x
    return SAEGradients(
        W_enc: centred.transposed.matmul(dZ),
        b_enc: dZ.columnSums,
        W_dec: f.transposed.matmul(dReconstruction),
        b_dec: zip(dReconstruction.columnSums, dCentred.columnSums).map { decoder, encoder in
            decoder - encoder
        })
}
