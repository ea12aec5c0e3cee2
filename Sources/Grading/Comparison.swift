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
    let (e, g) = distinguishingNumbers(expected, got)
    var line = "expected \(e), got \(g)"
    if got.isFinite, expected != 0, got != 0 {
        line += " (got/expected = \(shortNumber(got / expected)))"
    }
    return Mismatch(lines: [line])
}

/// Compares two vectors entry by entry.
public func compareVector(expected: [Double], got: [Double], tolerance: Tolerance,
                          meaning: String = "") -> Mismatch? {
    guard got.count == expected.count else {
        return Mismatch(lines: ["has \(got.count) entries, expected \(expected.count)"
                                + (meaning.isEmpty ? "" : " (\(meaning))")])
    }
    return compareEntries(expected: expected, got: got, tolerance: tolerance) { "[\($0)]" }
}

/// Compares two matrices: shape first, then entries.
public func compareMatrix(expected: Matrix, got: Matrix, tolerance: Tolerance,
                          meaning: String = "") -> Mismatch? {
    guard got.shape == expected.shape else {
        var line = "has shape \(got.shape), expected \(expected.shape)"
            + (meaning.isEmpty ? "" : " (\(meaning))")
        if got.shape == expected.shape.reversed() { line += " — transposed?" }
        return Mismatch(lines: [line])
    }
    return compareEntries(expected: expected.values, got: got.values, tolerance: tolerance) {
        "[\($0 / expected.cols), \($0 % expected.cols)]"
    }
}

private func compareEntries(expected: [Double], got: [Double], tolerance: Tolerance,
                            position: (Int) -> String) -> Mismatch? {
    let wrong = expected.indices.filter { !tolerance.accepts(got[$0], expected[$0]) }
    guard let first = wrong.first else { return nil }
    let (e, g) = distinguishingNumbers(expected[first], got[first])
    var lines = ["first wrong entry \(position(first)): expected \(e), got \(g)"]
    let nonFinite = wrong.filter { !got[$0].isFinite }
    let finite = wrong.filter { got[$0].isFinite }
    var summary = "\(wrong.count) of \(expected.count) entries wrong"
    if !nonFinite.isEmpty {
        let nan = nonFinite.filter { got[$0].isNaN }.count
        let parts = [
            nan > 0 ? "\(nan) NaN" : nil,
            nonFinite.count > nan ? "\(nonFinite.count - nan) infinite" : nil
        ].compactMap { $0 }
        summary += " (" + parts.joined(separator: ", ") + ", first at \(position(nonFinite[0])))"
    }
    if let worst = finite.max(by: { abs(got[$0] - expected[$0]) < abs(got[$1] - expected[$1]) }) {
        let relative = finite.filter { expected[$0] != 0 }
            .map { abs(got[$0] - expected[$0]) / abs(expected[$0]) }.max()
        summary +=
            "; max abs error \(shortNumber(abs(got[worst] - expected[worst]))) at "
                + "\(position(worst))"
            + (relative.map { ", max rel error \(shortNumber($0))" } ?? "")
    }
    lines.append(summary)
    if let pattern = commonPattern(expected: expected, got: got, wrong: wrong) {
        lines.append(pattern)
    }
    return Mismatch(lines: lines)
}

/// A pattern shared by every wrong entry, said in words: the same factor ("every wrong entry is
/// 4× the expected one"), or the same offset.
func commonPattern(expected: [Double], got: [Double], wrong: [Int]) -> String? {
    guard wrong.count >= 2, wrong.allSatisfy({ got[$0].isFinite }) else { return nil }
    if wrong.allSatisfy({ got[$0] == 0 }) { return "every wrong entry is 0: never written?" }
    let same = { (a: Double, b: Double) in abs(a - b) <= 1e-9 * max(abs(a), abs(b)) }
    if wrong.allSatisfy({ expected[$0] != 0 }) {
        let ratio = got[wrong[0]] / expected[wrong[0]]
        if wrong.allSatisfy({ same(got[$0] / expected[$0], ratio) }) {
            if same(ratio, -1) {
                return "every wrong entry has the opposite sign: a sign in the formula?"
            }
            return
                "every wrong entry is \(shortNumber(ratio))× the expected one: a constant factor "
                + "(a count you divide or multiply by, a 2 from a square's derivative)?"
        }
    }
    let offset = got[wrong[0]] - expected[wrong[0]]
    if wrong.allSatisfy({ same(got[$0] - expected[$0], offset) }) {
        return
            "every wrong entry is off by the same \(shortNumber(offset)): a bias or a constant "
                + "term?"
    }
    return nil
}

/// Two numbers printed with as many significant digits as it takes to tell them apart (6 at
/// least, 17 at most), so that "expected 0.1, got 0.1" never appears.
func distinguishingNumbers(_ a: Double, _ b: Double) -> (String, String) {
    for digits in 6...17 {
        let pair = (number(a, digits: digits), number(b, digits: digits))
        if pair.0 != pair.1 || a == b { return pair }
    }
    return (number(a, digits: 17), number(b, digits: 17))
}

private func number(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return shortNumber(value) }
    return value == 0 ? "0" : String(format: "%.\(digits)g", value)
}

/// Six significant digits, enough to compare by eye.
public func shortNumber(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    if value == 0 { return "0" }
    return String(format: "%.6g", value)
}

/// A small matrix on a few indented lines (for printing a failing case's inputs).
func printed(_ name: String, _ matrix: Matrix) -> [String] {
    ["\(name) \(matrix.shape) ="]
        + matrix.nestedRows.map {
            "  [" + $0.map { formatFixed($0, decimals: 4) }.joined(separator: ", ") + "]"
        }
}

/// A small vector on one line.
func printed(_ name: String, _ vector: [Double]) -> String {
    "\(name) [\(vector.count)] = ["
        + vector.map { formatFixed($0, decimals: 4) }.joined(separator: ", ") + "]"
}
