// Tolerant comparison of what an implementation returned with what it should have, producing the
// lines a learner needs: shapes, the first wrong entry (expected vs got), the largest errors.

import Foundation
import SAEKit

/// How close is close enough: |got − expected| ≤ absolute + relative·|expected|.
public struct Tolerance: Sendable {
    public var relative: Double
    public var absolute: Double

    public init(relative: Double, absolute: Double) {
        self.relative = relative
        self.absolute = absolute
    }

    /// For results of a few dozen floating-point operations: 1e-9 relative.
    public static let arithmetic = Tolerance(relative: 1e-9, absolute: 1e-12)

    public func accepts(_ got: Double, _ expected: Double) -> Bool {
        got.isFinite && abs(got - expected) <= absolute + relative * abs(expected)
    }
}

/// What differs between an expected and an actual output (lines for a diagnosis).
public struct Mismatch: Sendable {
    public var lines: [String]
}

/// Compares two scalars.
public func compareScalar(expected: Double, got: Double, tolerance: Tolerance) -> Mismatch? {
    if tolerance.accepts(got, expected) { return nil }
    var line = "expected \(shortNumber(expected)), got \(shortNumber(got))"
    if got.isFinite, expected != 0, got != 0 { line += " (got/expected = \(shortNumber(got / expected)))" }
    return Mismatch(lines: [line])
}

/// Compares two vectors entry by entry.
public func compareVector(expected: [Double], got: [Double], tolerance: Tolerance, meaning: String = "") -> Mismatch? {
    guard got.count == expected.count else {
        return Mismatch(lines: ["has \(got.count) entries, expected \(expected.count)" + (meaning.isEmpty ? "" : " (\(meaning))")])
    }
    return compareEntries(expected: expected, got: got, tolerance: tolerance) { "[\($0)]" }
}

/// Compares two matrices: shape first, then entries.
public func compareMatrix(expected: Matrix, got: Matrix, tolerance: Tolerance, meaning: String = "") -> Mismatch? {
    guard got.shape == expected.shape else {
        var line = "has shape \(got.shape), expected \(expected.shape)" + (meaning.isEmpty ? "" : " (\(meaning))")
        if got.shape == expected.shape.reversed() { line += " — transposed?" }
        return Mismatch(lines: [line])
    }
    return compareEntries(expected: expected.values, got: got.values, tolerance: tolerance) {
        "[\($0 / expected.cols), \($0 % expected.cols)]"
    }
}

private func compareEntries(expected: [Double], got: [Double], tolerance: Tolerance, position: (Int) -> String) -> Mismatch? {
    guard let first = expected.indices.first(where: { !tolerance.accepts(got[$0], expected[$0]) }) else { return nil }
    var maxAbsolute = 0.0, maxRelative = 0.0, worst = first
    var wrong = 0
    for index in expected.indices {
        let error = abs(got[index] - expected[index])
        if !tolerance.accepts(got[index], expected[index]) { wrong += 1 }
        if !error.isFinite || error > maxAbsolute { maxAbsolute = error.isFinite ? error : .infinity; worst = index }
        if expected[index] != 0 { maxRelative = max(maxRelative, error / abs(expected[index])) }
    }
    var lines = ["first wrong entry \(position(first)): expected \(shortNumber(expected[first])), got \(shortNumber(got[first]))"]
    lines.append("\(wrong) of \(expected.count) entries wrong; max abs error \(shortNumber(maxAbsolute)) at \(position(worst)), "
                 + "max rel error \(shortNumber(maxRelative))")
    return Mismatch(lines: lines)
}

/// Six significant digits, enough to compare by eye.
public func shortNumber(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    if value == 0 { return "0" }
    return String(format: "%.6g", value)
}

/// A small matrix on a few indented lines (for printing a failing case's inputs).
func printed(_ name: String, _ matrix: Matrix) -> [String] {
    ["\(name) \(matrix.shape) ="] + matrix.nestedRows.map { "  [" + $0.map { formatFixed($0, decimals: 4) }.joined(separator: ", ") + "]" }
}

/// A small vector on one line.
func printed(_ name: String, _ vector: [Double]) -> String {
    "\(name) [\(vector.count)] = [" + vector.map { formatFixed($0, decimals: 4) }.joined(separator: ", ") + "]"
}
