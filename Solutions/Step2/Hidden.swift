// Exercise 2.2 — reference solution, written the way the maths reads: h = W x, one column per
// sample.

import SAEKit

// x: [B, n]  W: [m, n]  ->  [B, m]
public func hiddenActivations(_ x: Matrix, W: Matrix) -> Matrix {
    W.matmul(x.transposed).transposed      // (W · xᵀ)ᵀ: column b of W·xᵀ is h for sample b
}
