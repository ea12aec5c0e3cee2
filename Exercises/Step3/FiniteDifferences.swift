// Exercise 3.5 — finite-difference gradient checker.
// Read:  Chapters/03-sparse-autoencoder.md#exercise-35
// Grade: swift test --filter Step3Exercises        Run with it: swift run step3 --mine

import SAEKit

// ANCHOR: exercise-3.5
/// The gradient of `function` at `point` by central differences:
/// ∂f/∂θ_i ≈ (f(θ + ε·e_i) − f(θ − ε·e_i)) / 2ε, for every coordinate i, with ε = `step`.
// point: [P]  ->  [P]
public func finiteDifferenceGradient(
    at point: [Double], step: Double, of function: ([Double]) -> Double
) -> [Double] {
    // Your code here.
    return .placeholder
}
// ANCHOR_END: exercise-3.5
