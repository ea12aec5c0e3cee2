// Exercise 1.2 — reference solution.

import SAEKit

// x: [B, n]  reconstruction: [B, n]  importance: [n]  ->  scalar
public func importanceWeightedLoss(_ x: Matrix, reconstruction: Matrix, importance: [Double]) -> Double {
    var total = 0.0
    for sample in 0..<x.rows {
        for i in 0..<x.cols {
            let error = x[sample, i] - reconstruction[sample, i]
            total += importance[i] * error * error
        }
    }
    return total / Double(x.rows)
}
