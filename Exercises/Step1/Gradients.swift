// Exercise 1.3 — the gradients of the loss with respect to W (both paths) and b.
// Read:  Chapters/01-superposition.md#exercise-13
// Grade: swift test --filter Step1Exercises        Run with it: swift run step1 --mine

import SAEKit

// ANCHOR: exercise-1.3
/// ∂L/∂W and ∂L/∂b for L = (1/B) Σ_b Σ_i I_i (x_bi − x'_bi)², x' = ReLU(x·WᵀW + b).
/// W is used twice (to encode and to decode), so ∂L/∂W is the sum of two terms.
/// - Parameters:
///   - x: the batch, one sample per row.
///   - model: `model.W` is [hidden, features]; `model.b` is [features].
///   - importance: I_i for each feature.
/// - Returns: gradients shaped like the parameters: `W` [hidden, features], `b` [features].
// x: [B, n]  W: [m, n]  b: [n]  importance: [n]  ->  ∂W: [m, n], ∂b: [n]
public func toyModelGradients(
    _ x: Matrix, model: ToyModel, importance: [Double]
) -> ToyModelGradients {
    // Your code here. Recompute the forward pass, keeping h and z, then apply the chain rule.
    // Matrix has transposedMatmul (Aᵀ·B) and matmulTransposed (A·Bᵀ), and columnSums.
    return .placeholder
}
// ANCHOR_END: exercise-1.3
