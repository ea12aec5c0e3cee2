// Exercise 1.2 — the importance-weighted reconstruction loss.
// Read:  Chapters/01-superposition.md#exercise-12
// Grade: swift test --filter Step1Exercises        Run with it: swift run step1 --mine

import SAEKit

// ANCHOR: exercise-1.2
/// L = (1/B) Σ_b Σ_i I_i (x_bi − x'_bi)²: squared errors weighted by feature importance,
/// summed over features, averaged over the batch.
/// - Parameters:
///   - x: the inputs, one sample per row.
///   - reconstruction: the model's outputs x', same shape.
///   - importance: I_i for each feature.
/// - Returns: the scalar loss.
// x: [B, n]  reconstruction: [B, n]  importance: [n]  ->  scalar
public func importanceWeightedLoss(
    _ x: Matrix, reconstruction: Matrix, importance: [Double]
) -> Double {
    // Your code here.
    return .placeholder
}
// ANCHOR_END: exercise-1.2
