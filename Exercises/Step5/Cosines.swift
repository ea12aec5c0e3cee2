// Exercise 5.1 — cosine-similarity matrix.
// Read:  Chapters/05-feature-matching.md#exercise-51
// Grade: swift test --filter Step5Exercises        Run with it: swift run step5 --mine

import SAEKit

// ANCHOR: exercise-5.1
/// The cosine similarity of every row of `learned` with every row of `truth`:
/// entry (i, j) = (learned_i · truth_j) / (‖learned_i‖ ‖truth_j‖), and 0 when either row is zero.
// learned: [h, d]  truth: [n, d]  ->  [h, n]
public func cosineSimilarities(_ learned: Matrix, _ truth: Matrix) -> Matrix {
    // Your code here.
    return .placeholder
}
// ANCHOR_END: exercise-5.1
