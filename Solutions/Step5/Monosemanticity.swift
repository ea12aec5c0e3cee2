// Exercise 5.4 — reference solution.

import SAEKit

// activations: [N, units]  codes: [N, n]  ->  [units, n]
public func isolatedFeatureResponses(_ activations: Matrix, codes: Matrix) -> Matrix {
    var sums = Matrix(rows: activations.cols, cols: codes.cols),
        counts = [Double](repeating: 0, count: codes.cols)
    for sample in 0..<codes.rows {
        let on = (0..<codes.cols).filter { codes[sample, $0] != 0 }
        guard on.count == 1, let feature = on.first else { continue }
        counts[feature] += 1
        for unit in 0..<activations.cols { sums[unit, feature] += activations[sample, unit] }
    }
    return Matrix(rows: activations.cols, cols: codes.cols) { unit, feature in
        counts[feature] > 0 ? sums[unit, feature] / counts[feature] : 0
    }
}
