// The backward pass of one sample for d ≤ 16 (up to four SIMD vectors): the centred input, the
// residual and ∂â stay in registers, and each firing latent's rows are updated without an inner
// loop (the compiler could not keep ∂â in registers through the pointer stores of a loop). ReLU
// builds the residual while it lists the firing latents (one data-dependent loop fewer per sample);
// TopK and BatchTopK build it from their lists. The same operations in the same order as
// `backwardThroughMemory`.

extension FusedSAEStep {
    /// A sample's residual â − a = Σ f_j·W_dec[j] − (a − b_dec) in up to four registers, built one
    /// firing latent at a time.
    struct Residual {
        let vectors: Int
        var r0: Lane, r1: Lane, r2: Lane, r3: Lane

        /// −(a − b_dec): the residual before any latent is decoded.
        // centred: [dPad ≤ 16]
        @inline(__always)
        init(centred: UnsafePointer<Double>, dPad: Int) {
            vectors = dPad / 4
            r0 = Lane.zero - load(centred)
            r1 = Lane.zero - (vectors > 1 ? load(centred + 4) : .zero)
            r2 = Lane.zero - (vectors > 2 ? load(centred + 8) : .zero)
            r3 = Lane.zero - (vectors > 3 ? load(centred + 12) : .zero)
        }

        /// Adds code `f` times decoder row `row`.
        // row: [dPad]
        @inline(__always)
        mutating func add(_ f: Double, times row: UnsafePointer<Double>) {
            let f = Lane(repeating: f)
            r0 = multiplyAdd(r0, f, load(row))
            if vectors > 1 { r1 = multiplyAdd(r1, f, load(row + 4)) }
            if vectors > 2 { r2 = multiplyAdd(r2, f, load(row + 8)) }
            if vectors > 3 { r3 = multiplyAdd(r3, f, load(row + 12)) }
        }
    }

    /// ReLU for d ≤ 16: lists the firing latents and builds the residual in the same loop, then
    /// `gradientsInRegisters`.
    // centred: [dPad ≤ 16]  codes: [hPad]  ->  active: [firing], partial sums, fired, loss
    @inline(__always)
    static func backwardListingInRegisters(
        centred: UnsafePointer<Double>, dPad: Int, h: Int, hPad: Int, W_dec: UnsafePointer<Double>,
        scale: Double, l1Gradient: Double, codes: UnsafePointer<Double>,
        active: UnsafeMutablePointer<Int>, into partial: UnsafeMutablePointer<Double>,
        fired: UnsafeMutablePointer<Bool>, loss: inout (error: Double, l1: Double, active: Int)
    ) {
        var residual = Residual(centred: centred, dPad: dPad)
        var l1 = loss.l1
        let count = listPositive(codes, hPad: hPad, into: active) { j in
            l1 += codes[j]                          // latent order: the same sum as over every code
            residual.add(codes[j], times: W_dec + j &* dPad)
        }
        loss.l1 = l1
        gradientsInRegisters(
            residual, centred: centred, dPad: dPad, h: h, W_dec: W_dec, scale: scale,
            l1Gradient: l1Gradient,
            codes: codes, active: active, count: count, into: partial, fired: fired, loss: &loss)
    }

    /// `backward` for d ≤ 16 from a list of firing latents (TopK, BatchTopK).
    // centred: [dPad ≤ 16]  codes: [hPad]  active: [count]  ->  partial sums, fired, loss
    @inline(__always)
    static func backwardInRegisters(
        centred: UnsafePointer<Double>, dPad: Int, h: Int, W_dec: UnsafePointer<Double>,
        scale: Double,
        l1Gradient: Double, codes: UnsafePointer<Double>, active: UnsafePointer<Int>, count: Int,
        into partial: UnsafeMutablePointer<Double>, fired: UnsafeMutablePointer<Bool>,
        loss: inout (error: Double, l1: Double, active: Int)
    ) {
        var residual = Residual(centred: centred, dPad: dPad)
        for k in 0..<count {
            let j = active[k]
            loss.l1 += codes[j]                     // latent order: the same sum as over every code
            residual.add(codes[j], times: W_dec + j &* dPad)
        }
        gradientsInRegisters(
            residual, centred: centred, dPad: dPad, h: h, W_dec: W_dec, scale: scale,
            l1Gradient: l1Gradient,
            codes: codes, active: active, count: count, into: partial, fired: fired, loss: &loss)
    }

    /// Everything after the residual: ∂â = (2/B)(â − a) into ∂b_dec, the squared error, then for
    /// each firing latent ∂W_dec[j] += f_j·∂â, ∂z = ∂â·W_dec[j] + λ/B into ∂b_enc, and ∂W_encᵀ[j]
    /// += ∂z·(a − b_dec).
    // residual: [dPad ≤ 16]  centred: [dPad]  codes: [hPad]  active: [count]
    //   ->  partial sums, fired, loss
    @inline(__always)
    static func gradientsInRegisters(
        _ residual: Residual, centred: UnsafePointer<Double>, dPad: Int, h: Int,
        W_dec: UnsafePointer<Double>,
        scale: Double, l1Gradient: Double, codes: UnsafePointer<Double>, active: UnsafePointer<Int>,
        count: Int,
        into partial: UnsafeMutablePointer<Double>, fired: UnsafeMutablePointer<Bool>,
        loss: inout (error: Double, l1: Double, active: Int)
    ) {
        let dW_encT = partial, dW_dec = partial + h &* dPad, db_enc = partial + 2 &* h &* dPad,
            db_dec = db_enc + h
        let vectors = residual.vectors
        loss.active &+= count
        let x0 = load(centred), x1 = vectors > 1 ? load(centred + 4) : .zero
        let x2 = vectors > 2 ? load(centred + 8) : .zero,
            x3 = vectors > 3 ? load(centred + 12) : .zero
        let (r0, r1, r2, r3) = (residual.r0, residual.r1, residual.r2, residual.r3)
        // ∂â = (2/B)(â − a), into ∂b_dec; the squared error.
        let scaleLane = Lane(repeating: scale)
        let g0 = scaleLane * r0, g1 = scaleLane * r1, g2 = scaleLane * r2, g3 = scaleLane * r3
        var squares = multiplyAdd(.zero, r0, r0)
        store(load(db_dec) + g0, db_dec)
        if vectors > 1 {
            squares = multiplyAdd(squares, r1, r1); store(load(db_dec + 4) + g1, db_dec + 4)
        }
        if vectors > 2 {
            squares = multiplyAdd(squares, r2, r2); store(load(db_dec + 8) + g2, db_dec + 8)
        }
        if vectors > 3 {
            squares = multiplyAdd(squares, r3, r3); store(load(db_dec + 12) + g3, db_dec + 12)
        }
        loss.error += squares.sum()
        // The decoder's gradients, then ∂z = ∂â·W_dec[j] + λ/B on the latents that fired.
        for k in 0..<count {
            let j = active[k], f = Lane(repeating: codes[j]), row = W_dec + j &* dPad
            let decoderRow = dW_dec + j &* dPad, encoderRow = dW_encT + j &* dPad
            store(multiplyAdd(load(decoderRow), f, g0), decoderRow)
            var dot = multiplyAdd(.zero, g0, load(row))
            if vectors > 1 {
                store(multiplyAdd(load(decoderRow + 4), f, g1), decoderRow + 4);
                dot = multiplyAdd(dot, g1, load(row + 4))
            }
            if vectors > 2 {
                store(multiplyAdd(load(decoderRow + 8), f, g2), decoderRow + 8);
                dot = multiplyAdd(dot, g2, load(row + 8))
            }
            if vectors > 3 {
                store(multiplyAdd(load(decoderRow + 12), f, g3), decoderRow + 12);
                dot = multiplyAdd(dot, g3, load(row + 12))
            }
            let dz = dot.sum() + l1Gradient
            db_enc[j] += dz
            let dzLane = Lane(repeating: dz)
            store(multiplyAdd(load(encoderRow), dzLane, x0), encoderRow)
            if vectors > 1 { store(multiplyAdd(load(encoderRow + 4), dzLane, x1), encoderRow + 4) }
            if vectors > 2 { store(multiplyAdd(load(encoderRow + 8), dzLane, x2), encoderRow + 8) }
            if vectors > 3 {
                store(multiplyAdd(load(encoderRow + 12), dzLane, x3), encoderRow + 12)
            }
            fired[j] = true
        }
    }
}
