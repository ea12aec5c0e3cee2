// The three matrix products a forward and backward pass need, written once and fast:
//   A · B      (activations times weights)
//   A · Bᵀ     (rows against rows: encoder products, gradients into inputs)
//   Aᵀ · B     (weight gradients: sum over the batch of outer products)
// Each kernel reads and writes through unsafe buffer pointers, and its inner loop runs over
// contiguous memory so the compiler vectorises it. Large dense products go to the packed, blocked
// kernel (Matrix+Blocked.swift); large sparse ones split their rows across cores. Tests compare
// every path against a naive triple loop.

import Foundation

extension Matrix {
    // MARK: - A · B

    /// The product `self · other`.
    ///
    /// - Parameter other: a matrix with `other.rows == self.cols`.
    /// - Returns: `[self.rows, other.cols]`.
    // self: [M, K]  other: [K, N]  ->  [M, N]
    public func matmul(_ other: Matrix) -> Matrix {
        ensure(
            cols == other.rows,
            "matmul: [\(rows), \(cols)] · [\(other.rows), \(other.cols)] do not chain")
        let (m, k, n) = (rows, cols, other.cols)
        var result = Matrix(rows: m, cols: n)
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                result.values.withUnsafeMutableBufferPointer { c in
                    if usesBlockedProduct(m: m, n: n, k: k) {
                        BlockedProduct.multiply(
                            m: m, n: n, k: k,
                            a: StridedOperand(base: a.baseAddress!, rowStride: k, columnStride: 1),
                            b: StridedOperand(base: b.baseAddress!, rowStride: n, columnStride: 1),
                            into: c.baseAddress!)
                        return
                    }
                    // Row i of C is Σ_p A[i, p] · (row p of B); zero entries of A (sparse codes)
                    // cost nothing.
                    forEachRowBand(m: m, work: m * n * k) { band in
                        for i in band {
                            for p in 0..<k {
                                addScaled(
                                    a[i * k + p], b.baseAddress! + p * n,
                                    to: c.baseAddress! + i * n, count: n)
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    // MARK: - A · Bᵀ

    /// The product `self · otherᵀ`: entry `(i, j)` is the dot product of row `i` of `self` and row
    /// `j` of `other`.
    ///
    /// - Parameter other: a matrix with `other.cols == self.cols`.
    /// - Returns: `[self.rows, other.rows]`.
    // self: [M, K]  other: [N, K]  ->  [M, N]
    public func matmulTransposed(_ other: Matrix) -> Matrix {
        ensure(
            cols == other.cols,
            "matmulTransposed: [\(rows), \(cols)] · [\(other.rows), \(other.cols)]ᵀ do not chain")
        let (m, k, n) = (rows, cols, other.rows)
        var result = Matrix(rows: m, cols: n)
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                result.values.withUnsafeMutableBufferPointer { c in
                    if m * n * k >= BlockedProduct.threshold {
                        BlockedProduct.multiply(
                            m: m, n: n, k: k,
                            a: StridedOperand(base: a.baseAddress!, rowStride: k, columnStride: 1),
                            b: StridedOperand(base: b.baseAddress!, rowStride: 1, columnStride: k),
                            into: c.baseAddress!)
                        return
                    }
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

    /// `self · otherᵀ`, computed only where `mask` is non-zero (zero elsewhere): the gradient into
    /// sparse codes needs just the entries of the latents that fired, so it costs B·k·d instead of
    /// B·h·d.
    ///
    /// - Parameter mask: `[self.rows, other.rows]`.
    // self: [M, K]  other: [N, K]  mask: [M, N]  ->  [M, N]
    public func matmulTransposed(_ other: Matrix, where mask: Matrix) -> Matrix {
        ensure(
            cols == other.cols && mask.rows == rows && mask.cols == other.rows,
            "matmulTransposed(where:): [\(rows), \(cols)] · [\(other.rows), \(other.cols)]ᵀ with "
                + "mask \(mask.shape)"
        )
        let (m, k, n) = (rows, cols, other.rows)
        // a dense mask: the blocked product, then the mask
        if mask.usesBlockedProduct(m: m, n: n, k: k) {
            return matmulTransposed(other).zipped(with: mask) { value, keep in keep != 0 ? value : 0
            }
        }
        var result = Matrix(rows: m, cols: n)
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                mask.values.withUnsafeBufferPointer { keep in
                    result.values.withUnsafeMutableBufferPointer { c in
                        forEachRowBand(m: m, work: m * n * k / 2) { band in
                            for i in band {
                                for j in 0..<n where keep[i * n + j] != 0 {
                                    c[i * n + j] = dot(
                                        a.baseAddress! + i * k, b.baseAddress! + j * k, count: k)
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    // MARK: - Aᵀ · B

    /// The product `selfᵀ · other`: the sum over rows `r` of the outer product of row `r` of `self`
    /// and row `r` of `other`.
    ///
    /// - Parameter other: a matrix with `other.rows == self.rows`.
    /// - Returns: `[self.cols, other.cols]`.
    // self: [K, M]  other: [K, N]  ->  [M, N]
    public func transposedMatmul(_ other: Matrix) -> Matrix {
        ensure(
            rows == other.rows,
            "transposedMatmul: [\(rows), \(cols)]ᵀ · [\(other.rows), \(other.cols)] do not chain")
        let (k, m, n) = (rows, cols, other.cols)
        var result = Matrix(rows: m, cols: n)
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                result.values.withUnsafeMutableBufferPointer { c in
                    if usesBlockedProduct(m: m, n: n, k: k) {
                        BlockedProduct.multiply(
                            m: m, n: n, k: k,
                            a: StridedOperand(base: a.baseAddress!, rowStride: 1, columnStride: m),
                            b: StridedOperand(base: b.baseAddress!, rowStride: n, columnStride: 1),
                            into: c.baseAddress!)
                        return
                    }
                    // Row i of C accumulates A[p, i] · (row p of B) over p; each core owns a band
                    // of C's rows.
                    forEachRowBand(m: m, work: m * n * k) { band in
                        for p in 0..<k {
                            for i in band {
                                addScaled(
                                    a[p * m + i], b.baseAddress! + p * n,
                                    to: c.baseAddress! + i * n, count: n)
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}

// MARK: - Choosing a path

extension Matrix {
    /// Whether `self` (the left operand, whose zero entries the row kernels skip) goes to the
    /// packed, blocked product: large enough to pay for packing, and dense enough that skipping
    /// zeros (ReLU codes are mostly zero) does not win.
    func usesBlockedProduct(m: Int, n: Int, k: Int) -> Bool {
        guard m * n * k >= BlockedProduct.threshold else { return false }
        let nonZero = values.withUnsafeBufferPointer { v in v.reduce(0) { $1 != 0 ? $0 + 1 : $0 } }
        return nonZero * 4 > values.count                   // more than a quarter non-zero
    }
}

/// Runs `body` over bands of `0..<m`, on every core when `work` (multiply-adds) pays for it.
func forEachRowBand(m: Int, work: Int, _ body: (Range<Int>) -> Void) {
    let cores = activeCores
    guard work >= BlockedProduct.parallelThreshold, cores > 1, m >= 2 * cores else {
        return body(0..<m)
    }
    let bands = min(m, 4 * cores)
    concurrentlyPerform(bands) { band in body((band * m / bands)..<((band + 1) * m / bands)) }
}

/// Runs `body(0..<iterations)` across the cores: on the persistent WorkerPool, or through
/// `DispatchQueue.concurrentPerform` when the pool is busy (a nested or concurrent caller). Each
/// iteration writes its own part of a buffer through unsafe pointers, which Swift cannot prove
/// race-free, so the closure is vouched for here.
func concurrentlyPerform(_ iterations: Int, _ body: (Int) -> Void) {
    if activeCores == 1 { return (0..<iterations).forEach(body) }
    if #available(macOS 15.0, *), let pool = WorkerPool.shared, pool.perform(iterations, body) {
        return
    }
    withoutActuallyEscaping(body) { escaping in
        let vouched = VouchedSendable(escaping)
        DispatchQueue.concurrentPerform(iterations: iterations) { vouched.value($0) }
    }
}

/// A value handed to other threads on the kernel's word that they touch disjoint memory.
struct VouchedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// The cores the kernels may use.
let activeCores = ProcessInfo.processInfo.activeProcessorCount

// MARK: - Row kernels

/// y += scale · x over `count` contiguous entries (an axpy); skipped when scale is 0 (sparse
/// inputs).
// x: [count]  y: [count]
@inline(__always)
func addScaled(
    _ scale: Double, _ x: UnsafePointer<Double>, to y: UnsafeMutablePointer<Double>, count: Int
) {
    if scale == 0 { return }
    let s = SIMD4<Double>(repeating: scale)
    var j = 0
    while j + 4 <= count {
        let sum =
            UnsafeRawPointer(y + j).loadUnaligned(as: SIMD4<Double>.self) + s
            * UnsafeRawPointer(x + j).loadUnaligned(as: SIMD4<Double>.self)
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
    ensure(x.count == y.count, "dot: lengths \(x.count) and \(y.count) differ")
    return x.withUnsafeBufferPointer { a in
        y.withUnsafeBufferPointer { b in
            guard let pa = a.baseAddress, let pb = b.baseAddress else { return 0 }
            return dot(pa, pb, count: x.count)
        }
    }
}
