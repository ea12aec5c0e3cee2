// Printing a case's inputs when they span many orders of magnitude (1e-10 next to 1e8), where the
// fixed four decimals of `printed` would show 0.0000: six significant digits instead.

import SAEKit

/// A small matrix on a few indented lines, six significant digits per entry.
func printedPrecisely(_ name: String, _ matrix: Matrix) -> [String] {
    ["\(name) \(matrix.shape) ="]
        + matrix.nestedRows.map { "  [" + $0.map(shortNumber).joined(separator: ", ") + "]" }
}

/// A small vector on one line, six significant digits per entry.
func printedPrecisely(_ name: String, _ vector: [Double]) -> String {
    "\(name) [\(vector.count)] = [" + vector.map(shortNumber).joined(separator: ", ") + "]"
}
