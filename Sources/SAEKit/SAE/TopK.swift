// The TopK activation (Makhzani & Frey 2013; Gao et al. 2024): keep each sample's k largest
// pre-activations, after a ReLU, and zero the rest.
//
// Tie rule (documented and deterministic): rank by value, and among equal values the lower latent
// index ranks first. So exactly min(k, number of positive pre-activations) latents stay active.

extension Matrix {
    // ANCHOR: topk-reference
    /// Per row: the k largest positive entries kept, everything else 0 (ties: lower column first).
    // z: [B, h]  ->  [B, h]
    public func topK(_ k: Int) -> Matrix {
        var result = Matrix(rows: rows, cols: cols)
        guard k > 0 else { return result }
        var kept = [Int]()                                   // column indices, best first
        kept.reserveCapacity(k + 1)
        for r in 0..<rows {
            kept.removeAll(keepingCapacity: true)
            for c in 0..<cols {
                let value = self[r, c]
                guard value > 0 else { continue }         // the ReLU: only positive entries compete
                // A tie keeps the earlier column.
                if kept.count == k && value <= self[r, kept[k - 1]] { continue }
                var slot = kept.count
                while slot > 0 && self[r, kept[slot - 1]] < value { slot -= 1 }
                kept.insert(c, at: slot)
                if kept.count > k { kept.removeLast() }
            }
            for c in kept { result[r, c] = self[r, c] }
        }
        return result
    }
    // ANCHOR_END: topk-reference
}
