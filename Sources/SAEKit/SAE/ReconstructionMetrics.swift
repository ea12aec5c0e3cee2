// How well an SAE reconstructs, measured on a whole dataset: normalised MSE (Gao et al. 2024: the
// squared error divided by that of always predicting the mean activation), explained variance, L0,
// and which latents never fire.

/// Reconstruction quality and sparsity of an SAE on a dataset.
public struct ReconstructionMetrics: Sendable, Equatable {
    /// (1/N) Σ ‖a − â‖².
    public var mse: Double
    /// Σ ‖a − â‖² / Σ ‖a − ā‖².
    public var normalisedMSE: Double
    /// 1 − normalised MSE.
    public var explainedVariance: Double
    /// Mean number of active latents per sample.
    public var l0: Double
    /// (1/N) Σ ‖f‖₁.
    public var l1: Double
    /// Latents that fire on no sample.
    public var deadLatents: [Int]
    /// Fraction of samples on which each latent fires.
    public var firingRates: [Double]

    /// Evaluates `sae` on `activations` in batches of 4096.
    // activations: [N, d]
    public init(_ sae: SparseAutoencoder, on activations: Matrix) {
        let mean = activations.columnSums.map { $0 / Double(max(1, activations.rows)) }
        var squaredError = 0.0, squaredDeviation = 0.0, l1 = 0.0, active = 0.0
        var fired = [Double](repeating: 0, count: sae.latentCount)
        for start in stride(from: 0, to: activations.rows, by: collectionBatchSize) {
            let batch = activations.selectingRows(
                Array(start..<min(activations.rows, start + collectionBatchSize)))
            let pass = sae.forwardPass(batch)
            squaredError += (batch - pass.reconstruction).squaredFrobeniusNorm
            squaredDeviation += batch.addingToEachRow(mean.map { -$0 }).squaredFrobeniusNorm
            l1 += pass.codes.sum
            for r in 0..<pass.codes.rows {
                for j in 0..<pass.codes.cols where pass.codes[r, j] > 0 {
                    active += 1
                    fired[j] += 1
                }
            }
        }
        let count = Double(max(1, activations.rows))
        mse = squaredError / count
        normalisedMSE = squaredDeviation > 0 ? squaredError / squaredDeviation : 0
        explainedVariance = 1 - normalisedMSE
        self.l0 = active / count
        self.l1 = l1 / count
        firingRates = fired.map { $0 / count }
        deadLatents = fired.indices.filter { fired[$0] == 0 }
    }

    /// Fraction of latents that never fire.
    public var deadFraction: Double {
        Double(deadLatents.count) / Double(max(1, firingRates.count))
    }
}
