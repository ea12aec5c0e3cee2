// The way into and out of a fused step: the SAE's weights copied into padded buffers, and the
// chunks' partial sums added into the gradients. Both run on one core between the parallel parts,
// so they touch each entry once: the padding is zeroed alone, and the chunks are added latent by
// latent straight into the gradients' own layout (no pass writes a total back first).

extension FusedSAEStep {
    /// Copies the SAE's parameters into the zero-padded `weights`.
    // W_enc: [d, h] -> [d, hPad]   W_dec: [h, d] -> [h, dPad]
    mutating func copyPadded(_ sae: SparseAutoencoder) {
        let (d, h, dPad, hPad) = (self.d, self.h, self.dPad, self.hPad)
        weights.withUnsafeMutableBufferPointer { padded in
            // `aligned` may start elsewhere in a copied buffer, so the padding is zeroed every
            // time, entry by entry.
            let W_enc = Self.aligned(padded), b_enc = W_enc + d * hPad, W_dec = b_enc + hPad,
                b_dec = W_dec + h * dPad
            for c in 0..<d {
                (W_enc + c * hPad).update(from: sae.W_enc.values, offset: c * h, count: h)
                (W_enc + c * hPad + h).update(repeating: 0, count: hPad - h)
            }
            b_enc.update(from: sae.b_enc, offset: 0, count: h)
            (b_enc + h).update(repeating: 0, count: hPad - h)
            for j in 0..<h {
                (W_dec + j * dPad).update(from: sae.W_dec.values, offset: j * d, count: d)
                (W_dec + j * dPad + d).update(repeating: 0, count: dPad - d)
            }
            b_dec.update(from: sae.b_dec, offset: 0, count: d)
            (b_dec + d).update(repeating: 0, count: dPad - d)
        }
    }

    /// Adds the chunks' partial sums in chunk order into the gradient buffers, and b_dec's encoder
    /// term; then AuxK's ∂b_enc of the dead latents (after b_dec's encoder term, which must not see
    /// them).
    // partials: per chunk ∂W_encᵀ [h, dPad], ∂W_dec [h, dPad], ∂b_enc [h], ∂b_dec [dPad]
    //   ->  gradients, fired [h], terms
    mutating func collect(
        batch: Int, l1Coefficient λ: Double, auxK: FusedAuxK?, deadCount: Int
    ) -> SAEStep {
        let (d, h, dPad, hPad, stride, firedStride) = (
            self.d, self.h, self.dPad, self.hPad, chunkStride, self.firedStride
        )
        gradients.W_enc.values.withUnsafeMutableBufferPointer { W_enc in
        gradients.W_dec.values.withUnsafeMutableBufferPointer { W_dec in
        gradients.b_enc.withUnsafeMutableBufferPointer { b_enc in
        gradients.b_dec.withUnsafeMutableBufferPointer { b_dec in
        firedAny.withUnsafeMutableBufferPointer { firedAny in
        partials.withUnsafeMutableBufferPointer { partials in
        fired.withUnsafeBufferPointer { fired in
        weights.withUnsafeBufferPointer { weights in
        withUnsafeTemporaryAllocation(of: Double.self, capacity: hPad) { zeros in
                                            let (W_enc, W_dec, b_enc, b_dec, firedAny) = (
                                                W_enc.baseAddress!, W_dec.baseAddress!,
                                                b_enc.baseAddress!, b_dec.baseAddress!,
                                                firedAny.baseAddress!
                                            )
            // the step's copy of sae.W_enc: [d, hPad]
            let first = Self.aligned(partials), paddedW_enc = Self.aligned(weights)
            let (decoderOffset, biasOffset) = (h * dPad, 2 * h * dPad)
            zeros.initialize(repeating: 0)
            let zeroRow = UnsafePointer(zeros.baseAddress!)     // stands in for W_enc's rows past d
            /// Four entries of the partial sums at `offset` in every chunk, added in chunk order.
            func chunkSum(_ offset: Int) -> Lane {
                var sum = Self.load(first + offset)
                                                for chunk in 1..<Self.chunks {
                                                    sum =
                                                        sum
                                                        + Self.load(first + chunk * stride + offset)
                                                }
                return sum
            }
            for j in Swift.stride(from: 0, to: h, by: 4) {                 // four latents at a time
                let latents = min(4, h - j)
                for c in Swift.stride(from: 0, to: dPad, by: 4) {
                    // a 4 × 4 block of ∂W_encᵀ, transposed in registers
                    if latents == 4 && c + 4 <= d {
                        let e0 = chunkSum(j * dPad + c), e1 = chunkSum((j + 1) * dPad + c)
                        let e2 = chunkSum((j + 2) * dPad + c), e3 = chunkSum((j + 3) * dPad + c)
                        Self.store(Lane(e0[0], e1[0], e2[0], e3[0]), W_enc + c * h + j)
                        Self.store(Lane(e0[1], e1[1], e2[1], e3[1]), W_enc + (c + 1) * h + j)
                        Self.store(Lane(e0[2], e1[2], e2[2], e3[2]), W_enc + (c + 2) * h + j)
                        Self.store(Lane(e0[3], e1[3], e2[3], e3[3]), W_enc + (c + 3) * h + j)
                    } else {
                        for latent in j..<j + latents {
                            let encoder = chunkSum(latent * dPad + c)
                                                            for lane in 0..<min(4, d - c) {
                                                                W_enc[(c + lane) * h + latent] =
                                                                    encoder[lane]
                                                            }
                        }
                    }
                    for latent in j..<j + latents {                        // rows of ∂W_dec: [h, d]
                        let decoder = chunkSum(decoderOffset + latent * dPad + c)
                        if c + 4 <= d { Self.store(decoder, W_dec + latent * d + c) } else {
                            for lane in 0..<d - c { W_dec[latent * d + c + lane] = decoder[lane] }
                        }
                    }
                }
                for latent in j..<j + latents {
                    var bias = first[biasOffset + latent], firedHere = fired[latent]
                    for chunk in 1..<Self.chunks {
                        bias += first[chunk * stride + biasOffset + latent]
                        firedHere = firedHere || fired[chunk * firedStride + latent]
                    }
                    (b_enc[latent], firedAny[latent]) = (bias, firedHere)
                }
            }
            // ∂b_dec: the decoder term minus W_enc·Σ∂z
            for c in Swift.stride(from: 0, to: dPad, by: 4) {
                                                let rows = (
                                                    paddedW_enc + c * hPad,
                                                    c + 1 < d
                                                        ? paddedW_enc + (c + 1) * hPad : zeroRow,
                                                    c + 2 < d
                                                        ? paddedW_enc + (c + 2) * hPad : zeroRow,
                                                    c + 3 < d
                                                        ? paddedW_enc + (c + 3) * hPad : zeroRow
                                                )
                var encoderTerm = Lane.zero       // four rows of W_enc, each summed in latent order
                                                for j in 0..<h {
                                                    encoderTerm =
                                                        encoderTerm + Lane(
                                                            rows.0[j], rows.1[j], rows.2[j],
                                                            rows.3[j]) * Lane(repeating: b_enc[j])
                                                }
                let decoderTerm = chunkSum(biasOffset + h + c)
                                                for lane in 0..<min(4, d - c) {
                                                    b_dec[c + lane] =
                                                        decoderTerm[lane] - encoderTerm[lane]
                                                }
            }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        let auxStride = Self.separated(h, bytesEach: 8)
        for j in deadList.prefix(deadCount) {
            var bias = auxBias[j]
            for chunk in 1..<Self.chunks { bias += auxBias[chunk * auxStride + j] }
            gradients.b_enc[j] += bias
        }
        var error = 0.0, l1 = 0.0, active = 0.0, missed = 0.0
        for chunk in 0..<Self.chunks {
            error += sums[chunk * 4]
            l1 += sums[chunk * 4 + 1]
            active += sums[chunk * 4 + 2]
            missed += sums[chunk * 4 + 3]
        }
        let n = Double(batch)
        var terms = SAELossTerms(
            reconstruction: error / n, l1: l1 / n, l0: active / n, total: error / n + λ * l1 / n)
        if let auxK {
            terms.auxK = missed / n
            terms.total += auxK.coefficient * terms.auxK
        }
        return SAEStep(terms: terms, gradients: gradients, fired: firedAny)
    }
}
