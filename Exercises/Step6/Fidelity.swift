// Exercise 6.5 — normalised MSE and explained variance.
// Read:  Chapters/06-topk.md#exercise-65
// Grade: swift test --filter Step6Exercises        Run with it: swift run step6 --mine

import SAEKit

// ANCHOR: exercise-6.5
/// Normalised MSE (Gao et al. 2024): the reconstruction's squared error divided by the squared
/// error of always predicting the mean activation ā (the column means of a):
///     NMSE = Σ ‖a − â‖² / Σ ‖a − ā‖²,   explained variance = 1 − NMSE.
// a: [N, d]  reconstruction: [N, d]
public func normalisedMSE(_ a: Matrix, reconstruction: Matrix) -> ReconstructionFidelity {
    // Your code here. ReconstructionFidelity(normalisedMSE:explainedVariance:) builds the result.
    return .placeholder
}
// ANCHOR_END: exercise-6.5
