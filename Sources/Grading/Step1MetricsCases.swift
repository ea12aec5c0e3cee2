// The embeddings W exercise 1.4 is graded on: random ones, the regular pentagon, and the
// boundaries of each measure — orthogonal features, an antipodal pair on one line, one feature,
// columns of very different lengths, a zero column, columns just below and well above the
// stub's 1e-12 rule for "no direction", and a W of all zeros.

import Foundation

import SAEKit

extension Step1Cases {
    /// Embeddings W [hidden, features] for exercise 1.4.
    static let embeddings: [GradingCase<Matrix>] = {
        var random = SeededGenerator(seed: 141, stream: "grading")
        let randomW = Matrix(rows: 3, cols: 5) { _, _ in random.normal() * 0.7 }
        let pentagon = Matrix(rows: 2, cols: 5) { r, c in
            let angle = 2 * Double.pi * Double(c) / 5
            return r == 0 ? cos(angle) : sin(angle)
        }
        let tall = Matrix(rows: 4, cols: 6) { _, _ in random.normal() * 0.7 }
        var withZero = Matrix(rows: 3, cols: 4) { _, _ in random.normal() * 0.7 }
        for r in 0..<3 { withZero[r, 2] = 0 }
        return [
            embedding("random W [3, 5] (seed 141)", randomW),
            embedding("the regular pentagon: 5 unit features in 2 dims", pentagon),
            embedding("random W [4, 6] (seed 141)", tall),
            embedding("W [3, 4] whose feature 2 is the zero column (see the rule for ‖W_i‖ = 0)",
                      withZero),
        ] + boundaryEmbeddings
    }()

    static let boundaryEmbeddings: [GradingCase<Matrix>] = [
        embedding("orthogonal unit features (W = identity, m = n = 3): D_i = 1, no interference",
                  Matrix.identity(3)),
        embedding("an antipodal pair on one line (m = 1): D_i = 1/2", Matrix([[0.8, -0.8]])),
        embedding("one feature (n = 1): no other feature to interfere", Matrix([[0.6], [0.8]])),
        embedding("features of very different lengths (norms about 1e-3, 1 and 1e3)",
                  Matrix([[1e-3, 0.6, 600], [0, 0.8, -300], [2e-3, 0, 500]])),
        embedding("feature 1 has norm 1e-13, below the rule's 1e-12: no direction, so 0",
                  Matrix([[0.9, 1e-13, 0.3], [0.2, 0, -0.7]])),
        embedding("feature 1 has norm 1e-10, tiny but above the rule's 1e-12: it has a direction",
                  Matrix([[0.9, 6e-11, 0.3], [0.2, 8e-11, -0.7]])),
        embedding("W all zeros: every measure is 0 (dimensionsPerFeature too)",
                  Matrix(rows: 2, cols: 3)),
    ]

    static func embedding(_ label: String, _ W: Matrix) -> GradingCase<Matrix> {
        GradingCase(label: label, input: W, printedInput: printedExactly("W", W))
    }

    /// A matrix printed with the digits its entries need (1e-13 must not print as 0.0000).
    static func printedExactly(_ name: String, _ matrix: Matrix) -> [String] {
        ["\(name) \(matrix.shape) ="] + matrix.nestedRows.map { row in
            "  [" + row.map { value in
                if value != 0 && abs(value) < 1e-3 { return String(format: "%.6g", value) }
                if abs(value) >= 1e5 { return String(format: "%.12g", value) }
                return formatFixed(value, decimals: 4)
            }.joined(separator: ", ") + "]"
        }
    }
}
