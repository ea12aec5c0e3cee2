// Did the SAE find the true features? Compare directions: the cosine between every learned decoder
// direction and every true direction. A true feature is recovered when some latent points the same
// way (cosine near 1). MMCS, the mean over true features of their best cosine, summarises it.

/// Cosines between learned and true directions, and what they say.
public struct FeatureRecovery: Sendable {
    /// `[latents, features]`: cosine between decoder row j and true direction i.
    public var cosines: Matrix
    /// The true features present in the data (direction norm at least a tenth of the largest).
    public var presentFeatures: [Int]

    /// - Parameters:
    ///   - decoder: `[h, d]`, one learned direction per row.
    ///   - directions: `[n, d]`, one true direction per row.
    // decoder: [h, d]  directions: [n, d]  ->  cosines [h, n]
    public init(decoder: Matrix, directions: Matrix) {
        cosines = cosineMatrix(decoder, directions)
        presentFeatures = Self.presentFeatures(of: directions)
    }

    /// The true features present in the data: direction norm at least a tenth of the largest (the
    /// toy model's dropped features have norm ≈ 0 and leave no trace in the activations).
    // directions: [n, d]
    public static func presentFeatures(of directions: Matrix) -> [Int] {
        let norms = directions.rowNorms
        let largest = norms.max() ?? 0
        return norms.indices.filter { largest > 0 && norms[$0] >= 0.1 * largest }
    }

    /// For each present true feature, the best cosine any latent reaches.
    public var bestCosines: [Double] {
        presentFeatures.map { i in (0..<cosines.rows).map { cosines[$0, i] }.max() ?? 0 }
    }

    /// Mean max cosine similarity over the present true features.
    public var mmcs: Double {
        let best = bestCosines
        return best.isEmpty ? 0 : best.reduce(0, +) / Double(best.count)
    }

    /// How many present features some latent matches at cosine ≥ `threshold`.
    public func recovered(atLeast threshold: Double) -> Int {
        bestCosines.filter { $0 >= threshold }.count
    }

    /// The median of the best cosines.
    public var medianBestCosine: Double { median(bestCosines) }
}

/// Cosine similarity of every row of `a` with every row of `b` (0 for a zero row).
// a: [p, d]  b: [q, d]  ->  [p, q]
public func cosineMatrix(_ a: Matrix, _ b: Matrix) -> Matrix {
    let dots = a.matmulTransposed(b)
    let aNorms = a.rowNorms, bNorms = b.rowNorms
    return Matrix(rows: a.rows, cols: b.rows) { i, j in
        aNorms[i] > 0 && bNorms[j] > 0 ? dots[i, j] / (aNorms[i] * bNorms[j]) : 0
    }
}
