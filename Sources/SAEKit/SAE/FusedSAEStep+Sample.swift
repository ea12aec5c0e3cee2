// One sample's forward and backward pass for FusedSAEStep: the innermost loops of training a narrow
// SAE. Every vector is padded to whole SIMD4 lanes with zeros, so the loops have no tails. The
// encoder takes four samples at a time, so each weight it loads serves four samples.

extension FusedSAEStep {
    /// Samples the encoder takes per pass.
    static let samplesPerPass = 4

    /// The encoder for four samples: codes = ReLU(centred·W_enc + b_enc), eight latents of each
    /// sample per pass in registers.
    // centred: [4, dPad]  W_enc: [d, hPad]  b_enc: [hPad]
    //   ->  codes: the first `count` of 4 rows [hPad], `codeStride` apart
    @inline(__always)
    static func encode(
        four centred: UnsafePointer<Double>, count: Int, d: Int, dPad: Int, hPad: Int,
        W_enc: UnsafePointer<Double>,
        b_enc: UnsafePointer<Double>, codes: UnsafeMutablePointer<Double>, codeStride: Int
    ) {
        let (x0, x1, x2, x3) = (centred, centred + dPad, centred + 2 * dPad, centred + 3 * dPad)
        let (out1, out2, out3) = (
            codes + codeStride, codes + 2 * codeStride, codes + 3 * codeStride
        )
        var j = 0
        while j + 8 <= hPad {                           // 4 samples × 8 latents: eight accumulators
            let bias0 = load(b_enc + j), bias1 = load(b_enc + j + 4)
            var (z00, z01, z10, z11, z20, z21, z30, z31) = (
                bias0, bias1, bias0, bias1, bias0, bias1, bias0, bias1
            )
            var row = W_enc + j
            for c in 0..<d {
                let w0 = load(row), w1 = load(row + 4)
                row += hPad
                var x = Lane(repeating: x0[c]); z00 = multiplyAdd(z00, x, w0);
                z01 = multiplyAdd(z01, x, w1)
                x = Lane(repeating: x1[c]); z10 = multiplyAdd(z10, x, w0);
                z11 = multiplyAdd(z11, x, w1)
                x = Lane(repeating: x2[c]); z20 = multiplyAdd(z20, x, w0);
                z21 = multiplyAdd(z21, x, w1)
                x = Lane(repeating: x3[c]); z30 = multiplyAdd(z30, x, w0);
                z31 = multiplyAdd(z31, x, w1)
            }
            store(relu(z00), codes + j); store(relu(z01), codes + j + 4)
            if count > 1 { store(relu(z10), out1 + j); store(relu(z11), out1 + j + 4) }
            if count > 2 { store(relu(z20), out2 + j); store(relu(z21), out2 + j + 4) }
            if count > 3 { store(relu(z30), out3 + j); store(relu(z31), out3 + j + 4) }
            j += 8
        }
        if j < hPad {                                                      // the last four latents
            var (z0, z1, z2, z3) = (
                load(b_enc + j), load(b_enc + j), load(b_enc + j), load(b_enc + j)
            )
            for c in 0..<d {
                let w = load(W_enc + c * hPad + j)
                z0 = multiplyAdd(z0, Lane(repeating: x0[c]), w);
                z1 = multiplyAdd(z1, Lane(repeating: x1[c]), w)
                z2 = multiplyAdd(z2, Lane(repeating: x2[c]), w);
                z3 = multiplyAdd(z3, Lane(repeating: x3[c]), w)
            }
            store(relu(z0), codes + j)
            if count > 1 { store(relu(z1), out1 + j) }
            if count > 2 { store(relu(z2), out2 + j) }
            if count > 3 { store(relu(z3), out3 + j) }
        }
    }

    /// centred = a − b_dec for up to four samples; missing samples repeat the last (their codes are
    /// not kept).
    // data: [N, d]  rows: [count]  ->  centred: [4, dPad] (padding entries stay zero)
    @inline(__always)
    static func centre(
        _ data: UnsafePointer<Double>, rows: UnsafePointer<Int>, count: Int, d: Int, dPad: Int,
        b_dec: UnsafePointer<Double>, into centred: UnsafeMutablePointer<Double>
    ) {
        for s in 0..<samplesPerPass {
            let a = data + rows[min(s, count - 1)] * d, out = centred + s * dPad
            var c = 0
            // whole vectors inside the row
            while c + 4 <= d { store(load(a + c) - load(b_dec + c), out + c); c += 4 }
            while c < d { out[c] = a[c] - b_dec[c]; c += 1 }
        }
    }

    /// Groups of samples ahead whose rows are prefetched: the batch's rows are scattered over the
    /// dataset (megabytes), so each would otherwise wait for memory when its group starts.
    static let prefetchGroups = 2

    /// Asks the CPU to start loading the rows `rows[0..<count]` of `data` into cache.
    // data: [N, d]  rows: [count]
    @inline(__always)
    static func prefetch(
        _ data: UnsafePointer<Double>, rows: UnsafePointer<Int>, count: Int, d: Int
    ) {
        for s in 0..<count {
            let row = UnsafeRawPointer(data + rows[s] * d)
            var offset = 0
            // every cache line the row touches
            while offset < d * 8 { prefetchForReading(row + offset); offset += 64 }
            prefetchForReading(row + (d * 8 - 1))
        }
    }

    /// ReLU's firing latents, in latent order: those with a positive code, found 64 at a time as
    /// the set bits of a mask (no branch per latent). `found` sees each as it is listed.
    // codes: [hPad]  ->  active: [count]
    @inline(__always)
    static func listPositive(
        _ codes: UnsafePointer<Double>, hPad: Int, into active: UnsafeMutablePointer<Int>,
        each found: (Int) -> Void = { _ in }
    ) -> Int {
        var count = 0, base = 0
        while base < hPad {                                  // padding codes are zero: never listed
            let end = min(base + 64, hPad)
            var (low, high, bits) = (
                SIMD4<UInt64>.zero, SIMD4<UInt64>.zero, SIMD4<UInt64>(1, 2, 4, 8)
            )
            var j = base
            while j + 8 <= end {                              // bit j − base set where codes[j] > 0
                low |= SIMD4<UInt64>.zero.replacing(with: bits, where: load(codes + j) .> 0)
                high |= SIMD4<UInt64>.zero.replacing(
                    with: bits &<< 4, where: load(codes + j + 4) .> 0)
                bits &<<= 8
                j += 8
            }
            if j < end {
                low |= SIMD4<UInt64>.zero.replacing(with: bits, where: load(codes + j) .> 0)
            }
            let lanes = low | high
            var word = lanes[0] | lanes[1] | lanes[2] | lanes[3]
            while word != 0 {
                active[count] = base + word.trailingZeroBitCount
                found(active[count])
                count &+= 1
                word &= word &- 1
            }
            base += 64
        }
        return count
    }

    /// The decoder and every gradient for one sample whose firing latents are `active[0..<count]`;
    /// adds their codes to the L1 loss.
    // centred: [dPad]  codes: [hPad]  active: [count]  dHat: scratch [dPad]
    //   ->  partial sums, fired, loss
    @inline(__always)
    static func backward(
        centred: UnsafePointer<Double>, dHat: UnsafeMutablePointer<Double>, dPad: Int, h: Int,
        W_dec: UnsafePointer<Double>, scale: Double, l1Gradient: Double,
        codes: UnsafePointer<Double>,
        active: UnsafePointer<Int>, count: Int, into partial: UnsafeMutablePointer<Double>,
        fired: UnsafeMutablePointer<Bool>, loss: inout (error: Double, l1: Double, active: Int)
    ) {
        if dPad <= 16 {
            backwardInRegisters(
                centred: centred, dPad: dPad, h: h, W_dec: W_dec, scale: scale,
                l1Gradient: l1Gradient, codes: codes,
                active: active, count: count, into: partial, fired: fired, loss: &loss)
        } else {
            backwardThroughMemory(
                centred: centred, dHat: dHat, dPad: dPad, h: h, W_dec: W_dec, scale: scale,
                l1Gradient: l1Gradient,
                codes: codes, active: active, count: count, into: partial, fired: fired, loss: &loss
            )
        }
    }

    /// `backward` for d > 16: the residual and ∂â go through `dHat`, a vector at a time.
    // centred: [dPad]  codes: [hPad]  active: [count]  dHat: scratch [dPad]
    //   ->  partial sums, fired, loss
    @inline(never)
    static func backwardThroughMemory(
        centred: UnsafePointer<Double>, dHat: UnsafeMutablePointer<Double>, dPad: Int, h: Int,
        W_dec: UnsafePointer<Double>, scale: Double, l1Gradient: Double,
        codes: UnsafePointer<Double>,
        active: UnsafePointer<Int>, count: Int, into partial: UnsafeMutablePointer<Double>,
        fired: UnsafeMutablePointer<Bool>, loss: inout (error: Double, l1: Double, active: Int)
    ) {
        let dW_encT = partial, dW_dec = partial + h * dPad, db_enc = partial + 2 * h * dPad,
            db_dec = db_enc + h
        loss.active &+= count
        // Residual â − a = Σ f_j·W_dec[j] − (a − b_dec), then ∂â = (2/B)(â − a).
        var c = 0
        while c < dPad { store(Lane.zero - load(centred + c), dHat + c); c &+= 4 }
        for k in 0..<count {
            let j = active[k], f = Lane(repeating: codes[j]), row = W_dec + j &* dPad
            loss.l1 += codes[j]                     // latent order: the same sum as over every code
            c = 0
            while c < dPad {
                store(multiplyAdd(load(dHat + c), f, load(row + c)), dHat + c); c &+= 4
            }
        }
        var squares = Lane.zero
        c = 0
        while c < dPad {
            let residual = load(dHat + c), gradient = Lane(repeating: scale) * residual
            squares = multiplyAdd(squares, residual, residual)
            store(gradient, dHat + c)
            store(load(db_dec + c) + gradient, db_dec + c)
            c &+= 4
        }
        loss.error += squares.sum()
        // The decoder's gradients, then ∂z = ∂â·W_dec[j] + λ/B on the latents that fired.
        for k in 0..<count {
            let j = active[k], f = Lane(repeating: codes[j]), row = W_dec + j &* dPad
            var dot = Lane.zero
            c = 0
            while c < dPad {
                let g = load(dHat + c)
                store(multiplyAdd(load(dW_dec + (j &* dPad &+ c)), f, g), dW_dec + (j &* dPad &+ c))
                dot = multiplyAdd(dot, g, load(row + c))
                c &+= 4
            }
            let dz = dot.sum() + l1Gradient
            db_enc[j] += dz
            let dzLane = Lane(repeating: dz)
            c = 0
            while c < dPad {
                store(
                    multiplyAdd(load(dW_encT + (j &* dPad &+ c)), dzLane, load(centred + c)),
                    dW_encT + (j &* dPad &+ c));
                c &+= 4
            }
            fired[j] = true
        }
    }

    @inline(__always) static func load(_ p: UnsafePointer<Double>) -> Lane {
        UnsafeRawPointer(p).loadUnaligned(as: Lane.self)
    }
    @inline(__always) static func load(_ p: UnsafeMutablePointer<Double>) -> Lane {
        UnsafeRawPointer(p).loadUnaligned(as: Lane.self)
    }
    @inline(__always) static func store(_ v: Lane, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lane.self)
    }
    /// max(z, 0) lane by lane, written so that it inlines (a NaN stays NaN, for the divergence
    /// check).
    @inline(__always) static func relu(_ z: Lane) -> Lane { z.replacing(with: 0, where: z .< 0) }
    @inline(__always) static func multiplyAdd(_ acc: Lane, _ x: Lane, _ y: Lane) -> Lane {
        BlockedProduct.multiplyAdd(acc, x, y)
    }
}

/// A hint that `address` is about to be read: LLVM's prefetch intrinsic (`prefetcht0` on x86-64,
/// `prfm pldl1keep` on ARM64), which Swift has no public spelling for. It never faults and changes
/// no result.
@_silgen_name("llvm.prefetch.p0")
func llvmPrefetch(
    _ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ dataCache: Int32)

@inline(__always) func prefetchForReading(_ address: UnsafeRawPointer) {
    llvmPrefetch(address, 0, 3, 1)
}
