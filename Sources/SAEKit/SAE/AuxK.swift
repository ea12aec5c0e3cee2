// AuxK (Gao et al. 2024): dead latents get no gradient from a TopK SAE's loss, because they are
// never among the k kept. AuxK gives them one: the k_aux largest pre-activations *among the dead
// latents* try to reconstruct what the SAE missed, the residual e = a − â:
//
//     ê = TopK_aux(z restricted to dead latents)·W_dec          (no bias: b_dec is in â already)
//     L_aux = (1/B) Σ_b ‖e_b − ê_b‖²                            added to the loss as α·L_aux
//
// e is a constant (the main reconstruction is "detached"): AuxK must not pull the alive latents or
// the biases towards the residual, only the dead latents towards it. So its gradients are
// non-zero only on the dead latents' encoder columns, encoder biases and decoder rows:
//
//     ∂L_aux/∂ê     = (2/B)(ê − e)                   [B, d]
//     ∂L_aux/∂W_dec = f_auxᵀ·∂L_aux/∂ê               [h, d]   (rows of dead latents only)
//     ∂L_aux/∂z     = ∂L_aux/∂ê·W_decᵀ ⊙ 1[f_aux > 0] [B, h]
//     ∂L_aux/∂W_enc = (a − b_dec)ᵀ·∂L_aux/∂z         [d, h]
//     ∂L_aux/∂b_enc = Σ_batch ∂L_aux/∂z              [h]

/// The auxiliary loss of a batch and its gradients.
public struct AuxKStep: Sendable {
    /// L_aux = (1/B) Σ_b ‖e_b − ê_b‖² (0 when no latent is dead).
    public var loss: Double
    /// ∂L_aux/∂θ; zero outside the dead latents' parameters, and zero for b_dec.
    public var gradients: SAEGradients

    public init(loss: Double, gradients: SAEGradients) {
        self.loss = loss
        self.gradients = gradients
    }
}

extension SparseAutoencoder {
    // ANCHOR: auxk-reference
    /// The AuxK loss on a batch: the top-`kAux` dead latents (by pre-activation) reconstruct the
    /// residual a − â.
    // a: [B, d]  dead: [h]  ->  loss, gradients shaped like the SAE
    public func auxKStep(_ a: Matrix, dead: [Bool], kAux: Int) -> AuxKStep {
        var pass = forwardPass(a)
        let residual = a - pass.reconstruction                                 // [B, d], a constant
        // alive latents cannot compete
        pass.codes = pass.preActivation.mapColumns { j, z in dead[j] ? z : 0 }.topK(kAux)
        let miss = pass.codes.matmul(W_dec) - residual                              // ê − e  [B, d]
        var gradients = backward(
            pass, dReconstruction: (2 / Double(a.rows)) * miss, l1Coefficient: 0)
        gradients.b_dec = Array(repeating: 0, count: inputDims)      // ê has no bias; e is detached
        return AuxKStep(loss: miss.squaredFrobeniusNorm / Double(a.rows), gradients: gradients)
    }
    // ANCHOR_END: auxk-reference
}

extension Matrix {
    /// Every entry replaced by `transform(column, value)`.
    // self: [R, C]  ->  [R, C]
    public func mapColumns(_ transform: (Int, Double) -> Double) -> Matrix {
        var result = self
        for r in 0..<rows { for c in 0..<cols { result[r, c] = transform(c, self[r, c]) } }
        return result
    }
}

extension SAEGradients {
    /// self + scale × other, parameter by parameter.
    public func adding(_ other: SAEGradients, scaledBy scale: Double) -> SAEGradients {
        SAEGradients(
            W_enc: W_enc + scale * other.W_enc,
            b_enc: zip(b_enc, other.b_enc).map { $0 + scale * $1 },
            W_dec: W_dec + scale * other.W_dec,
            b_dec: zip(b_dec, other.b_dec).map { $0 + scale * $1 })
    }
}
