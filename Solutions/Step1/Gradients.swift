// Exercise 1.3 — reference solution. Both paths through W folded into one matrix:
//   decoding  hᵀ·∂z        = (x·Wᵀ)ᵀ·∂z = W·(xᵀ·∂z)
//   encoding  (∂z·Wᵀ)ᵀ·x   = W·(∂zᵀ·x)
// so ∂L/∂W = W·(S + Sᵀ) with S = xᵀ·∂z, an n × n matrix.

import SAEKit

// x: [B, n]  W: [m, n]  b: [n]  importance: [n]  ->  ∂W: [m, n], ∂b: [n]
public func toyModelGradients(
    _ x: Matrix, model: ToyModel, importance: [Double]
) -> ToyModelGradients {
    let z = x.matmul(model.W.transposedMatmul(model.W)).addingToEachRow(model.b)      // [B, n]
    let weights = importance.map { 2 * $0 / Double(x.rows) }
    // ∂L/∂z = (2/B)·I·(ReLU(z) − x) where z > 0, else 0
    let dz = z.zipped(with: x) { zi, xi in zi > 0 ? zi - xi : 0 }.scalingColumns(by: weights)
    let s = x.transposedMatmul(dz)                                                 // xᵀ·∂z   [n, n]
    return ToyModelGradients(W: model.W.matmul(s + s.transposed), b: dz.columnSums)
}
