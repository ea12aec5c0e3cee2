// Exercise 3.3 — loss terms: MSE, L1, L0.
// Read:  Chapters/03-sparse-autoencoder.md#exercise-33
// Grade: swift test --filter Step3Exercises        Run with it: swift run step3 --mine

import SAEKit

// ANCHOR: exercise-3.3
/// The loss terms of a batch, each a mean over samples:
/// - `reconstruction` = (1/B) Σ_b ‖a_b − â_b‖²  (summed over the d dimensions)
/// - `l1` = (1/B) Σ_b Σ_j |f_bj|
/// - `l0` = (1/B) Σ_b #{j : f_bj > 0}
/// - `total` = reconstruction + λ·l1
// a: [B, d]  reconstruction: [B, d]  codes: [B, h]  ->  scalars
public func saeLossTerms(
    _ a: Matrix, reconstruction: Matrix, codes: Matrix, l1Coefficient: Double
) -> SAELossTerms {
    // Your code here. SAELossTerms(reconstruction:l1:l0:total:) builds the result.
    return .placeholder
}
// ANCHOR_END: exercise-3.3
