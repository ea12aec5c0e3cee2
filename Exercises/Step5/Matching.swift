// Exercise 5.3 — one-to-one matching (Hungarian).
// Read:  Chapters/05-feature-matching.md#exercise-53
// Grade: swift test --filter Step5Exercises        Run with it: swift run step5 --mine

import SAEKit

// ANCHOR: exercise-5.3
/// The one-to-one matching of rows to columns with the largest total score: each row gets at most
/// one column and each column at most one row, min(rows, cols) pairs in all. Taking the best
/// remaining pair first (greedy) is not enough, and trying every assignment never finishes at
/// step 5's size (64 latents × 32 features): the Hungarian algorithm finds the optimum in O(n³).
/// - Returns: for each row, its column, or nil when unmatched.
// scores: [r, c]  ->  [r]
public func oneToOneMatching(_ scores: Matrix) -> Matching {
    // Your code here. Matching(columns:) builds the result.
    return .placeholder
}
// ANCHOR_END: exercise-5.3
