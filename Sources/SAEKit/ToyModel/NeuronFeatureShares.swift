// Which features each hidden neuron carries. A neuron is one row of W; its weight on feature i
// is W[j, i]. We call the neuron polysemantic when two or more represented features each carry at
// least `shareThreshold` of its squared weight.
//
// Caveat the chapter explains: the toy model's hidden layer is linear, so its basis is not
// privileged: rotating W by any orthogonal matrix gives the same model. Polysemantic "neurons"
// here show that features are not aligned with the basis, not that they could not be.

/// For each hidden neuron, the share of its squared weight that each feature carries.
public struct NeuronFeatureShares: Sendable, Equatable {
    /// `shares[j][i]` = W[j,i]² / Σ_k W[j,k]² (each row sums to 1, or is all 0 for a zero neuron).
    public var shares: [[Double]]
    /// The share a feature needs before it counts as one of the neuron's features.
    public var shareThreshold: Double

    /// Shares of `W [hidden, features]`.
    // W: [m, n]  ->  shares [m][n]
    public init(W: Matrix, shareThreshold: Double = 0.1) {
        self.shareThreshold = shareThreshold
        shares = (0..<W.rows).map { j in
            let row = W.row(j)
            let total = row.reduce(0) { $0 + $1 * $1 }
            return row.map { total > 0 ? $0 * $0 / total : 0 }
        }
    }

    /// The features carrying at least `shareThreshold` of neuron `j`, largest share first,
    /// restricted to `among` (e.g. the represented features).
    public func features(ofNeuron j: Int, among allowed: [Int]) -> [Int] {
        allowed.filter { shares[j][$0] >= shareThreshold }.sorted { shares[j][$0] > shares[j][$1] }
    }

    /// Neurons carrying two or more of the allowed features.
    public func polysemanticNeurons(among allowed: [Int]) -> [Int] {
        shares.indices.filter { features(ofNeuron: $0, among: allowed).count >= 2 }
    }
}
