// Exercise 1.1 — reference solution. Written with plain loops, independently of SAEKit's kernels,
// so grading this file against SAEKit compares two implementations.

import SAEKit

// x: [B, n]  W: [m, n]  b: [n]  ->  [B, n]
public func toyModelForward(_ x: Matrix, model: ToyModel) -> Matrix {
    let (W, b) = (model.W, model.b)
    var output = Matrix(rows: x.rows, cols: x.cols)
    for sample in 0..<x.rows {
        // h_j = Σ_i W[j, i] x_i
        let h = (0..<W.rows).map { j in (0..<W.cols).reduce(0.0) { $0 + W[j, $1] * x[sample, $1] } }
        // x'_i = ReLU(Σ_j W[j, i] h_j + b_i)
        for i in 0..<W.cols {
            let z = (0..<W.rows).reduce(b[i]) { $0 + W[$1, i] * h[$1] }
            output[sample, i] = max(0, z)
        }
    }
    return output
}
