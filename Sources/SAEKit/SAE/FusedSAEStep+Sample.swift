// One sample's forward and backward pass for FusedSAEStep: the innermost loops of training a narrow
// SAE. Every vector is padded to whole SIMD4 lanes with zeros, so the loops have no tails. The
// encoder takes four samples at a time, so each weight it loads serves four samples.

extension FusedSAEStep {
    /// Samples the encoder takes per pass.
    static let samplesPerPass = 4

    /// The encoder for four samples: codes = ReLU(centred·W_enc + b_enc), eight latents of each sample per pass in registers.
    // centred: [4, dPad]  W_enc: [d, hPad]  b_enc: [hPad]  ->  codes: the first `count` of 4 rows [hPad], `codeStride` apart
    @inline(__always)
    static func encode(four centred: UnsafePointer<Double>, count: Int, d: Int, dPad: Int, hPad: Int, W_enc: UnsafePointer<Double>,
                       b_enc: UnsafePointer<Double>, codes: UnsafeMutablePointer<Double>, codeStride: Int) {
        let (x0, x1, x2, x3) = (centred, centred + dPad, centred + 2 * dPad, centred + 3 * dPad)
        let (out1, out2, out3) = (codes + codeStride, codes + 2 * codeStride, codes + 3 * codeStride)
        var j = 0
        while j + 8 <= hPad {                                              // 4 samples × 8 latents: eight accumulators
            let bias0 = load(b_enc + j), bias1 = load(b_enc + j + 4)
            var (z00, z01, z10, z11, z20, z21, z30, z31) = (bias0, bias1, bias0, bias1, bias0, bias1, bias0, bias1)
            var row = W_enc + j
            for c in 0..<d {
                let w0 = load(row), w1 = load(row + 4)
                row += hPad
                var x = Lane(repeating: x0[c]); z00 = multiplyAdd(z00, x, w0); z01 = multiplyAdd(z01, x, w1)
                x = Lane(repeating: x1[c]); z10 = multiplyAdd(z10, x, w0); z11 = multiplyAdd(z11, x, w1)
                x = Lane(repeating: x2[c]); z20 = multiplyAdd(z20, x, w0); z21 = multiplyAdd(z21, x, w1)
                x = Lane(repeating: x3[c]); z30 = multiplyAdd(z30, x, w0); z31 = multiplyAdd(z31, x, w1)
            }
            store(relu(z00), codes + j); store(relu(z01), codes + j + 4)
            if count > 1 { store(relu(z10), out1 + j); store(relu(z11), out1 + j + 4) }
            if count > 2 { store(relu(z20), out2 + j); store(relu(z21), out2 + j + 4) }
            if count > 3 { store(relu(z30), out3 + j); store(relu(z31), out3 + j + 4) }
            j += 8
        }
        if j < hPad {                                                      // the last four latents
            var (z0, z1, z2, z3) = (load(b_enc + j), load(b_enc + j), load(b_enc + j), load(b_enc + j))
            for c in 0..<d {
                let w = load(W_enc + c * hPad + j)
                z0 = multiplyAdd(z0, Lane(repeating: x0[c]), w); z1 = multiplyAdd(z1, Lane(repeating: x1[c]), w)
                z2 = multiplyAdd(z2, Lane(repeating: x2[c]), w); z3 = multiplyAdd(z3, Lane(repeating: x3[c]), w)
            }
            store(relu(z0), codes + j)
            if count > 1 { store(relu(z1), out1 + j) }
            if count > 2 { store(relu(z2), out2 + j) }
            if count > 3 { store(relu(z3), out3 + j) }
        }
    }

    /// centred = a − b_dec for up to four samples; missing samples repeat the last (their codes are not kept).
    // data: [N, d]  rows: [count]  ->  centred: [4, dPad] (padding entries stay zero)
    @inline(__always)
    static func centre(_ data: UnsafePointer<Double>, rows: UnsafePointer<Int>, count: Int, d: Int, dPad: Int,
                       b_dec: UnsafePointer<Double>, into centred: UnsafeMutablePointer<Double>) {
        for s in 0..<samplesPerPass {
            let a = data + rows[min(s, count - 1)] * d
            for c in 0..<d { centred[s * dPad + c] = a[c] - b_dec[c] }
        }
    }

    /// The latents that fire: for ReLU every positive code, listed without a branch; for TopK the
    /// `keep` largest positive ones (ties keep the earlier latent, as Matrix.topK does). Adds their codes to `l1`.
    // codes: [hPad]  ->  active: [count] (room for hPad)
    @inline(__always)
    static func listFiring(_ codes: UnsafeMutablePointer<Double>, keep: Int, h: Int, hPad: Int, into active: UnsafeMutablePointer<Int>,
                           l1: inout Double) -> Int {
        guard keep == 0 else {
            let count = listLargest(keep, of: codes, h: h, into: active)
            for k in 0..<count { l1 += codes[active[k]] }
            return count
        }
        var count = 0, sum = Lane.zero
        var j = 0
        while j < hPad {                                                   // padding codes are zero: never listed
            let v = load(codes + j)
            sum += v
            active[count] = j; count &+= v[0] > 0 ? 1 : 0
            active[count] = j + 1; count &+= v[1] > 0 ? 1 : 0
            active[count] = j + 2; count &+= v[2] > 0 ? 1 : 0
            active[count] = j + 3; count &+= v[3] > 0 ? 1 : 0
            j += 4
        }
        l1 += sum.sum()
        return count
    }

    /// The decoder and every gradient for one sample whose firing latents are `active[0..<count]`.
    // centred: [dPad]  codes: [hPad]  active: [count]  dHat: scratch [dPad]  ->  partial sums, fired, loss
    @inline(__always)
    static func backward(centred: UnsafePointer<Double>, dHat: UnsafeMutablePointer<Double>, dPad: Int, h: Int,
                         W_dec: UnsafePointer<Double>, scale: Double, l1Gradient: Double, codes: UnsafePointer<Double>,
                         active: UnsafePointer<Int>, count: Int, into partial: UnsafeMutablePointer<Double>,
                         fired: UnsafeMutablePointer<Bool>, loss: inout (error: Double, l1: Double, active: Int)) {
        let dW_encT = partial, dW_dec = partial + h * dPad, db_enc = partial + 2 * h * dPad, db_dec = db_enc + h
        loss.active &+= count
        // Residual â − a = Σ f_j·W_dec[j] − (a − b_dec), then ∂â = (2/B)(â − a).
        var c = 0
        if dPad <= 16 {                                                    // up to four vectors: kept in registers
            let vectors = dPad / 4
            var r0 = Lane.zero - load(centred), r1 = Lane.zero, r2 = Lane.zero, r3 = Lane.zero
            if vectors > 1 { r1 = Lane.zero - load(centred + 4) }
            if vectors > 2 { r2 = Lane.zero - load(centred + 8) }
            if vectors > 3 { r3 = Lane.zero - load(centred + 12) }
            for k in 0..<count {
                let j = active[k], f = Lane(repeating: codes[j]), row = W_dec + j * dPad
                r0 = multiplyAdd(r0, f, load(row))
                if vectors > 1 { r1 = multiplyAdd(r1, f, load(row + 4)) }
                if vectors > 2 { r2 = multiplyAdd(r2, f, load(row + 8)) }
                if vectors > 3 { r3 = multiplyAdd(r3, f, load(row + 12)) }
            }
            store(r0, dHat)
            if vectors > 1 { store(r1, dHat + 4) }
            if vectors > 2 { store(r2, dHat + 8) }
            if vectors > 3 { store(r3, dHat + 12) }
        } else {
            while c < dPad { store(Lane.zero - load(centred + c), dHat + c); c += 4 }
            for k in 0..<count {
                let j = active[k], f = Lane(repeating: codes[j]), row = W_dec + j * dPad
                c = 0
                while c < dPad { store(multiplyAdd(load(dHat + c), f, load(row + c)), dHat + c); c += 4 }
            }
        }
        var squares = Lane.zero
        c = 0
        while c < dPad {
            let residual = load(dHat + c), gradient = Lane(repeating: scale) * residual
            squares = multiplyAdd(squares, residual, residual)
            store(gradient, dHat + c)
            store(load(db_dec + c) + gradient, db_dec + c)
            c += 4
        }
        loss.error += squares.sum()
        // The decoder's gradients, then ∂z = ∂â·W_dec[j] + λ/B on the latents that fired.
        for k in 0..<count {
            let j = active[k], f = Lane(repeating: codes[j]), row = W_dec + j * dPad
            var dot = Lane.zero
            c = 0
            while c < dPad {
                let g = load(dHat + c)
                store(multiplyAdd(load(dW_dec + j * dPad + c), f, g), dW_dec + j * dPad + c)
                dot = multiplyAdd(dot, g, load(row + c))
                c += 4
            }
            let dz = dot.sum() + l1Gradient
            db_enc[j] += dz
            let dzLane = Lane(repeating: dz)
            c = 0
            while c < dPad { store(multiplyAdd(load(dW_encT + j * dPad + c), dzLane, load(centred + c)), dW_encT + j * dPad + c); c += 4 }
            fired[j] = true
        }
    }

    /// The `keep` latents with the largest positive codes, listed in latent order; returns how many.
    // codes: [h]  ->  active: [count ≤ keep]
    @inline(__always)
    static func listLargest(_ keep: Int, of codes: UnsafeMutablePointer<Double>, h: Int, into active: UnsafeMutablePointer<Int>) -> Int {
        var count = 0
        for j in 0..<h {
            let value = codes[j]
            guard value > 0, count < keep || value > codes[active[count - 1]] else { continue }
            if count < keep { count += 1 }
            var slot = count - 1                                          // kept best first; a full list drops its last
            while slot > 0 && codes[active[slot - 1]] < value { active[slot] = active[slot - 1]; slot -= 1 }
            active[slot] = j
        }
        for i in 1..<max(1, count) {                                      // back to latent order
            let j = active[i]
            var slot = i
            while slot > 0 && active[slot - 1] > j { active[slot] = active[slot - 1]; slot -= 1 }
            active[slot] = j
        }
        return count
    }

    @inline(__always) static func load(_ p: UnsafePointer<Double>) -> Lane { UnsafeRawPointer(p).loadUnaligned(as: Lane.self) }
    @inline(__always) static func load(_ p: UnsafeMutablePointer<Double>) -> Lane { UnsafeRawPointer(p).loadUnaligned(as: Lane.self) }
    @inline(__always) static func store(_ v: Lane, _ p: UnsafeMutablePointer<Double>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lane.self) }
    /// max(z, 0) lane by lane, written so that it inlines (a NaN stays NaN, for the divergence check).
    @inline(__always) static func relu(_ z: Lane) -> Lane { z.replacing(with: 0, where: z .< 0) }
    @inline(__always) static func multiplyAdd(_ acc: Lane, _ x: Lane, _ y: Lane) -> Lane { BlockedProduct.multiplyAdd(acc, x, y) }
}
