// Exercise 3.5 — reference solution.

import SAEKit

// point: [P]  ->  [P]
public func finiteDifferenceGradient(
    at point: [Double], step: Double, of function: ([Double]) -> Double
) -> [Double] {
    (0..<point.count).map { i in
        var above = point, below = point
        above[i] += step
        below[i] -= step
        return (function(above) - function(below)) / (2 * step)
    }
}
