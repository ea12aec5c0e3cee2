// Synthetic sparse features: each feature is on with its probability, and when on its
// magnitude is uniform in [0, 1) (Elhage et al. 2022's data).

/// Draws batches of sparse feature vectors.
public struct SparseFeatureSampler: Sendable, Equatable {
    /// Probability that each feature is on (one entry per feature).
    public var probabilities: [Double]

    public init(probabilities: [Double]) {
        self.probabilities = probabilities
    }

    /// Every feature on with the same probability.
    public init(features: Int, probability: Double) {
        self.init(probabilities: Array(repeating: probability, count: features))
    }

    /// A batch `[B, n]`. Draw order (part of the contract, so a seed reproduces a batch): row by
    /// row, feature by feature, one uniform for on/off (`u < p` is on), then, only when on, one
    /// uniform magnitude.
    // -> x: [B, n]
    public func sample(batchSize: Int, generator: inout SeededGenerator) -> Matrix {
        let n = probabilities.count
        var x = Matrix(rows: batchSize, cols: n)
        x.values.withUnsafeMutableBufferPointer { values in
            for r in 0..<batchSize {
                for i in 0..<n where generator.bernoulli(probabilities[i]) {
                    values[r * n + i] = generator.uniform()
                }
            }
        }
        return x
    }
}
