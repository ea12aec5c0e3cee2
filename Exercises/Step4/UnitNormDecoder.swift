// Exercise 4.2 — unit-norm decoder and removing the gradient's parallel component.
// Read:  Chapters/04-training.md#exercise-42
// Grade: swift test --filter Step4Exercises        Run with it: swift run step4 --mine

import SAEKit

// ANCHOR: exercise-4.2
/// The decoder gradient with, in every row j, its component along decoder row j removed:
/// g_j − (g_j·w_j) w_j, for unit-norm rows w_j. A step along what is left does not change ‖w_j‖
/// (to first order).
// gradient: [h, d]  decoder: [h, d]  ->  [h, d]
public func removeParallelComponent(_ gradient: Matrix, decoder: Matrix) -> Matrix {
    // Your code here.
    return .placeholder
}

/// The decoder with every row scaled to unit norm (each row is one latent's direction). A zero row
/// has no direction: it is left as it is.
// decoder: [h, d]  ->  [h, d]
public func normaliseDecoderRows(_ decoder: Matrix) -> Matrix {
    // Your code here.
    return .placeholder
}
// ANCHOR_END: exercise-4.2
