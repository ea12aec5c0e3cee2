// Exercise 2.1 — the sparse feature sampler.
// Read:  Chapters/02-activations.md#exercise-21
// Grade: swift test --filter Step2Exercises        Run with it: swift run step2 --mine

import SAEKit

// ANCHOR: exercise-2.1
/// A batch of sparse feature vectors: feature i of each sample is on with probability
/// `probabilities[i]`, independently of everything else, and when on its value is uniform in
/// [0, 1); when off it is exactly 0.
///
/// Draw in this order, so that a seed gives exactly SAEKit's batch (and `step2 --mine` collects
/// the same data as `step2`): sample by sample, and within a sample feature by feature, one
/// `generator.bernoulli(p)` for on/off (even when p is 0 or 1), then, only when the feature is
/// on, one `generator.uniform()` for its value. Draw from `generator` itself, not a copy, so
/// that the next call continues where this one stopped.
/// - Parameters:
///   - batchSize: B, the number of samples (rows).
///   - probabilities: the chance each feature is on, one entry per feature.
///   - generator: the only source of randomness (so a seed reproduces the batch).
/// - Returns: `[B, n]`.
// probabilities: [n]  ->  [B, n]
public func sampleSparseFeatures(
    batchSize: Int, probabilities: [Double], generator: inout SeededGenerator
) -> Matrix {
    // Your code here. generator.uniform() is uniform in [0, 1); generator.bernoulli(p) is true with
    // probability p.
    return .placeholder
}
// ANCHOR_END: exercise-2.1
