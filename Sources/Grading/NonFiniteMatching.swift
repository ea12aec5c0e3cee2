// Comparisons that let a known mistake which produces NaN or ∞ (a division by 0) be recognised:
// an entry that is NaN in both outputs, or the same infinity in both, counts as equal. The
// reference is always finite, so against it these compare exactly like `compareVector` and
// `compareMatrix`.

import SAEKit

/// `compareVector`, with matching non-finite entries counted as equal.
func compareVectorMatchingNonFinite(expected: [Double], got: [Double], tolerance: Tolerance,
                                    meaning: String = "") -> Mismatch? {
    guard got.count == expected.count else {
        return compareVector(expected: expected, got: got, tolerance: tolerance, meaning: meaning)
    }
    let (e, g) = withoutMatchingNonFinite(expected, got)
    return compareVector(expected: e, got: g, tolerance: tolerance, meaning: meaning)
}

/// `compareMatrix`, with matching non-finite entries counted as equal.
func compareMatrixMatchingNonFinite(expected: Matrix, got: Matrix, tolerance: Tolerance,
                                    meaning: String = "") -> Mismatch? {
    guard got.shape == expected.shape else {
        return compareMatrix(expected: expected, got: got, tolerance: tolerance, meaning: meaning)
    }
    let (e, g) = withoutMatchingNonFinite(expected.values, got.values)
    return compareMatrix(expected: Matrix(rows: expected.rows, cols: expected.cols, values: e),
                         got: Matrix(rows: got.rows, cols: got.cols, values: g),
                         tolerance: tolerance, meaning: meaning)
}

/// Both arrays with 0 where both hold NaN, or both hold the same infinity.
private func withoutMatchingNonFinite(_ a: [Double], _ b: [Double]) -> ([Double], [Double]) {
    var (a, b) = (a, b)
    for i in a.indices where (a[i].isNaN && b[i].isNaN) || (a[i].isInfinite && a[i] == b[i]) {
        a[i] = 0
        b[i] = 0
    }
    return (a, b)
}
