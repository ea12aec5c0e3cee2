// The three matrix products a forward and backward pass need, written once and fast:
//   A · B      (activations times weights)
//   A · Bᵀ     (rows against rows: encoder products, gradients into inputs)
//   Aᵀ · B     (weight gradients: sum over the batch of outer products)
// Each kernel reads and writes through unsafe buffer pointers, and its inner loop runs over
// contiguous memory so the compiler vectorises it. Tests compare each against a naive triple loop.

extension Matrix {
    // MARK: - A · B

    /// The product `self · other`.
    ///
    /// - Parameter other: a matrix with `other.rows == self.cols`.
    /// - Returns: `[self.rows, other.cols]`.
    // self: [M, K]  other: [K, N]  ->  [M, N]
    public func matmul(_ other: Matrix) -> Matrix {
        precondition(cols == other.rows, "matmul: [\(rows), \(cols)] · [\(other.rows), \(other.cols)] do not chain")
        let (m, k, n) = (rows, cols, other.cols)
        var result = Matrix(rows: m, cols: n)
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                result.values.withUnsafeMutableBufferPointer { c in
                    // Row i of C is Σ_p A[i, p] · (row p of B).
                    for i in 0..<m {
                        for p in 0..<k {
                            addScaled(a[i * k + p], b.baseAddress! + p * n, to: c.baseAddress! + i * n, count: n)
                        }
                    }
                }
            }
        }
        return result
    }

    // MARK: - A · Bᵀ

    /// The product `self · otherᵀ`: entry `(i, j)` is the dot product of row `i` of `self` and row `j` of `other`.
    ///
    /// - Parameter other: a matrix with `other.cols == self.cols`.
    /// - Returns: `[self.rows, other.rows]`.
    // self: [M, K]  other: [N, K]  ->  [M, N]
    public func matmulTransposed(_ other: Matrix) -> Matrix {
        precondition(cols == other.cols, "matmulTransposed: [\(rows), \(cols)] · [\(other.rows), \(other.cols)]ᵀ do not chain")
        let (m, k, n) = (rows, cols, other.rows)
        var result = Matrix(rows: m, cols: n)
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                result.values.withUnsafeMutableBufferPointer { c in
                    for i in 0..<m {
                        let aRow = a.baseAddress! + i * k
                        for j in 0..<n {
                            c[i * n + j] = dot(aRow, b.baseAddress! + j * k, count: k)
                        }
                    }
                }
            }
        }
        return result
    }

    /// `self · otherᵀ`, computed only where `mask` is non-zero (zero elsewhere): the gradient into sparse
    /// codes needs just the entries of the latents that fired, so it costs B·k·d instead of B·h·d.
    ///
    /// - Parameter mask: `[self.rows, other.rows]`.
    // self: [M, K]  other: [N, K]  mask: [M, N]  ->  [M, N]
    public func matmulTransposed(_ other: Matrix, where mask: Matrix) -> Matrix {
        precondition(cols == other.cols && mask.rows == rows && mask.cols == other.rows,
                     "matmulTransposed(where:): [\(rows), \(cols)] · [\(other.rows), \(other.cols)]ᵀ with mask \(mask.shape)")
        let (m, k, n) = (rows, cols, other.rows)
        var result = Matrix(rows: m, cols: n)
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                mask.values.withUnsafeBufferPointer { keep in
                    result.values.withUnsafeMutableBufferPointer { c in
                        for i in 0..<m {
                            for j in 0..<n where keep[i * n + j] != 0 {
                                c[i * n + j] = dot(a.baseAddress! + i * k, b.baseAddress! + j * k, count: k)
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    // MARK: - Aᵀ · B

    /// The product `selfᵀ · other`: the sum over rows `r` of the outer product of row `r` of `self` and row `r` of `other`.
    ///
    /// - Parameter other: a matrix with `other.rows == self.rows`.
    /// - Returns: `[self.cols, other.cols]`.
    // self: [K, M]  other: [K, N]  ->  [M, N]
    public func transposedMatmul(_ other: Matrix) -> Matrix {
        precondition(rows == other.rows, "transposedMatmul: [\(rows), \(cols)]ᵀ · [\(other.rows), \(other.cols)] do not chain")
        let (k, m, n) = (rows, cols, other.cols)
        var result = Matrix(rows: m, cols: n)
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                result.values.withUnsafeMutableBufferPointer { c in
                    // Row i of C accumulates A[p, i] · (row p of B) over p.
                    for p in 0..<k {
                        for i in 0..<m {
                            addScaled(a[p * m + i], b.baseAddress! + p * n, to: c.baseAddress! + i * n, count: n)
                        }
                    }
                }
            }
        }
        return result
    }
}

// MARK: - Row kernels

/// y += scale · x over `count` contiguous entries (an axpy); skipped when scale is 0 (sparse inputs).
// x: [count]  y: [count]
@inline(__always)
func addScaled(_ scale: Double, _ x: UnsafePointer<Double>, to y: UnsafeMutablePointer<Double>, count: Int) {
    if scale == 0 { return }
    let s = SIMD4<Double>(repeating: scale)
    var j = 0
    while j + 4 <= count {
        let sum = UnsafeRawPointer(y + j).loadUnaligned(as: SIMD4<Double>.self) + s * UnsafeRawPointer(x + j).loadUnaligned(as: SIMD4<Double>.self)
        UnsafeMutableRawPointer(y + j).storeBytes(of: sum, as: SIMD4<Double>.self)
        j += 4
    }
    while j < count { y[j] += scale * x[j]; j += 1 }
}

// MARK: - Dot product

/// `Σ x[i] · y[i]` over `count` entries, with four independent SIMD accumulators.
// x: [count]  y: [count]
@inline(__always)
func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double {
    var acc0 = SIMD4<Double>(), acc1 = SIMD4<Double>()
    var i = 0
    while i + 8 <= count {
        acc0 += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD4<Double>.self)
            * UnsafeRawPointer(y + i).loadUnaligned(as: SIMD4<Double>.self)
        acc1 += UnsafeRawPointer(x + i + 4).loadUnaligned(as: SIMD4<Double>.self)
            * UnsafeRawPointer(y + i + 4).loadUnaligned(as: SIMD4<Double>.self)
        i += 8
    }
    var sum = (acc0 + acc1).sum()
    while i < count { sum += x[i] * y[i]; i += 1 }
    return sum
}

/// Dot product of two equal-length arrays.
// x: [n]  y: [n]
public func dot(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count, "dot: lengths \(x.count) and \(y.count) differ")
    return x.withUnsafeBufferPointer { a in
        y.withUnsafeBufferPointer { b in
            guard let pa = a.baseAddress, let pb = b.baseAddress else { return 0 }
            return dot(pa, pb, count: x.count)
        }
    }
}
