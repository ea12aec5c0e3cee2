// Exercise 6.4 — shrinkage, measured against the true coefficients.
// Read:  Chapters/06-topk.md#exercise-64
// Grade: swift test --filter Step6Exercises        Run with it: swift run step6 --mine

import SAEKit

// ANCHOR: exercise-6.4
/// For each (feature, latent) pair, how large the latent's activation is compared with the truth:
///     ratio = Σ latentCodes[s, latent] / Σ trueMagnitudes[s, feature]
/// over the samples s where the feature is on (true magnitude > 0) *and* the latent fires
/// (code > 0). 1 means no shrinkage; an L1 SAE gives less. With no such sample the ratio is
/// undefined: NaN (0/0).
// latentCodes: [N, h]  trueMagnitudes: [N, n]  ->  [pairs]
public func matchedShrinkage(
    latentCodes: Matrix, trueMagnitudes: Matrix, pairs: [(feature: Int, latent: Int)]
) -> [Double] {
    // Your code here.
    return .placeholder
}

/// The relative reconstruction bias of Rajamanoharan et al. (2024): γ = E‖â‖² / E[a·â], the sums
/// running over every sample and dimension. γ < 1 means reconstructions are systematically too
/// small.
// a: [N, d]  reconstruction: [N, d]
public func reconstructionBias(_ a: Matrix, reconstruction: Matrix) -> Double {
    // Your code here.
    return .placeholder
}
// ANCHOR_END: exercise-6.4
