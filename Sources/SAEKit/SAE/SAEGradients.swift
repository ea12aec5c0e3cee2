// The backward pass of the SAE, written next to the forward it differentiates. With r = â − a:
//
//     ∂L/∂â     = (2/B)·r                               [B, d]
//     ∂L/∂W_dec = fᵀ·∂L/∂â                              [h, d]  (â = f·W_dec + b_dec)
//     ∂L/∂f     = ∂L/∂â·W_decᵀ + λ/B                    [B, h]  (+ the L1 term, f ≥ 0)
//     ∂L/∂z     = ∂L/∂f ⊙ 1[f > 0]                      [B, h]  (the ReLU, or TopK: only the
//                                                               kept latents; for the ReLU,
//                                                               f > 0 exactly when z > 0)
//     ∂L/∂W_enc = (a − b_dec)ᵀ·∂L/∂z                    [d, h]
//     ∂L/∂b_enc = Σ_batch ∂L/∂z                         [h]
//     ∂L/∂b_dec = Σ_batch ∂L/∂â − Σ_batch ∂L/∂z·W_encᵀ  [d]     (decoder term, then encoder
//                                                               term: b_dec is added after
//                                                               decoding and subtracted
//                                                               before encoding)

/// Gradients shaped like the SAE's parameters.
public struct SAEGradients: Sendable, Equatable {
    public var W_enc: Matrix
    public var b_enc: [Double]
    public var W_dec: Matrix
    public var b_dec: [Double]

    public init(W_enc: Matrix, b_enc: [Double], W_dec: Matrix, b_dec: [Double]) {
        self.W_enc = W_enc
        self.b_enc = b_enc
        self.W_dec = W_dec
        self.b_dec = b_dec
    }
}

extension SparseAutoencoder {
    /// The loss terms of a batch and the gradients of L = (1/B) Σ_b (‖a_b − â_b‖² + λ‖f_b‖₁).
    // a: [B, d]  ->  terms, ∂W_enc [d, h], ∂b_enc [h], ∂W_dec [h, d], ∂b_dec [d]
    public func lossAndGradients(
        _ a: Matrix, l1Coefficient λ: Double
    ) -> (terms: SAELossTerms, gradients: SAEGradients) {
        let step = trainingStep(a, l1Coefficient: λ)
        return (step.terms, step.gradients)
    }

    /// Loss terms, gradients, and which latents fired on the batch (what the trainer needs).
    // a: [B, d]  ->  terms, gradients, fired [h]
    public func trainingStep(_ a: Matrix, l1Coefficient λ: Double) -> SAEStep {
        let pass = forwardPass(a)
        let dReconstruction = (2 / Double(a.rows)) * (pass.reconstruction - a)            // [B, d]
        let terms = SAELossTerms(
            a, reconstruction: pass.reconstruction, codes: pass.codes, l1Coefficient: λ)
        return SAEStep(
            terms: terms,
            gradients: backward(pass, dReconstruction: dReconstruction, l1Coefficient: λ),
            fired: pass.codes.firingLatents)
    }

    // ANCHOR: sae-backward
    /// The gradients of every parameter given ∂L/∂â, through the codes the pass kept (ReLU, TopK,
    /// BatchTopK: f > 0) plus the L1 term λ/B on each kept code.
    // pass: centred [B, d], codes [B, h]  dReconstruction: [B, d]  ->  gradients
    public func backward(
        _ pass: SAEPass, dReconstruction: Matrix, l1Coefficient λ: Double
    ) -> SAEGradients {
        let batch = Double(dReconstruction.rows)
        let dW_dec = pass.codes.transposedMatmul(dReconstruction)                         // [h, d]
        // ∂L/∂f is needed only where f > 0 (the ReLU or TopK mask), so only those entries are
        // computed.
        let dPre = dReconstruction.matmulTransposed(W_dec, where: pass.codes)
            .zipped(with: pass.codes) { g, f in f > 0 ? g + λ / batch : 0 }               // [B, h]
        // as (dPreᵀ·x)ᵀ: dPre is sparse
        let dW_enc = dPre.transposedMatmul(pass.centred).transposed                       // [d, h]
        let db_enc = dPre.columnSums                                                      // [h]
        // b_dec's encoder term Σ_batch ∂L/∂z·W_encᵀ is W_enc·(Σ_batch ∂L/∂z): one [d, h] product,
        // not a [B, d] one.
        let dz = Matrix(rows: db_enc.count, cols: 1, values: db_enc)                      // [h, 1]
        let encoderTerm = W_enc.matmul(dz).values                                         // [d]
        let db_dec = zip(dReconstruction.columnSums, encoderTerm).map { $0 - $1 }      // dec − enc
        return SAEGradients(W_enc: dW_enc, b_enc: db_enc, W_dec: dW_dec, b_dec: db_dec)
    }
    // ANCHOR_END: sae-backward
}

/// One batch's loss terms, gradients, and which latents fired (had a positive code on some sample).
public struct SAEStep: Sendable {
    public var terms: SAELossTerms
    public var gradients: SAEGradients
    public var fired: [Bool]

    public init(terms: SAELossTerms, gradients: SAEGradients, fired: [Bool]) {
        self.terms = terms
        self.gradients = gradients
        self.fired = fired
    }
}

extension Matrix {
    /// For each column (latent), whether any row (sample) has a positive entry.
    // codes: [B, h]  ->  [h]
    public var firingLatents: [Bool] {
        var fired = [Bool](repeating: false, count: cols)
        values.withUnsafeBufferPointer { f in
            for r in 0..<rows { for c in 0..<cols where f[r * cols + c] > 0 { fired[c] = true } }
        }
        return fired
    }
}
