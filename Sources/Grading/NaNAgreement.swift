// Comparisons for outputs where NaN is a value in its own right: a contract that says "NaN when
// undefined" (6.4's ratio of two empty sums), and a known mistake that produces NaN or ∞ (0/0 where
// the contract says 0). Two NaN entries at the same place agree, and so do two equal infinities; a
// NaN where a number belongs, or a number where NaN belongs, is a wrong entry and said so in words.

import SAEKit

/// Compares two vectors entry by entry; NaN agrees with NaN, ∞ with ∞.
func compareVectorAllowingNaN(expected: [Double], got: [Double], tolerance: Tolerance,
                              meaning: String = "") -> Mismatch? {
    guard got.count == expected.count else {
        return compareVector(expected: expected, got: got, tolerance: tolerance, meaning: meaning)
    }
    if let index = expected.indices.first(where: { expected[$0].isNaN && !got[$0].isNaN }) {
        return Mismatch(lines: ["entry [\(index)]: expected NaN (undefined), got "
                                + shortNumber(got[index])])
    }
    let (e, g) = withoutSharedNaN(expected, got)
    return compareVector(expected: e, got: g, tolerance: tolerance, meaning: meaning)
}

/// Compares two matrices entry by entry; NaN agrees with NaN, ∞ with ∞.
func compareMatrixAllowingNaN(expected: Matrix, got: Matrix, tolerance: Tolerance,
                              meaning: String = "") -> Mismatch? {
    guard got.shape == expected.shape else {
        return compareMatrix(expected: expected, got: got, tolerance: tolerance, meaning: meaning)
    }
    let (e, g) = withoutSharedNaN(expected.values, got.values)
    return compareMatrix(expected: Matrix(rows: expected.rows, cols: expected.cols, values: e),
                         got: Matrix(rows: got.rows, cols: got.cols, values: g),
                         tolerance: tolerance, meaning: meaning)
}

/// Compares two scalars; NaN agrees with NaN, ∞ with ∞.
func compareScalarAllowingNaN(expected: Double, got: Double, tolerance: Tolerance) -> Mismatch? {
    if sameNonFinite(expected, got) { return nil }
    return compareScalar(expected: expected, got: got, tolerance: tolerance)
}

/// Both NaN, or the same infinity.
private func sameNonFinite(_ a: Double, _ b: Double) -> Bool {
    (a.isNaN && b.isNaN) || (a.isInfinite && a == b)
}

/// Both vectors with 0 where both hold NaN or the same infinity (so only disagreements remain).
private func withoutSharedNaN(_ a: [Double], _ b: [Double]) -> ([Double], [Double]) {
    var a = a, b = b
    for index in a.indices where sameNonFinite(a[index], b[index]) {
        a[index] = 0
        b[index] = 0
    }
    return (a, b)
}
