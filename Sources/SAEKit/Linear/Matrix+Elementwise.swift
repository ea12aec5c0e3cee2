// Entry-by-entry arithmetic and the broadcasts a layer needs (adding a bias to every row).

extension Matrix {
    // MARK: - Matrix ⊕ matrix

    /// Entry-wise sum. Shapes must match.
    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.zipped(with: rhs, +) }
    /// Entry-wise difference. Shapes must match.
    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.zipped(with: rhs, -) }
    /// Every entry scaled by `scalar`.
    public static func * (scalar: Double, matrix: Matrix) -> Matrix { matrix.map { scalar * $0 } }

    /// Entry-wise (Hadamard) product. Shapes must match.
    public func hadamard(_ other: Matrix) -> Matrix { zipped(with: other, *) }

    /// Combines matching entries of two equal-shape matrices.
    public func zipped(with other: Matrix, _ combine: (Double, Double) -> Double) -> Matrix {
        ensure(
            rows == other.rows && cols == other.cols,
            "shapes [\(rows), \(cols)] and [\(other.rows), \(other.cols)] differ")
        var result = self
        result.values.withUnsafeMutableBufferPointer { r in
            other.values.withUnsafeBufferPointer { o in
                for i in 0..<r.count { r[i] = combine(r[i], o[i]) }
            }
        }
        return result
    }

    // MARK: - Broadcasting a row vector

    /// Adds `vector` to every row (a bias added to each sample of a batch).
    // self: [B, N]  vector: [N]  ->  [B, N]
    public func addingToEachRow(_ vector: [Double]) -> Matrix {
        ensure(
            vector.count == cols,
            "row vector has \(vector.count) entries, matrix has \(cols) columns")
        var result = self
        result.values.withUnsafeMutableBufferPointer { r in
            vector.withUnsafeBufferPointer { v in
                for row in 0..<rows {
                    let base = row * cols
                    for c in 0..<cols { r[base + c] += v[c] }
                }
            }
        }
        return result
    }

    /// Multiplies column `c` by `vector[c]` (per-feature weights applied to a batch).
    // self: [B, N]  vector: [N]  ->  [B, N]
    public func scalingColumns(by vector: [Double]) -> Matrix {
        ensure(
            vector.count == cols,
            "column scale has \(vector.count) entries, matrix has \(cols) columns")
        var result = self
        for row in 0..<rows { for c in 0..<cols { result.values[row * cols + c] *= vector[c] } }
        return result
    }

    /// `max(0, x)` entry-wise.
    public var relu: Matrix { map { max(0, $0) } }
}
