// Numerical derivatives, the independent check on every analytic gradient in the curriculum.

/// Central finite differences (f(θ + εeᵢ) − f(θ − εeᵢ)) / 2ε for every coordinate i. The error is
/// O(ε²) for smooth f; near a ReLU kink (a pre-activation within ε of 0) it is not smooth.
/// - Parameters:
///   - point: θ, the flat parameter vector.
///   - step: ε.
///   - function: the scalar function of θ.
// point: [P]  ->  [P]
public func centralDifferences(
    at point: [Double], step: Double = 1e-6, of function: ([Double]) -> Double
) -> [Double] {
    var probe = point
    return point.indices.map { index in
        probe[index] = point[index] + step
        let above = function(probe)
        probe[index] = point[index] - step
        let below = function(probe)
        probe[index] = point[index]
        return (above - below) / (2 * step)
    }
}
