// Exercise 6.5 — reference solution.

import SAEKit

// a: [N, d]  reconstruction: [N, d]
public func normalisedMSE(_ a: Matrix, reconstruction: Matrix) -> ReconstructionFidelity {
    let means = a.columnSums.map { $0 / Double(a.rows) }
    let squaredError = (a - reconstruction).squaredFrobeniusNorm
    // the error of predicting the mean
    let squaredDeviation = a.addingToEachRow(means.map { -$0 }).squaredFrobeniusNorm
    let nmse = squaredError / squaredDeviation
    return ReconstructionFidelity(normalisedMSE: nmse, explainedVariance: 1 - nmse)
}
