// The SAE's objective: reconstruct a, with few and small codes.
//
//     L = (1/B) Σ_b ( ‖a_b − â_b‖² + λ ‖f_b‖₁ )
//
// Squared error summed over the d dimensions, L1 summed over the h latents, both averaged over the
// batch — the same convention as chapter 1's loss. L0 (how many latents fire) is reported, not
// trained.

/// The loss of one batch, term by term.
public struct SAELossTerms: Sendable, Equatable {
    /// (1/B) Σ_b ‖a_b − â_b‖².
    public var reconstruction: Double
    /// (1/B) Σ_b ‖f_b‖₁ (codes are non-negative, so this is the mean sum of codes).
    public var l1: Double
    /// (1/B) Σ_b #{j : f_bj > 0}, the mean number of active latents.
    public var l0: Double
    /// reconstruction + λ·l1 (+ α·auxK for a TopK SAE with AuxK).
    public var total: Double
    /// The AuxK loss, (1/B) Σ_b ‖e_b − ê_b‖² (0 unless a TopK SAE has dead latents).
    public var auxK = 0.0

    public init(reconstruction: Double, l1: Double, l0: Double, total: Double) {
        self.reconstruction = reconstruction
        self.l1 = l1
        self.l0 = l0
        self.total = total
    }

    /// The terms for inputs `a`, their reconstruction and codes, with L1 coefficient λ.
    // a: [B, d]  reconstruction: [B, d]  codes: [B, h]  ->  scalars
    public init(_ a: Matrix, reconstruction: Matrix, codes: Matrix, l1Coefficient: Double) {
        ensure(
            a.shape == reconstruction.shape && codes.rows == a.rows,
            "loss terms: a \(a.shape), â \(reconstruction.shape), f \(codes.shape)")
        let batch = Double(a.rows)
        var squaredError = 0.0, sum = 0.0, active = 0
        for (x, y) in zip(a.values, reconstruction.values) { squaredError += (x - y) * (x - y) }
        for f in codes.values where f != 0 {
            sum += f
            if f > 0 { active += 1 }
        }
        let error = squaredError / batch, l1 = sum / batch
        self.init(
            reconstruction: error, l1: l1, l0: Double(active) / batch,
            total: error + l1Coefficient * l1)
    }
}
