// Exercise 6.2 — the TopK SAE's backward pass.
// Read:  Chapters/06-topk.md#exercise-62
// Grade: swift test --filter Step6Exercises        Run with it: swift run step6 --mine

import SAEKit

// ANCHOR: exercise-6.2
/// The gradients of L = (1/B) Σ_b ‖a_b − â_b‖² for a TopK SAE (k = `sae.k`): the codes are
/// f = TopK((a − b_dec)·W_enc + b_enc) and â = f·W_dec + b_dec. There is no L1 term, and the
/// gradient reaches only the latents TopK kept — a latent that was not selected gets none, even
/// if its pre-activation was positive.
/// - Returns: gradients shaped like the parameters:
///   W_enc [d, h], b_enc [h], W_dec [h, d], b_dec [d].
// a: [B, d]  ->  ∂W_enc [d, h], ∂b_enc [h], ∂W_dec [h, d], ∂b_dec [d]
public func topKGradients(_ a: Matrix, sae: SparseAutoencoder) -> SAEGradients {
    // Your code here. Exercise 3.4's chain rule, with your topKActivation (6.1) for the codes.
    return .placeholder
}
// ANCHOR_END: exercise-6.2
