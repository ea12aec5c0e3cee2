// How much superposition a trained W shows (Elhage et al. 2022, "Feature dimensionality").

/// Per-feature and overall superposition measures of an embedding `W [hidden, features]`.
public struct SuperpositionMetrics: Sendable, Equatable {
    /// ‖W_i‖: how strongly feature i is represented (≈1 represented, ≈0 dropped).
    public var featureNorms: [Double]
    /// Σ_{j≠i} (Ŵ_i·W_j)²: how much the other features leak into feature i's direction.
    public var interference: [Double]
    /// D_i = ‖W_i‖² / Σ_j (Ŵ_i·W_j)²: the fraction of a dimension feature i gets (1 = a dimension
    /// of its own).
    public var featureDimensionality: [Double]
    /// D* = m / ‖W‖²_F: hidden dimensions per represented feature.
    public var dimensionsPerFeature: Double

    public init(
        featureNorms: [Double], interference: [Double], featureDimensionality: [Double],
        dimensionsPerFeature: Double
    ) {
        self.featureNorms = featureNorms
        self.interference = interference
        self.featureDimensionality = featureDimensionality
        self.dimensionsPerFeature = dimensionsPerFeature
    }

    /// Below this norm a column has no direction: its Ŵ_i is taken as 0, so its interference and
    /// D_i are 0.
    public static let zeroNorm = 1e-12

    /// The metrics of `W` (columns are feature directions).
    // W: [m, n]  ->  four measures, the first three [n]
    public init(W: Matrix) {
        let norms = W.columnNorms
        let gram = W.transposedMatmul(W)   // (WᵀW)_ij = W_i · W_j   [n, n]
        var interference = [Double](repeating: 0, count: W.cols)
        var dimensionality = [Double](repeating: 0, count: W.cols)
        for i in 0..<W.cols where norms[i] > Self.zeroNorm {
            var total = 0.0   // Σ_j (Ŵ_i·W_j)², including j = i, which contributes ‖W_i‖²
            for j in 0..<W.cols {
                let projection = gram[i, j] / norms[i]
                total += projection * projection
                if j != i { interference[i] += projection * projection }
            }
            dimensionality[i] = norms[i] * norms[i] / total
        }
        let frobenius = W.squaredFrobeniusNorm
        self.init(
            featureNorms: norms, interference: interference, featureDimensionality: dimensionality,
            dimensionsPerFeature: frobenius > 0 ? Double(W.rows) / frobenius : 0)
    }
}

// MARK: - Reading the metrics

extension SuperpositionMetrics {
    /// Norm above which a feature counts as represented (trained norms sit near 0 or near 1).
    public static let representedNorm = 0.5
    /// Interference above which a represented feature counts as sharing its direction (in
    /// superposition).
    public static let superposedInterference = 0.05

    /// Features with ‖W_i‖ > 0.5.
    public var representedFeatures: [Int] {
        featureNorms.indices.filter { featureNorms[$0] > Self.representedNorm }
    }

    /// Represented features whose interference exceeds 0.05.
    public var superposedFeatures: [Int] {
        representedFeatures.filter { interference[$0] > Self.superposedInterference }
    }
}
