// Exercise 4.2 — reference solution.

import SAEKit

// gradient: [h, d]  decoder: [h, d]  ->  [h, d]
public func removeParallelComponent(_ gradient: Matrix, decoder: Matrix) -> Matrix {
    var result = gradient
    for j in 0..<gradient.rows {
        let g = gradient.row(j), w = decoder.row(j)
        // w is unit-norm, but dividing keeps this exact otherwise
        let along = dot(g, w) / dot(w, w)
        for c in 0..<gradient.cols { result[j, c] = g[c] - along * w[c] }
    }
    return result
}

// decoder: [h, d]  ->  [h, d]
public func normaliseDecoderRows(_ decoder: Matrix) -> Matrix {
    Matrix(rows: decoder.rows, cols: decoder.cols) { j, c in
        let norm = decoder.row(j).reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? decoder[j, c] / norm : decoder[j, c]
    }
}
