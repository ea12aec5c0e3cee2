// Exercise 2.3 — activation statistics and the normalisation scale.
// Read:  Chapters/02-activations.md#exercise-23
// Grade: swift test --filter Step2Exercises        Run with it: swift run step2 --mine

import SAEKit

// ANCHOR: exercise-2.3
/// The mean and standard deviation of the activation norms ‖a‖ over samples (population standard
/// deviation: divide by N), and the scale √d / E‖a‖ that makes the mean norm √d. When every
/// activation is 0 (E‖a‖ = 0) there is nothing to scale: the scale is 1.
// activations: [N, d]  ->  scalars
public func activationStatistics(_ activations: Matrix) -> ActivationStatistics {
    // Your code here. activations.rowNorms gives ‖a‖ for each sample.
    return .placeholder
}
// ANCHOR_END: exercise-2.3
