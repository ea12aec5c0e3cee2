// The large-matrix path of the three products: the Goto/BLIS recipe in plain Swift. The product is
// cut into K-slices that fit the cache; each slice of B is packed once into 8-column panels, each
// band of A (on its own core) into 4-row panels, and a 4 × 8 micro-kernel keeps the 32 entries of
// C it updates in SIMD registers while it streams both panels. Packing reads through strides, so
// A · B, A · Bᵀ and Aᵀ · B are one routine. Tests compare it with the naive triple loop.

import Dispatch

/// An operand read through strides: entry `(i, p)` is `base[i * rowStride + p * columnStride]`.
struct StridedOperand {
    var base: UnsafePointer<Double>
    var rowStride: Int
    var columnStride: Int

    @inline(__always) subscript(i: Int, p: Int) -> Double { base[i * rowStride + p * columnStride] }
}

enum BlockedProduct {
    /// Rows and columns of C one micro-kernel call updates.
    static let panelRows = 4, panelColumns = 8
    /// The K-slice (B's packed slice stays in L2) and the rows of A one task packs (its panel stays
    /// in L1/L2).
    static let sliceDepth = 256, bandRows = 64
    /// Below this many multiply-adds the simple kernels win (packing costs more than it saves).
    static let threshold = 48 * 48 * 48
    /// Above this many multiply-adds the bands are shared across cores.
    static let parallelThreshold = 128 * 128 * 128

    /// `C = A · B` for `A: [m, k]`, `B: [k, n]` read through strides; `C` row-major `[m, n]`,
    /// overwritten.
    // a: [m, k]  b: [k, n]  ->  c: [m, n]
    /// - Parameter parallel: share the bands across cores (default: when the product is large
    ///   enough).
    static func multiply(
        m: Int, n: Int, k: Int, a: StridedOperand, b: StridedOperand,
        into c: UnsafeMutablePointer<Double>,
        parallel: Bool? = nil
    ) {
        c.initialize(repeating: 0, count: m * n)
        guard m > 0, n > 0, k > 0 else { return }
        let columnPanels = (n + panelColumns - 1) / panelColumns
        let bands = (m + bandRows - 1) / bandRows
        let packedB = allocatePanels(sliceDepth * columnPanels * panelColumns)
        defer { packedB.deallocate() }
        let parallel = parallel ?? (m * n * k >= parallelThreshold && bands > 1 && activeCores > 1)
        for sliceStart in stride(from: 0, to: k, by: sliceDepth) {
            let depth = min(sliceDepth, k - sliceStart)
            packB(b, rows: sliceStart..<(sliceStart + depth), columns: n, into: packedB)
            let band = { (index: Int) in
                multiplyBand(
                    rows: (index * bandRows)..<min(m, (index + 1) * bandRows), n: n,
                    slice: sliceStart, depth: depth,
                    a: a, packedB: UnsafePointer(packedB), c: c)
            }
            if parallel { concurrentlyPerform(bands, band) } else { (0..<bands).forEach(band) }
        }
    }

    // MARK: - Packing

    /// B's rows `rows` as 8-column panels: panel j holds, for each p, the 8 entries B[p, 8j ..< 8j
    /// + 8] (zero-padded).
    static func packB(
        _ b: StridedOperand, rows: Range<Int>, columns n: Int,
        into packed: UnsafeMutablePointer<Double>
    ) {
        let depth = rows.count
        for panel in 0..<((n + panelColumns - 1) / panelColumns) {
            let target = packed + panel * depth * panelColumns
            for p in 0..<depth {
                for jj in 0..<panelColumns {
                    let j = panel * panelColumns + jj
                    target[p * panelColumns + jj] = j < n ? b[rows.lowerBound + p, j] : 0
                }
            }
        }
    }

    /// Room for `count` packed entries starting on a 64-byte boundary: the kernel loads whole SIMD
    /// vectors from the panels, and one that straddles two cache lines is slower (dgemm 1024³ ran
    /// at 57–59% of OpenBLAS with malloc's 16-byte alignment, 80%+ with this).
    static func allocatePanels(_ count: Int) -> UnsafeMutablePointer<Double> {
        UnsafeMutableRawPointer.allocate(
            byteCount: count * MemoryLayout<Double>.stride, alignment: 64
        ).bindMemory(to: Double.self, capacity: count)
    }

    /// One band of A's rows against every packed column panel, accumulated into C.
    static func multiplyBand(rows: Range<Int>, n: Int, slice: Int, depth: Int, a: StridedOperand,
                             packedB: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>) {
        let rowPanels = (rows.count + panelRows - 1) / panelRows
        let packedA = allocatePanels(rowPanels * panelRows * depth)
        defer { packedA.deallocate() }
        for panel in 0..<rowPanels {    // A's rows as 4-row panels: for each p, A[4i ..< 4i + 4, p]
            let target = packedA + panel * depth * panelRows
            for p in 0..<depth {
                for ii in 0..<panelRows {
                    let i = rows.lowerBound + panel * panelRows + ii
                    target[p * panelRows + ii] = i < rows.upperBound ? a[i, slice + p] : 0
                }
            }
        }
        for panel in 0..<rowPanels {
            let row = rows.lowerBound + panel * panelRows
            for columnPanel in 0..<((n + panelColumns - 1) / panelColumns) {
                let column = columnPanel * panelColumns
                microKernel(
                    depth: depth, a: packedA + panel * depth * panelRows,
                    b: packedB + columnPanel * depth * panelColumns,
                    c: c + row * n + column, leading: n,
                    rows: min(panelRows, rows.upperBound - row),
                    columns: min(panelColumns, n - column))
            }
        }
    }

    // MARK: - The micro-kernel

    /// C[0..<4, 0..<8] += Σ_p a[p] ⊗ b[p] over packed panels; only `rows × columns` of C are
    /// written (the edges).
    // a: [depth, 4]  b: [depth, 8]  c: [4, 8] with leading dimension `leading`
    @inline(__always)
    static func microKernel(
        depth: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
        c: UnsafeMutablePointer<Double>,
        leading: Int, rows: Int, columns: Int
    ) {
        typealias Lane = SIMD4<Double>
        var c00 = Lane(), c01 = Lane(), c10 = Lane(), c11 = Lane(), c20 = Lane(), c21 = Lane(),
            c30 = Lane(), c31 = Lane()
        var pa = a, pb = b
        for _ in 0..<depth {
            let b0 = UnsafeRawPointer(pb).loadUnaligned(as: Lane.self),
                b1 = UnsafeRawPointer(pb + 4).loadUnaligned(as: Lane.self)
            let a0 = Lane(repeating: pa[0]), a1 = Lane(repeating: pa[1]),
                a2 = Lane(repeating: pa[2]), a3 = Lane(repeating: pa[3])
            c00 = multiplyAdd(c00, a0, b0); c01 = multiplyAdd(c01, a0, b1)
            c10 = multiplyAdd(c10, a1, b0); c11 = multiplyAdd(c11, a1, b1)
            c20 = multiplyAdd(c20, a2, b0); c21 = multiplyAdd(c21, a2, b1)
            c30 = multiplyAdd(c30, a3, b0); c31 = multiplyAdd(c31, a3, b1)
            pa += panelRows
            pb += panelColumns
        }
        store(c00, c01, to: c, columns: columns)
        if rows > 1 { store(c10, c11, to: c + leading, columns: columns) }
        if rows > 2 { store(c20, c21, to: c + 2 * leading, columns: columns) }
        if rows > 3 { store(c30, c31, to: c + 3 * leading, columns: columns) }
    }

    /// One row of the micro-kernel's block added into C: the first `columns` of the 8 entries (low,
    /// high).
    @inline(__always)
    static func store(
        _ low: SIMD4<Double>, _ high: SIMD4<Double>, to target: UnsafeMutablePointer<Double>,
        columns: Int
    ) {
        if columns == panelColumns {
            UnsafeMutableRawPointer(target).storeBytes(
                of: UnsafeRawPointer(target).loadUnaligned(as: SIMD4<Double>.self) + low,
                as: SIMD4<Double>.self)
            UnsafeMutableRawPointer(target + 4).storeBytes(
                of: UnsafeRawPointer(target + 4).loadUnaligned(as: SIMD4<Double>.self) + high,
                as: SIMD4<Double>.self)
        } else {
            for j in 0..<columns { target[j] += j < 4 ? low[j] : high[j - 4] }
        }
    }

    /// acc + x · y, fused where the build targets a CPU with FMA (see Package.swift).
    @inline(__always)
    static func multiplyAdd(
        _ acc: SIMD4<Double>, _ x: SIMD4<Double>, _ y: SIMD4<Double>
    ) -> SIMD4<Double> {
        #if SAEKIT_FMA
        return acc.addingProduct(x, y)
        #else
        return acc + x * y
        #endif
    }
}
