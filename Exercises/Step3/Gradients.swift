// Exercise 3.4 — backward pass.
// Read:  Chapters/03-sparse-autoencoder.md#exercise-34
// Grade: swift test --filter Step3Exercises        Run with it: swift run step3 --mine

import SAEKit

// ANCHOR: exercise-3.4
/// The gradients of L = (1/B) Σ_b (‖a_b − â_b‖² + λ‖f_b‖₁) with respect to all four parameters.
/// b_dec appears twice — subtracted before encoding and added after decoding — so its gradient
/// has two terms.
/// - Returns: gradients shaped like the parameters:
///   W_enc [d, h], b_enc [h], W_dec [h, d], b_dec [d].
// a: [B, d]  ->  ∂W_enc [d, h], ∂b_enc [h], ∂W_dec [h, d], ∂b_dec [d]
public func saeGradients(
    _ a: Matrix, sae: SparseAutoencoder, l1Coefficient: Double
) -> SAEGradients {
    // Your code here. Run the forward pass keeping z = (a − b_dec)·W_enc + b_enc, f and â, then go
    // backwards.
    return .placeholder
}
// ANCHOR_END: exercise-3.4
