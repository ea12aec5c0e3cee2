// Sums and norms along one axis: bias gradients (column sums), per-feature norms (column norms),
// per-sample norms (row norms).

import Foundation

extension Matrix {
    /// The sum of each column: `[cols]`. A bias gradient is the column sum of the upstream
    /// gradient.
    // self: [B, N]  ->  [N]
    public var columnSums: [Double] {
        var sums = [Double](repeating: 0, count: cols)
        values.withUnsafeBufferPointer { v in
            sums.withUnsafeMutableBufferPointer { s in
                for r in 0..<rows {
                    let base = r * cols
                    for c in 0..<cols { s[c] += v[base + c] }
                }
            }
        }
        return sums
    }

    /// The sum of each row: `[rows]`.
    // self: [B, N]  ->  [B]
    public var rowSums: [Double] {
        values.withUnsafeBufferPointer { v in
            (0..<rows).map { r in
                var sum = 0.0
                for c in 0..<cols { sum += v[r * cols + c] }
                return sum
            }
        }
    }

    /// The Euclidean norm of each column: `[cols]`.
    // self: [D, N]  ->  [N]
    public var columnNorms: [Double] {
        var squares = [Double](repeating: 0, count: cols)
        for r in 0..<rows { for c in 0..<cols { squares[c] += self[r, c] * self[r, c] } }
        return squares.map { $0.squareRoot() }
    }

    /// The Euclidean norm of each row: `[rows]`.
    // self: [B, N]  ->  [B]
    public var rowNorms: [Double] {
        (0..<rows).map { r in
            var sum = 0.0
            for c in 0..<cols { sum += self[r, c] * self[r, c] }
            return sum.squareRoot()
        }
    }

    /// The sum of all entries.
    public var sum: Double { values.reduce(0, +) }

    /// The Frobenius norm squared, `Σ_ij A_ij²`.
    public var squaredFrobeniusNorm: Double { values.reduce(0) { $0 + $1 * $1 } }

    /// The largest absolute entry (0 for an empty matrix).
    public var maxAbs: Double { values.reduce(0) { max($0, abs($1)) } }
}
