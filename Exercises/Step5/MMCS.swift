// Exercise 5.2 — MMCS.
// Read:  Chapters/05-feature-matching.md#exercise-52
// Grade: swift test --filter Step5Exercises        Run with it: swift run step5 --mine

import SAEKit

// ANCHOR: exercise-5.2
/// Mean max cosine similarity, both ways, for a cosine matrix with latents as rows and true
/// features as columns:
/// - `trueToLearned`: for each column, its largest entry; averaged over columns.
/// - `learnedToTrue`: for each row, its largest entry; averaged over rows.
// cosines: [h, n]
public func meanMaxCosineSimilarity(_ cosines: Matrix) -> MeanMaxCosine {
    // Your code here. MeanMaxCosine(trueToLearned:learnedToTrue:) builds the result.
    return .placeholder
}
// ANCHOR_END: exercise-5.2
