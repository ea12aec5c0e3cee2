// Exercise 5.1 — reference solution: normalise both sides, then one matrix product.

import SAEKit

// learned: [h, d]  truth: [n, d]  ->  [h, n]
public func cosineSimilarities(_ learned: Matrix, _ truth: Matrix) -> Matrix {
    func unitRows(_ m: Matrix) -> Matrix {
        Matrix(rows: m.rows, cols: m.cols) { r, c in
            let norm = m.row(r).reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? m[r, c] / norm : 0
        }
    }
    return unitRows(learned).matmulTransposed(unitRows(truth))
}
