// Exercise 1.4 — how much superposition a W shows.
// Read:  Chapters/01-superposition.md#exercise-14
// Grade: swift test --filter Step1Exercises        Run with it: swift run step1 --mine

import SAEKit

// ANCHOR: exercise-1.4
/// Superposition measures of an embedding W whose column i is feature i's direction:
/// - `featureNorms[i]` = ‖W_i‖
/// - `interference[i]` = Σ_{j≠i} (Ŵ_i·W_j)², with Ŵ_i = W_i / ‖W_i‖
/// - `featureDimensionality[i]` = D_i = ‖W_i‖² / Σ_j (Ŵ_i·W_j)² (the sum includes j = i)
/// - `dimensionsPerFeature` = m / ‖W‖²_F
/// A column with ‖W_i‖ ≤ 1e-12 has no direction: its interference and D_i are 0. A W of all
/// zeros represents no feature: its dimensionsPerFeature is 0.
// W: [m, n]  ->  [n], [n], [n], scalar
public func superpositionMetrics(_ W: Matrix) -> SuperpositionMetrics {
    // Your code here. W.column(i) gives feature i's direction.
    return .placeholder
}
// ANCHOR_END: exercise-1.4
