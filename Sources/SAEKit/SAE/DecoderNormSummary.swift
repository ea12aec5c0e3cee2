// What a free decoder norm does to the L1 penalty: chapter 3's cheat, found by training. Scaling
// latent j's decoder row by c and its code by 1/c leaves the reconstruction alone and divides that
// latent's L1 by c, so an SAE whose rows grew pays less for the same reconstruction. Measuring the
// same codes as if the rows had unit norm (f_j·‖w_j‖) shows how much less.

/// The decoder row norms of the latents that fire, and the codes' L1 with and without them.
public struct DecoderNormSummary: Sendable, Equatable {
    /// ‖w_j‖ over the latents that fire on the data: mean, smallest, largest (0 when none fires).
    public var mean: Double
    public var smallest: Double
    public var largest: Double
    /// (1/N) Σ_b ‖f_b‖₁: what the loss charges λ for.
    public var l1: Double
    /// (1/N) Σ_b Σ_j f_bj·‖w_j‖: the L1 of the same reconstruction written with unit-norm rows.
    public var unitNormL1: Double

    /// The λ at which a unit-norm SAE would pay the penalty this one pays for its codes:
    /// λ · l1 / unitNormL1 (λ itself when the rows have unit norm).
    public func effectiveL1Coefficient(_ l1Coefficient: Double) -> Double {
        unitNormL1 > 0 ? l1Coefficient * l1 / unitNormL1 : l1Coefficient
    }

    /// Encodes `activations` in batches and sums each latent's codes.
    // activations: [N, d]  W_dec: [h, d]
    public init(_ sae: SparseAutoencoder, on activations: Matrix) {
        let norms = sae.W_dec.rowNorms                                          // [h]
        var sums = [Double](repeating: 0, count: sae.latentCount)               // Σ_b f_bj
        for start in stride(from: 0, to: activations.rows, by: collectionBatchSize) {
            let rows = Array(start..<min(activations.rows, start + collectionBatchSize))
            let codes = sae.encode(activations.selectingRows(rows))             // [b, h]
            for (j, sum) in codes.columnSums.enumerated() { sums[j] += sum }
        }
        let count = Double(max(1, activations.rows))
        let firing = norms.indices.filter { sums[$0] > 0 }.map { norms[$0] }
        mean = firing.isEmpty ? 0 : firing.reduce(0, +) / Double(firing.count)
        smallest = firing.min() ?? 0
        largest = firing.max() ?? 0
        l1 = sums.reduce(0, +) / count
        unitNormL1 = zip(sums, norms).map { $0 * $1 }.reduce(0, +) / count
    }
}
