// Exercise 3.3 — reference solution.

import SAEKit

// a: [B, d]  reconstruction: [B, d]  codes: [B, h]  ->  scalars
public func saeLossTerms(
    _ a: Matrix, reconstruction: Matrix, codes: Matrix, l1Coefficient: Double
) -> SAELossTerms {
    let batch = Double(a.rows)
    let squaredErrors = zip(a.values, reconstruction.values).reduce(0.0) {
        $0 + ($1.0 - $1.1) * ($1.0 - $1.1)
    }
    let l1 = codes.values.reduce(0.0) { $0 + abs($1) } / batch
    let l0 = Double(codes.values.filter { $0 > 0 }.count) / batch
    return SAELossTerms(
        reconstruction: squaredErrors / batch, l1: l1, l0: l0,
        total: squaredErrors / batch + l1Coefficient * l1)
}
