// Exercise 3.1 — reference solution.

import SAEKit

// a: [B, d]  W_enc: [d, h]  b_enc: [h]  b_dec: [d]  ->  [B, h]
public func saeEncode(_ a: Matrix, sae: SparseAutoencoder) -> Matrix {
    // (a − b_dec)·W_enc = a·W_enc − b_dec·W_enc: the bias's projection is one row, shared by every
    // sample.
    // [h]
    let shift = Matrix(rows: 1, cols: sae.inputDims, values: sae.b_dec).matmul(sae.W_enc).row(0)
    let bias = zip(sae.b_enc, shift).map { $0 - $1 }
    return a.matmul(sae.W_enc).addingToEachRow(bias).map { max(0, $0) }
}
