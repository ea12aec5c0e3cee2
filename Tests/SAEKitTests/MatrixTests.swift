// The matrix kernels against naive triple loops, on random shapes including the edge sizes
// (1, odd, not a multiple of the SIMD width).

@testable import SAEKit
import Testing

@Suite("Matrix kernels")
struct MatrixTests {
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (1, 7, 1), (3, 1, 5), (4, 5, 3), (7, 9, 11), (16, 8, 4), (13, 17, 19), (2, 33, 3)
    ]

    static func random(_ rows: Int, _ cols: Int, seed: UInt64) -> Matrix {
        var generator = SeededGenerator(seed: seed, stream: "matrix-tests")
        return Matrix(rows: rows, cols: cols) { _, _ in
            generator.bernoulli(0.2) ? 0 : generator.normal()
        }
    }

    static func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        Matrix(rows: a.rows, cols: b.cols) { i, j in
            (0..<a.cols).reduce(0.0) { $0 + a[i, $1] * b[$1, j] }
        }
    }

    static func expectClose(
        _ got: Matrix, _ expected: Matrix, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(got.shape == expected.shape, sourceLocation: sourceLocation)
        for (g, e) in zip(got.values, expected.values) {
            #expect(abs(g - e) <= 1e-12 * max(1, abs(e)), sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: shapes)
    func matmulMatchesNaiveLoop(shape: (Int, Int, Int)) {
        let (m, k, n) = shape
        let a = Self.random(m, k, seed: 1), b = Self.random(k, n, seed: 2)
        Self.expectClose(a.matmul(b), Self.naiveProduct(a, b))
    }

    @Test(arguments: shapes)
    func matmulTransposedMatchesNaiveLoop(shape: (Int, Int, Int)) {
        let (m, k, n) = shape
        let a = Self.random(m, k, seed: 3), b = Self.random(n, k, seed: 4)
        let naive = Matrix(rows: m, cols: n) { i, j in
            (0..<k).reduce(0.0) { $0 + a[i, $1] * b[j, $1] }
        }
        Self.expectClose(a.matmulTransposed(b), naive)
    }

    @Test(arguments: shapes)
    func transposedMatmulMatchesNaiveLoop(shape: (Int, Int, Int)) {
        let (m, k, n) = shape
        let a = Self.random(k, m, seed: 5), b = Self.random(k, n, seed: 6)
        let naive = Matrix(rows: m, cols: n) { i, j in
            (0..<k).reduce(0.0) { $0 + a[$1, i] * b[$1, j] }
        }
        Self.expectClose(a.transposedMatmul(b), naive)
    }

    @Test(arguments: shapes)
    func maskedMatmulTransposedMatchesNaiveLoopWhereKept(shape: (Int, Int, Int)) {
        let (m, k, n) = shape
        let a = Self.random(m, k, seed: 8), b = Self.random(n, k, seed: 9),
            mask = Self.random(m, n, seed: 10)
        let naive = Matrix(rows: m, cols: n) { i, j in
            mask[i, j] == 0 ? 0 : (0..<k).reduce(0.0) { $0 + a[i, $1] * b[j, $1] }
        }
        Self.expectClose(a.matmulTransposed(b, where: mask), naive)
    }

    // MARK: - The blocked and the parallel paths

    /// Shapes past the blocked kernel's threshold: several K-slices (k > 256), several bands
    /// (m > 64), edge panels (m not a multiple of 4, n not of 8), and work enough for every core.
    static let largeShapes: [(Int, Int, Int)] = [
        (130, 257, 131), (49, 48, 50), (67, 513, 9), (5, 300, 201)
    ]

    static func random(_ rows: Int, _ cols: Int, seed: UInt64, nonZero: Double) -> Matrix {
        var generator = SeededGenerator(seed: seed, stream: "matrix-tests-large")
        return Matrix(rows: rows, cols: cols) { _, _ in
            generator.bernoulli(nonZero) ? generator.normal() : 0
        }
    }

    @Test(arguments: largeShapes, [1.0, 0.1])
    func largeProductsMatchNaiveLoops(shape: (Int, Int, Int), nonZero: Double) {
        let (m, k, n) = shape
        let a = Self.random(m, k, seed: 11, nonZero: nonZero),
            b = Self.random(k, n, seed: 12, nonZero: 1)
        #expect(
            a.usesBlockedProduct(m: m, n: n, k: k)
                == (nonZero == 1 && m * n * k >= BlockedProduct.threshold))
        let expected = Self.naiveProduct(a, b)
        Self.expectClose(a.matmul(b), expected)
        Self.expectClose(a.matmulTransposed(b.transposed), expected)
        Self.expectClose(a.transposed.transposedMatmul(b), expected)
        Self.expectClose(
            a.matmulTransposed(b.transposed, where: Matrix(rows: m, cols: n, repeating: 1)),
            expected)
    }

    @Test func blockedProductEqualsItselfOnOneCoreAndMany() {
        // The bands are fixed by the shape, not by the cores, so a parallel run is bit-identical.
        let (m, k, n) = (200, 300, 100)
        let a = Self.random(m, k, seed: 13, nonZero: 1), b = Self.random(k, n, seed: 14, nonZero: 1)
        var serial = Matrix(rows: m, cols: n), parallel = Matrix(rows: m, cols: n)
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                let left = StridedOperand(base: pa.baseAddress!, rowStride: k, columnStride: 1)
                let right = StridedOperand(base: pb.baseAddress!, rowStride: n, columnStride: 1)
                serial.values.withUnsafeMutableBufferPointer {
                    BlockedProduct.multiply(
                        m: m, n: n, k: k, a: left, b: right, into: $0.baseAddress!, parallel: false)
                }
                parallel.values.withUnsafeMutableBufferPointer {
                    BlockedProduct.multiply(
                        m: m, n: n, k: k, a: left, b: right, into: $0.baseAddress!, parallel: true)
                }
            }
        }
        #expect(serial == parallel)
        Self.expectClose(serial, Self.naiveProduct(a, b))
    }

    @Test func dotHandlesEveryTailLength() {
        for count in 0...19 {
            let x = (0..<count).map { Double($0) + 0.5 },
                y = (0..<count).map { 1 / (Double($0) + 1) }
            let naive = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(dot(x, y) - naive) < 1e-12)
        }
    }

    @Test func transposeTwiceIsIdentity() {
        let a = Self.random(5, 3, seed: 7)
        #expect(a.transposed.transposed == a)
        #expect(a.transposed[2, 4] == a[4, 2])
    }

    @Test func reductionsKnownAnswers() {
        let a = Matrix([[3, 0], [4, -1]])
        #expect(a.columnSums == [7, -1])
        #expect(a.rowSums == [3, 3])
        #expect(a.columnNorms == [5, 1])
        #expect(a.rowNorms[0] == 3)
        #expect(a.squaredFrobeniusNorm == 26)
        #expect(a.maxAbs == 4)
    }

    @Test func broadcastsAndElementwise() {
        let a = Matrix([[1, -2], [3, -4]])
        #expect(a.addingToEachRow([10, 20]) == Matrix([[11, 18], [13, 16]]))
        #expect(a.scalingColumns(by: [2, 0.5]) == Matrix([[2, -1], [6, -2]]))
        #expect(a.relu == Matrix([[1, 0], [3, 0]]))
        #expect(a.hadamard(a) == Matrix([[1, 4], [9, 16]]))
        #expect((a - a).maxAbs == 0)
        #expect(2 * a == a + a)
        #expect(a.selectingRows([1, 1, 0]) == Matrix([[3, -4], [3, -4], [1, -2]]))
    }
}
