// Exercise 2.3 — reference solution. Two passes (the mean first, then the squared deviations
// from it), which stays accurate when the norms are large and close together; scale 1 when every
// activation is 0.

import SAEKit

// activations: [N, d]  ->  scalars
public func activationStatistics(_ activations: Matrix) -> ActivationStatistics {
    let norms = (0..<activations.rows).map { r in
        activations.row(r).reduce(0) { $0 + $1 * $1 }.squareRoot()
    }
    let mean = norms.reduce(0, +) / Double(norms.count)
    let variance = norms.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(norms.count)
    let scale = mean > 0 ? Double(activations.cols).squareRoot() / mean : 1   // nothing to scale: 1
    return ActivationStatistics(meanNorm: mean, normStandardDeviation: variance.squareRoot(),
                                normalisationScale: scale)
}
