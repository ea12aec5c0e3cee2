// Exercise 2.1 — reference solution, in the stub's draw order (SAEKit's): row by row, feature by
// feature, one uniform for on/off (u < p is on), then, only when on, one uniform for the value.

import SAEKit

// probabilities: [n]  ->  [B, n]
public func sampleSparseFeatures(
    batchSize: Int, probabilities: [Double], generator: inout SeededGenerator
) -> Matrix {
    var x = Matrix(rows: batchSize, cols: probabilities.count)
    for sample in 0..<batchSize {
        for (feature, probability) in probabilities.enumerated()
        where generator.uniform() < probability {
            x[sample, feature] = generator.uniform()       // on: magnitude U[0, 1); off: stays 0
        }
    }
    return x
}
