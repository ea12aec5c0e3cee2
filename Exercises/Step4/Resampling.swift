// Exercise 4.4 — dead-latent detection and resampling.
// Read:  Chapters/04-training.md#exercise-44
// Grade: swift test --filter Step4Exercises        Run with it: swift run step4 --mine

import SAEKit

// ANCHOR: exercise-4.4
/// Resamples dead latents (Bricken et al. 2023). A latent is dead when its firing count over the
/// window is 0. Take the dead latents in increasing order and give the k-th one the k-th row r of
/// `replacements` (inputs the trainer chose with probability ∝ loss²):
/// - decoder row: r / ‖r‖
/// - encoder column: r / ‖r‖ × encoderScale × (the mean norm of the alive latents' encoder columns,
///   taken as 1 when no latent is alive)
/// - encoder bias: 0
/// A zero row r has no direction: its latent is left as it is and not listed (the next dead latent
/// still takes the next row). Alive latents are left exactly as they are.
/// - Returns: the new SAE and the indices of the latents resampled.
// firingCounts: [h]  replacements: [#dead, d]
public func resampleDeadLatents(_ sae: SparseAutoencoder, firingCounts: [Int], replacements: Matrix,
                                encoderScale: Double) -> ResampledAutoencoder {
    // Your code here.
    return .placeholder
}
// ANCHOR_END: exercise-4.4
