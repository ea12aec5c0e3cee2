// Exercise 2.2 — hidden activations for a batch.
// Read:  Chapters/02-activations.md#exercise-22
// Grade: swift test --filter Step2Exercises        Run with it: swift run step2 --mine

import SAEKit

// ANCHOR: exercise-2.2
/// The toy model's hidden activations h = W x for every sample of a batch.
/// - Parameters:
///   - x: the sparse inputs, one sample per row.
///   - W: the toy model's embedding, [hidden, features].
/// - Returns: h, one sample per row.
// x: [B, n]  W: [m, n]  ->  [B, m]
public func hiddenActivations(_ x: Matrix, W: Matrix) -> Matrix {
    // Your code here.
    return .placeholder
}
// ANCHOR_END: exercise-2.2
