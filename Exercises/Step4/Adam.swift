// Exercise 4.1 — Adam step with bias correction.
// Read:  Chapters/04-training.md#exercise-41
// Grade: swift test --filter Step4Exercises        Run with it: swift run step4 --mine

import SAEKit

// ANCHOR: exercise-4.1
/// One Adam update of `parameter` in place (Kingma & Ba 2015), with bias correction:
/// t ← t + 1;  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;
/// m̂ = m / (1 − β₁ᵗ);  v̂ = v / (1 − β₂ᵗ);
/// θ ← θ − lr·(m̂ / (√v̂ + ε) + wd·θ)   (wd is AdamW's decoupled weight decay; 0 for the SAE).
// parameter: [n]  gradient: [n]  moments: mean [n], squaredMean [n], step
public func adamStep(_ parameter: inout [Double], gradient: [Double], moments: inout AdamMoments,
                     learningRate: Double, hyperparameters: AdamHyperparameters) {
    // Your code here: update moments (including moments.step) and parameter.
}
// ANCHOR_END: exercise-4.1
