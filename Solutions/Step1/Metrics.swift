// Exercise 1.4 — reference solution.

import SAEKit

// W: [m, n]  ->  [n], [n], [n], scalar
public func superpositionMetrics(_ W: Matrix) -> SuperpositionMetrics {
    let columns = (0..<W.cols).map { W.column($0) }
    let norms = columns.map { dot($0, $0).squareRoot() }
    var interference = [Double](repeating: 0, count: W.cols)
    var dimensionality = [Double](repeating: 0, count: W.cols)
    for i in columns.indices where norms[i] > 1e-12 {
        let unit = columns[i].map { $0 / norms[i] }                     // Ŵ_i
        let overlaps = columns.map { dot(unit, $0) * dot(unit, $0) }    // (Ŵ_i·W_j)² for every j
        interference[i] = overlaps.enumerated().filter { $0.offset != i }.reduce(0) {
            $0 + $1.element
        }
        dimensionality[i] = norms[i] * norms[i] / overlaps.reduce(0, +)
    }
    let squaredFrobenius = norms.reduce(0) { $0 + $1 * $1 }
    return SuperpositionMetrics(
        featureNorms: norms, interference: interference, featureDimensionality: dimensionality,
        dimensionsPerFeature: squaredFrobenius > 0 ? Double(W.rows) / squaredFrobenius : 0)
}
