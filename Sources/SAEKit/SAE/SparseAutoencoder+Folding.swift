// Reparametrisations: the same SAE written as f = act((a − b_dec)·W_enc + b_enc),
// â = f·W_dec + b_dec. SAELens keeps a few settings beside its weights (an input scale, a decoder
// bias the encoder does not subtract, codes scaled by the decoder norms, a per-latent scale before
// decoding); each is a few lines of algebra that moves the setting into the weights, so that every
// step can use the one forward pass it knows.

// MARK: - Folding settings into the weights

extension SparseAutoencoder {
    /// The same SAE for unscaled inputs, when it was trained on inputs multiplied by `scale`:
    /// W_enc·scale, W_dec/scale, b_dec/scale (SAELens's `fold_activation_norm_scaling_factor`).
    ///
    /// f = act((c·a − b_dec)·W_enc + b_enc) = act((a − b_dec/c)·(c·W_enc) + b_enc): z and the codes
    /// are unchanged (JumpReLU thresholds too), and a's reconstruction is (f·W_dec + b_dec)/c.
    public func foldingInputScale(_ scale: Double) -> SparseAutoencoder {
        SparseAutoencoder(W_enc: scale * W_enc, b_enc: b_enc, W_dec: (1 / scale) * W_dec,
                          b_dec: b_dec.map { $0 / scale }, activation: activation)
    }

    /// The same SAE when its encoder reads a itself rather than a − b_dec
    /// (SAELens's `apply_b_dec_to_input: false`): b_enc + b_dec·W_enc.
    ///
    /// a·W_enc + b_enc = (a − b_dec)·W_enc + (b_enc + b_dec·W_enc), so z is unchanged.
    // W_enc: [d, h]  b_dec: [d]  ->  b_enc: [h]
    public func foldingDecoderBiasIntoEncoder() -> SparseAutoencoder {
        let shift = Matrix(rows: 1, cols: inputDims, values: b_dec).matmul(W_enc).values
        return SparseAutoencoder(
            W_enc: W_enc, b_enc: zip(b_enc, shift).map { $0 + $1 }, W_dec: W_dec,
            b_dec: b_dec, activation: activation)
    }

    /// The same SAE when each code is multiplied by `scales[j]` before decoding
    /// (SAELens 5's `finetuning_scaling_factor`): row j of W_dec times scales[j].
    ///
    /// (f ⊙ s)·W_dec = f·(diag(s)·W_dec); the codes themselves are unchanged.
    // scales: [h]  W_dec: [h, d]
    public func foldingCodeScales(_ scales: [Double]) -> SparseAutoencoder {
        precondition(
            scales.count == latentCount, "\(scales.count) scales for \(latentCount) latents")
        var scaled = W_dec
        for j in 0..<latentCount { for c in 0..<inputDims { scaled[j, c] *= scales[j] } }
        return SparseAutoencoder(W_enc: W_enc, b_enc: b_enc, W_dec: scaled, b_dec: b_dec,
                                 activation: activation)
    }

    /// The same SAE when its pre-activations are multiplied by each latent's decoder norm before
    /// the activation, and its codes divided by it before decoding (SAELens TopK's
    /// `rescale_acts_by_decoder_norm: true`): W_enc's column j and b_enc[j] times
    /// n_j = ‖W_dec[j]‖, W_dec's row j divided by n_j, so every decoder row ends with norm 1.
    ///
    /// z_j·n_j = (a − b_dec)·(W_enc[:, j]·n_j) + b_enc[j]·n_j, the codes SAELens returns, and
    /// (f_j / n_j)·W_dec[j] = f_j·(W_dec[j] / n_j). Every norm must be positive (SAELens would
    /// divide by zero); JumpReLU thresholds, which compare z, are scaled with it.
    // W_enc: [d, h]  b_enc: [h]  W_dec: [h, d]
    public func foldingDecoderNorms() -> SparseAutoencoder {
        let norms = W_dec.rowNorms
        precondition(norms.allSatisfy { $0 > 0 }, "a decoder row of norm 0 cannot be folded")
        var unit = W_dec
        for j in 0..<latentCount { for c in 0..<inputDims { unit[j, c] /= norms[j] } }
        let activation: SAEActivation = if case let .jumpReLU(thresholds) = self.activation {
            .jumpReLU(zip(thresholds, norms).map { $0 * $1 })
        } else { self.activation }
        return SparseAutoencoder(
            W_enc: W_enc.scalingColumns(by: norms),
            b_enc: zip(b_enc, norms).map { $0 * $1 }, W_dec: unit, b_dec: b_dec,
            activation: activation)
    }
}
