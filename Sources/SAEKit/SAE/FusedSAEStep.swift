// The reference training step for a ReLU SAE, fused sample by sample. For the narrow SAEs of the
// curriculum (d = 5, h = 20) the matrix form spends its time on loop overhead and on allocating
// [B, h] intermediates, not on arithmetic. Here each sample goes through encode → ReLU → decode →
// backward while its 2d + 3h numbers sit in registers and L1, the gradients accumulate in buffers
// allocated once, and the batch is read in place from the dataset (no copy). Fixed chunks of the
// batch run on separate cores and their partial gradients are added in chunk order, so the result
// does not depend on how many cores there are. Same maths as `trainingStep` (SAEGradients.swift);
// a test compares the two.

/// Buffers for the fused step, allocated once per training run.
public struct FusedSAEStep {
    /// Batches are split into this many chunks, whatever the core count (determinism).
    static let chunks = 4
    /// The fused step is used when both weight matrices fit comfortably in L2.
    public static func applies(inputDims d: Int, latents h: Int, activation: SAEActivation) -> Bool {
        activation == .relu && d * h <= 64 * 256
    }

    let d: Int, h: Int
    /// Per chunk: ∂W_encᵀ [h, d], ∂W_dec [h, d], ∂b_enc [h], ∂b_dec (decoder term) [d], fired [h], and loss sums.
    var partials: [Double]
    var fired: [Bool]
    var firedAny: [Bool]
    var sums: [Double]                                       // per chunk: squared error, Σf, #active
    var gradients: SAEGradients

    public init(inputDims d: Int, latents h: Int) {
        self.d = d
        self.h = h
        partials = Array(repeating: 0, count: Self.chunks * Self.chunkStride(d, h))
        fired = Array(repeating: false, count: Self.chunks * h)
        firedAny = Array(repeating: false, count: h)
        sums = Array(repeating: 0, count: Self.chunks * 3)
        gradients = SAEGradients(W_enc: Matrix(rows: d, cols: h), b_enc: Array(repeating: 0, count: h),
                                 W_dec: Matrix(rows: h, cols: d), b_dec: Array(repeating: 0, count: d))
    }

    static func chunkStride(_ d: Int, _ h: Int) -> Int { 2 * h * d + h + d + h }

    /// Loss terms, gradients and fired latents of `sae` on the rows `rows` of `activations` (L1 coefficient λ).
    // activations: [N, d]  rows: [B]  ->  terms, gradients (∂W_enc [d, h], ∂b_enc [h], ∂W_dec [h, d], ∂b_dec [d]), fired [h]
    public mutating func step(_ activations: Matrix, rows: [Int], sae: SparseAutoencoder, l1Coefficient λ: Double) -> SAEStep {
        let (d, h, batch) = (self.d, self.h, rows.count)
        let stride = Self.chunkStride(d, h)
        let scale = 2 / Double(batch), l1Gradient = λ / Double(batch)
        partials.withUnsafeMutableBufferPointer { partials in
            fired.withUnsafeMutableBufferPointer { fired in
                sums.withUnsafeMutableBufferPointer { sums in
                    activations.values.withUnsafeBufferPointer { data in
                        sae.W_enc.values.withUnsafeBufferPointer { W_enc in
                            sae.W_dec.values.withUnsafeBufferPointer { W_dec in
                                let (partialsBase, firedBase, sumsBase) = (partials.baseAddress!, fired.baseAddress!, sums.baseAddress!)
                                let (data, W_enc, W_dec) = (data.baseAddress!, W_enc.baseAddress!, W_dec.baseAddress!)
                                let (b_enc, b_dec) = (sae.b_enc, sae.b_dec)
                                let work = { (chunk: Int) in
                                    let mine = partialsBase + chunk * stride
                                    mine.initialize(repeating: 0, count: stride)
                                    (firedBase + chunk * h).initialize(repeating: false, count: h)
                                    var loss = (error: 0.0, l1: 0.0, active: 0.0)
                                    withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * d + h) { scratch in   // on the stack
                                        for r in (chunk * batch / Self.chunks)..<((chunk + 1) * batch / Self.chunks) {
                                            Self.accumulate(sample: data + rows[r] * d, d: d, h: h, W_enc: W_enc, b_enc: b_enc, W_dec: W_dec, b_dec: b_dec,
                                                            scale: scale, l1Gradient: l1Gradient, into: mine, fired: firedBase + chunk * h,
                                                            scratch: scratch.baseAddress!, loss: &loss)
                                        }
                                    }
                                    sumsBase[chunk * 3] = loss.error
                                    sumsBase[chunk * 3 + 1] = loss.l1
                                    sumsBase[chunk * 3 + 2] = loss.active
                                }
                                if batch * d * h >= 1 << 15 { concurrentlyPerform(Self.chunks, work) } else { (0..<Self.chunks).forEach(work) }
                            }
                        }
                    }
                }
            }
        }
        return collect(sae: sae, batch: batch, l1Coefficient: λ)
    }

    /// Adds the chunks' partial sums in chunk order into the gradient buffers.
    mutating func collect(sae: SparseAutoencoder, batch: Int, l1Coefficient λ: Double) -> SAEStep {
        let (d, h, stride) = (self.d, self.h, Self.chunkStride(d, h))
        for i in 0..<(h * d) { gradients.W_dec.values[i] = 0 }
        for i in 0..<(d * h) { gradients.W_enc.values[i] = 0 }
        for j in 0..<h { gradients.b_enc[j] = 0 }
        for c in 0..<d { gradients.b_dec[c] = 0 }
        for j in 0..<h { firedAny[j] = false }
        var error = 0.0, l1 = 0.0, active = 0.0
        for chunk in 0..<Self.chunks {
            let base = chunk * stride
            for j in 0..<h {
                for c in 0..<d {
                    gradients.W_enc.values[c * h + j] += partials[base + j * d + c]           // stored transposed: [h, d]
                    gradients.W_dec.values[j * d + c] += partials[base + h * d + j * d + c]
                }
                gradients.b_enc[j] += partials[base + 2 * h * d + j]
                firedAny[j] = firedAny[j] || fired[chunk * h + j]
            }
            for c in 0..<d { gradients.b_dec[c] += partials[base + 2 * h * d + h + c] }
            error += sums[chunk * 3]
            l1 += sums[chunk * 3 + 1]
            active += sums[chunk * 3 + 2]
        }
        for c in 0..<d {                                                            // b_dec's encoder term: −W_enc·Σ∂z
            var encoderTerm = 0.0
            for j in 0..<h { encoderTerm += sae.W_enc[c, j] * gradients.b_enc[j] }
            gradients.b_dec[c] -= encoderTerm
        }
        let n = Double(batch)
        let terms = SAELossTerms(reconstruction: error / n, l1: l1 / n, l0: active / n, total: error / n + λ * l1 / n)
        return SAEStep(terms: terms, gradients: gradients, fired: firedAny)
    }

    /// One sample's forward and backward, added into a chunk's partial sums.
    // sample: [d]  W_enc: [d, h]  W_dec: [h, d]  ->  partial: ∂W_encᵀ [h, d], ∂W_dec [h, d], ∂b_enc [h], ∂b_dec [d]
    @inline(__always)
    static func accumulate(sample a: UnsafePointer<Double>, d: Int, h: Int, W_enc: UnsafePointer<Double>, b_enc: [Double],
                           W_dec: UnsafePointer<Double>, b_dec: [Double], scale: Double, l1Gradient: Double,
                           into partial: UnsafeMutablePointer<Double>, fired: UnsafeMutablePointer<Bool>,
                           scratch: UnsafeMutablePointer<Double>, loss: inout (error: Double, l1: Double, active: Double)) {
        let dW_encT = partial, dW_dec = partial + h * d, db_enc = partial + 2 * h * d, db_dec = partial + 2 * h * d + h
        let centred = scratch, codes = scratch + d, dHat = scratch + d + h       // a − b_dec [d], f [h], ∂â [d]
        // Forward: z = (a − b_dec)·W_enc + b_enc, f = ReLU(z), â = f·W_dec + b_dec.
        for c in 0..<d { centred[c] = a[c] - b_dec[c] }
        for j in 0..<h { codes[j] = b_enc[j] }
        for c in 0..<d { addScaled(centred[c], W_enc + c * h, to: codes, count: h) }
        for c in 0..<d { dHat[c] = b_dec[c] }
        for j in 0..<h {
            if codes[j] > 0 {
                addScaled(codes[j], W_dec + j * d, to: dHat, count: d)
                loss.l1 += codes[j]
                loss.active += 1
                fired[j] = true
            } else {
                codes[j] = 0
            }
        }
        // ∂â = (2/B)(â − a); the decoder's gradients, then ∂z on the latents that fired.
        for c in 0..<d {
            let residual = dHat[c] - a[c]
            loss.error += residual * residual
            dHat[c] = scale * residual
            db_dec[c] += dHat[c]
        }
        for j in 0..<h where codes[j] > 0 {
            addScaled(codes[j], dHat, to: dW_dec + j * d, count: d)
            let dz = dot(dHat, W_dec + j * d, count: d) + l1Gradient
            db_enc[j] += dz
            addScaled(dz, centred, to: dW_encT + j * d, count: d)
        }
    }
}
