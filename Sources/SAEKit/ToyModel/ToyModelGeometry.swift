// Reading the geometry of a trained W: which represented features point in opposite directions
// (antipodal pairs, the simplest superposition: two features share one dimension).

extension SuperpositionMetrics {
    /// Cosine below which two features count as antipodal.
    public static let antipodalCosine = -0.9

    /// Pairs (i, j), i < j, of represented features whose directions have cosine < −0.9, with the
    /// cosine.
    // W: [m, n]
    public static func antipodalPairs(_ W: Matrix, among features: [Int]) -> [(Int, Int, Double)] {
        let gram = W.transposedMatmul(W)
        let norms = W.columnNorms
        var pairs: [(Int, Int, Double)] = []
        for (position, i) in features.enumerated() {
            for j in features[(position + 1)...] {
                let cosine = gram[i, j] / (norms[i] * norms[j])
                if cosine < antipodalCosine { pairs.append((min(i, j), max(i, j), cosine)) }
            }
        }
        return pairs.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }
}
