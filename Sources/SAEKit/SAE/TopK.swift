// The TopK activation (Makhzani & Frey 2013; Gao et al. 2024): keep each sample's k largest
// pre-activations, after a ReLU, and zero the rest.
//
// Tie rule (documented and deterministic): rank by value, and among equal values the lower latent
// index ranks first. So exactly min(k, number of positive pre-activations) latents stay active.

extension Matrix {
    /// Per row: the k largest positive entries kept, everything else 0 (ties: lower column first).
    // z: [B, h]  ->  [B, h]
    public func topK(_ k: Int) -> Matrix {
        var result = Matrix(rows: rows, cols: cols)
        for r in 0..<rows {
            let kept = (0..<cols).filter { self[r, $0] > 0 }.sorted { (self[r, $0], -$0) > (self[r, $1], -$1) }.prefix(k)
            for c in kept { result[r, c] = self[r, c] }
        }
        return result
    }
}
