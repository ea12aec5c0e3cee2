// Step-1 exercises written out the way a learner writes them (loops over entries), with switches
// that reproduce the usual mistakes: the grading tests call them instead of the grader's own
// variants, so a hint is shown to fire on code it did not produce itself.

import SAEKit

/// Which uses of W the gradient includes.
enum GradientPaths { case both, decoding, encoding }

/// What the ReLU's gradient is gated by: its input z (right), or the model's input x.
enum GradientGate { case preActivation, input }

/// What the loss is averaged over: the batch (right), the features, or both.
enum LossMean { case overBatch, overFeatures, overBoth }

/// The toy model's gradients written out per entry.
// x: [B, n]  W: [m, n]  ->  ∂W: [m, n], ∂b: [n]
func handWrittenGradients(_ x: Matrix, _ model: ToyModel, _ importance: [Double],
                          paths: GradientPaths = .both, masked: Bool = true, factor: Double = 2,
                          gate: GradientGate = .preActivation, averageBias: Bool = false,
                          mean: LossMean = .overBatch) -> ToyModelGradients {
    let (W, b, m, n) = (model.W, model.b, model.W.rows, model.W.cols)
    let divisor = switch mean {
    case .overBatch: Double(x.rows)
    case .overFeatures: Double(n)
    case .overBoth: Double(x.rows * n)
    }
    var gradW = Matrix(rows: m, cols: n), gradB = [Double](repeating: 0, count: n)
    for s in 0..<x.rows {
        var h = [Double](repeating: 0, count: m)
        for j in 0..<m { for i in 0..<n { h[j] += W[j, i] * x[s, i] } }
        var dz = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var z = b[i]
            for j in 0..<m { z += W[j, i] * h[j] }
            let output = max(0, z)
            let open = gate == .preActivation ? z > 0 : x[s, i] > 0
            dz[i] = (!masked || open) ? factor * importance[i] * (output - x[s, i]) / divisor : 0
            gradB[i] += averageBias ? dz[i] / Double(x.rows) : dz[i]
        }
        for j in 0..<m {
            let dh = (0..<n).reduce(0.0) { $0 + W[j, $1] * dz[$1] }
            for i in 0..<n {
                if paths != .encoding { gradW[j, i] += h[j] * dz[i] }
                if paths != .decoding { gradW[j, i] += dh * x[s, i] }
            }
        }
    }
    return ToyModelGradients(W: gradW, b: gradB)
}

/// Superposition metrics with loops over columns; `noDirection` is the test for a column without
/// direction, `cosines` normalises every column (a mistake).
// W: [m, n]  ->  [n], [n], [n], scalar
func loopMetrics(_ W: Matrix, noDirection: (Double) -> Bool = { $0 <= 1e-12 },
                 cosines: Bool = false) -> SuperpositionMetrics {
    let (m, n) = (W.rows, W.cols)
    func dot(_ a: Int, _ b: Int) -> Double { (0..<m).reduce(0.0) { $0 + W[$1, a] * W[$1, b] } }
    let norms = (0..<n).map { dot($0, $0).squareRoot() }
    var interference = [Double](repeating: 0, count: n), dimensionality = interference
    for i in 0..<n where !noDirection(norms[i]) {
        var total = 0.0
        for j in 0..<n {
            let length = cosines ? (noDirection(norms[j]) ? 0 : norms[j]) : 1
            let projection = length == 0 ? 0 : dot(i, j) / norms[i] / length
            if j != i { interference[i] += projection * projection }
            total += projection * projection
        }
        dimensionality[i] = (cosines ? 1 : norms[i] * norms[i]) / total
    }
    let frobenius = norms.reduce(0) { $0 + $1 * $1 }
    return SuperpositionMetrics(featureNorms: norms, interference: interference,
                                featureDimensionality: dimensionality,
                                dimensionsPerFeature: frobenius > 0 ? Double(m) / frobenius : 0)
}
