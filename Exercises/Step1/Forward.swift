// Exercise 1.1 — the toy model's forward pass.
// Read:  Chapters/01-superposition.md#exercise-11
// Grade: swift test --filter Step1Exercises        Run with it: swift run step1 --mine

import SAEKit

// ANCHOR: exercise-1.1
/// x' = ReLU(x·WᵀW + b): squeeze each sample into the hidden space (h = x·Wᵀ), read it back
/// out (h·W), add the bias, apply the ReLU.
/// - Parameters:
///   - x: the batch, one sample per row.
///   - model: `model.W` is [hidden, features]; `model.b` is [features].
/// - Returns: x', the same shape as x.
// x: [B, n]  W: [m, n]  b: [n]  ->  [B, n]
public func toyModelForward(_ x: Matrix, model: ToyModel) -> Matrix {
    // Your code here. Loops over x[r, c] work; so do Matrix's matmul, matmulTransposed,
    // addingToEachRow and relu.
    return .placeholder
}
// ANCHOR_END: exercise-1.1
