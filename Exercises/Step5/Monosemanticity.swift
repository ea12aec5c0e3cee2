// Exercise 5.4 — monosemanticity.
// Read:  Chapters/05-feature-matching.md#exercise-54
// Grade: swift test --filter Step5Exercises        Run with it: swift run step5 --mine

import SAEKit

// ANCHOR: exercise-5.4
/// For each unit u (a column of `activations`: an SAE latent or a neuron) and each true feature i,
/// the mean activation of u over the samples where feature i is the only feature on
/// (codes[b, i] ≠ 0 and every other code of sample b is 0); 0 when no sample has i alone.
// activations: [N, units]  codes: [N, n]  ->  [units, n]
public func isolatedFeatureResponses(_ activations: Matrix, codes: Matrix) -> Matrix {
    // Your code here.
    return .placeholder
}
// ANCHOR_END: exercise-5.4
