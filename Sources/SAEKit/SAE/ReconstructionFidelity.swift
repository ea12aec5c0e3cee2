// Normalised MSE and explained variance (Gao et al. 2024): the squared error divided by the squared
// error of the best constant prediction, the mean activation. Centring matters: activations with a
// large mean make Σ‖a‖² huge, and "1 − SSE/Σ‖a‖²" would flatter any SAE that learns the mean.

/// How much of the data's variance a reconstruction explains.
public struct ReconstructionFidelity: Sendable, Equatable {
    /// Σ ‖a − â‖² / Σ ‖a − ā‖².
    public var normalisedMSE: Double
    /// 1 − normalised MSE.
    public var explainedVariance: Double

    public init(normalisedMSE: Double, explainedVariance: Double) {
        self.normalisedMSE = normalisedMSE
        self.explainedVariance = explainedVariance
    }
}

// ANCHOR: fidelity-reference
/// Normalised MSE and explained variance of `reconstruction` against `a` (ā: the column means of
/// a).
// a: [N, d]  reconstruction: [N, d]
public func reconstructionFidelity(_ a: Matrix, reconstruction: Matrix) -> ReconstructionFidelity {
    let mean = a.columnSums.map { $0 / Double(a.rows) }
    let error = (a - reconstruction).squaredFrobeniusNorm
    let variance = a.addingToEachRow(mean.map { -$0 }).squaredFrobeniusNorm
    let nmse = variance > 0 ? error / variance : 0
    return ReconstructionFidelity(normalisedMSE: nmse, explainedVariance: 1 - nmse)
}
// ANCHOR_END: fidelity-reference
