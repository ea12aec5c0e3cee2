// The SAE's objective: reconstruct a, with few and small codes.
//
//     L = (1/B) Σ_b ( ‖a_b − â_b‖² + λ ‖f_b‖₁ )
//
// Squared error summed over the d dimensions, L1 summed over the h latents, both averaged over the
// batch — the same convention as chapter 1's loss. L0 (how many latents fire) is reported, not trained.

/// The loss of one batch, term by term.
public struct SAELossTerms: Sendable, Equatable {
    /// (1/B) Σ_b ‖a_b − â_b‖².
    public var reconstruction: Double
    /// (1/B) Σ_b ‖f_b‖₁ (codes are non-negative, so this is the mean sum of codes).
    public var l1: Double
    /// (1/B) Σ_b #{j : f_bj > 0}, the mean number of active latents.
    public var l0: Double
    /// reconstruction + λ·l1.
    public var total: Double

    public init(reconstruction: Double, l1: Double, l0: Double, total: Double) {
        self.reconstruction = reconstruction
        self.l1 = l1
        self.l0 = l0
        self.total = total
    }

    /// The terms for inputs `a`, their reconstruction and codes, with L1 coefficient λ.
    // a: [B, d]  reconstruction: [B, d]  codes: [B, h]  ->  scalars
    public init(_ a: Matrix, reconstruction: Matrix, codes: Matrix, l1Coefficient: Double) {
        let batch = Double(a.rows)
        let error = (a - reconstruction).squaredFrobeniusNorm / batch
        let l1 = codes.sum / batch
        let l0 = Double(codes.values.filter { $0 > 0 }.count) / batch
        self.init(reconstruction: error, l1: l1, l0: l0, total: error + l1Coefficient * l1)
    }
}
