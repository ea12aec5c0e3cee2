/// A dense row-major matrix of `Double`s: the one numeric container the curriculum uses.
///
/// Entry `(r, c)` lives at `values[r * cols + c]`. A batch of vectors is a matrix with one
/// vector per row, so a batch of activations `a` is `[B, d]`.
public struct Matrix: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let cols: Int
    /// The entries, row after row (`rows * cols` of them).
    public var values: [Double]

    // MARK: - Creating matrices

    /// A `rows × cols` matrix with every entry equal to `value`.
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        ensure(rows >= 0 && cols >= 0, "Matrix shape must be non-negative, got [\(rows), \(cols)]")
        self.rows = rows
        self.cols = cols
        self.values = Array(repeating: value, count: rows * cols)
    }

    /// A `rows × cols` matrix from row-major `values`.
    public init(rows: Int, cols: Int, values: [Double]) {
        ensure(rows >= 0 && cols >= 0 && values.count == rows * cols,
                     "Matrix [\(rows), \(cols)] needs \(rows * cols) values, got \(values.count)")
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    /// A matrix from nested rows, e.g. `Matrix([[1, 2], [3, 4]])`. All rows must have equal length.
    public init(_ nestedRows: [[Double]]) {
        let cols = nestedRows.first?.count ?? 0
        ensure(
            nestedRows.allSatisfy { $0.count == cols }, "Matrix rows must all have \(cols) entries")
        self.init(rows: nestedRows.count, cols: cols, values: nestedRows.flatMap { $0 })
    }

    /// A `rows × cols` matrix whose entry `(r, c)` is `entry(r, c)`.
    public init(rows: Int, cols: Int, entry: (Int, Int) -> Double) {
        var values = [Double]()
        values.reserveCapacity(rows * cols)
        for r in 0..<rows { for c in 0..<cols { values.append(entry(r, c)) } }
        self.init(rows: rows, cols: cols, values: values)
    }

    /// The `n × n` identity.
    public static func identity(_ n: Int) -> Matrix {
        Matrix(rows: n, cols: n) { r, c in r == c ? 1 : 0 }
    }

    // MARK: - Reading and writing entries

    /// `[rows, cols]`, the shape as printed in diagnostics and file headers.
    public var shape: [Int] { [rows, cols] }

    /// Entry `(r, c)`. Both indices are checked: a column past the end would otherwise read the
    /// next row's entry in silence (the kernels use buffer pointers, not this).
    @inlinable
    public subscript(r: Int, c: Int) -> Double {
        get {
            ensure(hasEntry(r, c), "Matrix index [\(r), \(c)] is out of range for shape \(shape)")
            return values[r * cols + c]
        }
        set {
            ensure(hasEntry(r, c), "Matrix index [\(r), \(c)] is out of range for shape \(shape)")
            values[r * cols + c] = newValue
        }
    }

    /// True when `(r, c)` is an entry: 0 ≤ r < rows and 0 ≤ c < cols.
    @inlinable
    public func hasEntry(_ r: Int, _ c: Int) -> Bool {
        UInt(bitPattern: r) < UInt(bitPattern: rows) && UInt(bitPattern: c) < UInt(bitPattern: cols)
    }

    /// Row `r` as an array.
    public func row(_ r: Int) -> [Double] {
        Array(values[(r * cols)..<((r + 1) * cols)])
    }

    /// Column `c` as an array.
    public func column(_ c: Int) -> [Double] {
        (0..<rows).map { self[$0, c] }
    }

    /// The rows as nested arrays (handy for printing small matrices and for tests).
    public var nestedRows: [[Double]] { (0..<rows).map(row) }

    /// The rows selected by `indices`, in that order.
    public func selectingRows(_ indices: [Int]) -> Matrix {
        var result = Matrix(rows: indices.count, cols: cols)
        values.withUnsafeBufferPointer { source in
            result.values.withUnsafeMutableBufferPointer { target in
                for (slot, r) in indices.enumerated() {
                    ensure(r >= 0 && r < rows, "selectingRows: row \(r) of \(rows)")
                    for c in 0..<cols { target[slot * cols + c] = source[r * cols + c] }
                }
            }
        }
        return result
    }

    // MARK: - Whole-matrix transforms

    /// The transpose `[cols, rows]`.
    public var transposed: Matrix {
        var result = Matrix(rows: cols, cols: rows)
        values.withUnsafeBufferPointer { a in
            result.values.withUnsafeMutableBufferPointer { t in
                for r in 0..<rows { for c in 0..<cols { t[c * rows + r] = a[r * cols + c] } }
            }
        }
        return result
    }

    /// Applies `transform` to every entry.
    public func map(_ transform: (Double) -> Double) -> Matrix {
        Matrix(rows: rows, cols: cols, values: values.map(transform))
    }

    /// True when every entry is finite (no NaN, no ±∞).
    public var isFinite: Bool { values.allSatisfy { $0.isFinite } }
}

extension Matrix: CustomStringConvertible {
    /// A compact printout: shape, then up to 8 rows of up to 8 entries with 4 decimals.
    public var description: String {
        var lines = ["Matrix [\(rows), \(cols)]"]
        for r in 0..<min(rows, 8) {
            let entries = (0..<min(cols, 8)).map { formatFixed(self[r, $0], decimals: 4) }
            lines.append("  " + entries.joined(separator: " ") + (cols > 8 ? " …" : ""))
        }
        if rows > 8 { lines.append("  …") }
        return lines.joined(separator: "\n")
    }
}
