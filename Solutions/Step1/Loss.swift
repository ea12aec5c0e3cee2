// Exercise 1.2 — reference solution.

import SAEKit

// x: [B, n]  reconstruction: [B, n]  importance: [n]  ->  scalar
public func importanceWeightedLoss(
    _ x: Matrix, reconstruction: Matrix, importance: [Double]
) -> Double {
    let error = x - reconstruction                                  // [B, n]
    let perFeature = error.hadamard(error).columnSums               // Σ_b (x_bi − x'_bi)²   [n]
    return zip(importance, perFeature).reduce(0) { $0 + $1.0 * $1.1 } / Double(x.rows)
}
