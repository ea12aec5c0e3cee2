// Monosemanticity from behaviour: what does a unit (an SAE latent, or a neuron) do when exactly one
// true feature is on? Conditioning on "only this feature" matters: with several features on at
// once, a unit that reads one of them also seems to respond to the others it co-occurs with.

/// Mean activation of each unit over the samples where feature i is the only feature on; 0 where a
/// feature is never alone.
// activations: [N, units]  codes: [N, n]  ->  [units, n]
public func isolatedResponses(_ activations: Matrix, codes: Matrix) -> Matrix {
    var sums = Matrix(rows: activations.cols, cols: codes.cols)
    var counts = [Double](repeating: 0, count: codes.cols)
    for r in 0..<codes.rows {
        var only = -1
        for i in 0..<codes.cols where codes[r, i] != 0 {
            if only != -1 { only = -2; break }
            only = i
        }
        guard only >= 0 else { continue }
        counts[only] += 1
        for u in 0..<activations.cols { sums[u, only] += activations[r, u] }
    }
    return Matrix(rows: activations.cols, cols: codes.cols) { u, i in
        counts[i] > 0 ? sums[u, i] / counts[i] : 0
    }
}

/// How much of each unit's response goes to its single strongest feature.
public struct Selectivity: Sendable {
    /// max_i |response| / Σ_i |response|, per unit (0 for a unit that never responds).
    public var values: [Double]
    /// The feature with the largest |response|, per unit.
    public var topFeature: [Int]

    /// - Parameter responses: `[units, features]`, e.g. from `isolatedResponses`.
    public init(responses: Matrix) {
        values = (0..<responses.rows).map { u in
            let magnitudes = responses.row(u).map(abs)
            let total = magnitudes.reduce(0, +)
            return total > 0 ? magnitudes.max()! / total : 0
        }
        topFeature = (0..<responses.rows).map { u in
            let magnitudes = responses.row(u).map(abs)
            return magnitudes.indices.max { magnitudes[$0] < magnitudes[$1] } ?? 0
        }
    }
}

/// For each unit, the share of its total activation that falls on samples of its most frequent
/// class (1: it fires for one class only). Units that never fire get nil.
// activations: [N, units] (non-negative)  labels: [N]
public func classPurity(_ activations: Matrix, labels: [Int], classes: Int) -> [Double?] {
    var mass = Matrix(rows: activations.cols, cols: classes)
    for r in 0..<activations.rows {
        for u in 0..<activations.cols { mass[u, labels[r]] += max(0, activations[r, u]) }
    }
    return (0..<activations.cols).map { u in
        let row = mass.row(u), total = row.reduce(0, +)
        return total > 0 ? row.max()! / total : nil
    }
}
