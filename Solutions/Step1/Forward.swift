// Exercise 1.1 — reference solution. Whole-matrix operations (fast even in a debug build, since
// Matrix's kernels are optimised), associated differently from SAEKit: x·(WᵀW), not (x·Wᵀ)·W.

import SAEKit

// x: [B, n]  W: [m, n]  b: [n]  ->  [B, n]
public func toyModelForward(_ x: Matrix, model: ToyModel) -> Matrix {
    // WᵀW   [n, n]: how each feature reads every other
    let gram = model.W.transposedMatmul(model.W)
    return x.matmul(gram).addingToEachRow(model.b).map { max(0, $0) }
}
