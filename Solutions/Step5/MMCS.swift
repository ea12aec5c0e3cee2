// Exercise 5.2 — reference solution.

import SAEKit

// cosines: [h, n]
public func meanMaxCosineSimilarity(_ cosines: Matrix) -> MeanMaxCosine {
    let bestPerColumn = (0..<cosines.cols).map { c in cosines.column(c).max() ?? 0 }
    let bestPerRow = (0..<cosines.rows).map { r in cosines.row(r).max() ?? 0 }
    return MeanMaxCosine(trueToLearned: bestPerColumn.reduce(0, +) / Double(bestPerColumn.count),
                         learnedToTrue: bestPerRow.reduce(0, +) / Double(bestPerRow.count))
}
