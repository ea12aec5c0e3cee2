// Exercise 2.3 — reference solution.

import SAEKit

// activations: [N, d]  ->  scalars
public func activationStatistics(_ activations: Matrix) -> ActivationStatistics {
    let norms = (0..<activations.rows).map { r in activations.row(r).reduce(0) { $0 + $1 * $1 }.squareRoot() }
    let mean = norms.reduce(0, +) / Double(norms.count)
    let variance = norms.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(norms.count)
    return ActivationStatistics(meanNorm: mean, normStandardDeviation: variance.squareRoot(),
                                normalisationScale: Double(activations.cols).squareRoot() / mean)
}
