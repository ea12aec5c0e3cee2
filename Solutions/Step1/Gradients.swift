// Exercise 1.3 — reference solution: the chain rule sample by sample.

import SAEKit

// x: [B, n]  W: [m, n]  b: [n]  importance: [n]  ->  ∂W: [m, n], ∂b: [n]
public func toyModelGradients(_ x: Matrix, model: ToyModel, importance: [Double]) -> ToyModelGradients {
    let (W, b) = (model.W, model.b)
    let (m, n) = (W.rows, W.cols)
    var gradW = Matrix(rows: m, cols: n)
    var gradB = [Double](repeating: 0, count: n)
    for sample in 0..<x.rows {
        let input = x.row(sample)
        let h = (0..<m).map { j in (0..<n).reduce(0.0) { $0 + W[j, $1] * input[$1] } }      // h = W x
        let z = (0..<n).map { i in (0..<m).reduce(b[i]) { $0 + W[$1, i] * h[$1] } }          // z = Wᵀh + b
        // ∂L/∂z_i = (2/B) I_i (ReLU(z_i) − x_i) · 1[z_i > 0]
        let dz = (0..<n).map { i in z[i] > 0 ? 2 * importance[i] * (z[i] - input[i]) / Double(x.rows) : 0 }
        // ∂L/∂h_j = Σ_i W[j, i] ∂z_i
        let dh = (0..<m).map { j in (0..<n).reduce(0.0) { $0 + W[j, $1] * dz[$1] } }
        for j in 0..<m {
            for i in 0..<n {
                gradW[j, i] += h[j] * dz[i]        // decoding path: z = Wᵀh + b
                gradW[j, i] += dh[j] * input[i]    // encoding path: h = W x
            }
        }
        for i in 0..<n { gradB[i] += dz[i] }
    }
    return ToyModelGradients(W: gradW, b: gradB)
}
