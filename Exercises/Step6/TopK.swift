// Exercise 6.1 — the TopK activation.
// Read:  Chapters/06-topk.md#exercise-61
// Grade: swift test --filter Step6Exercises        Run with it: swift run step6 --mine

import SAEKit

// ANCHOR: exercise-6.1
/// The TopK activation (Gao et al. 2024), row by row: keep each sample's k largest *positive*
/// pre-activations and set every other entry to 0. A row with fewer than k positive entries keeps
/// only those (the ReLU comes first: a negative pre-activation never survives).
/// Tie rule: among equal values the lower latent index ranks first, so a row never keeps more
/// than k.
/// - Returns: codes shaped like the pre-activations.
// z: [B, h]  ->  [B, h]
public func topKActivation(_ preActivations: Matrix, k: Int) -> Matrix {
    // Your code here.
    return .placeholder
}
// ANCHOR_END: exercise-6.1
