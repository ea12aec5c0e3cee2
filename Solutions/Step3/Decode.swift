// Exercise 3.2 — reference solution.

import SAEKit

// f: [B, h]  W_dec: [h, d]  b_dec: [d]  ->  [B, d]
public func saeDecode(_ f: Matrix, sae: SparseAutoencoder) -> Matrix {
    f.matmul(sae.W_dec).addingToEachRow(sae.b_dec)
}
