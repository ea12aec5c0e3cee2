// One sample's forward and backward pass for FusedSAEStep: the innermost loop of training a narrow
// SAE. Every vector is padded to whole SIMD4 lanes with zeros, so the loops have no tails.

extension FusedSAEStep {
    /// One sample's forward and backward, added into a chunk's partial sums.
    // sample: [d]  W_enc: [d, hPad]  W_dec: [h, dPad]  ->  partial: ∂W_encᵀ [h, dPad], ∂W_dec [h, dPad], ∂b_enc [h], ∂b_dec [dPad]
    // scratch: centred [dPad], ∂â [dPad], codes [hPad] (padding entries are zero and stay zero)  active: [h]
    @inline(__always)
    static func accumulate(sample a: UnsafePointer<Double>, d: Int, dPad: Int, h: Int, hPad: Int, keep: Int,
                           W_enc: UnsafePointer<Double>, b_enc: UnsafePointer<Double>,
                           W_dec: UnsafePointer<Double>, b_dec: UnsafePointer<Double>, scale: Double, l1Gradient: Double,
                           into partial: UnsafeMutablePointer<Double>, fired: UnsafeMutablePointer<Bool>,
                           scratch: UnsafeMutablePointer<Double>, active: UnsafeMutablePointer<Int>,
                           loss: inout (error: Double, l1: Double, active: Int)) {
        let centred = scratch, codes = scratch + 2 * dPad
        encode(sample: a, d: d, hPad: hPad, W_enc: W_enc, b_enc: b_enc, b_dec: b_dec, centred: centred, codes: codes)
        // The latents that fire: for ReLU every positive code, listed without a branch; for TopK the
        // `keep` largest positive ones (ties keep the earlier latent, as Matrix.topK does).
        var count = 0
        if keep == 0 {
            for j in 0..<h {
                active[count] = j
                count &+= codes[j] > 0 ? 1 : 0
                loss.l1 += codes[j]
            }
        } else {
            count = listLargest(keep, of: codes, h: h, into: active)
            for k in 0..<count { loss.l1 += codes[active[k]] }
        }
        loss.active &+= count
        backward(sample: a, d: d, dPad: dPad, h: h, W_dec: W_dec, scale: scale, l1Gradient: l1Gradient, codes: codes,
                 active: active, count: count, into: partial, fired: fired, scratch: scratch, loss: &loss)
    }

    /// The encoder: centred = a − b_dec and codes = ReLU(centred·W_enc + b_enc), sixteen latents per pass in registers.
    // sample: [d]  W_enc: [d, hPad]  ->  centred: [dPad]  codes: [hPad]
    @inline(__always)
    static func encode(sample a: UnsafePointer<Double>, d: Int, hPad: Int, W_enc: UnsafePointer<Double>, b_enc: UnsafePointer<Double>,
                       b_dec: UnsafePointer<Double>, centred: UnsafeMutablePointer<Double>, codes: UnsafeMutablePointer<Double>) {
        for c in 0..<d { centred[c] = a[c] - b_dec[c] }
        var j = 0
        while j + 16 <= hPad {
            var z0 = load(b_enc + j), z1 = load(b_enc + j + 4), z2 = load(b_enc + j + 8), z3 = load(b_enc + j + 12)
            for c in 0..<d {
                let x = Lane(repeating: centred[c]), row = W_enc + c * hPad + j
                z0 = multiplyAdd(z0, x, load(row)); z1 = multiplyAdd(z1, x, load(row + 4))
                z2 = multiplyAdd(z2, x, load(row + 8)); z3 = multiplyAdd(z3, x, load(row + 12))
            }
            z0 = pointwiseMax(z0, .zero); z1 = pointwiseMax(z1, .zero); z2 = pointwiseMax(z2, .zero); z3 = pointwiseMax(z3, .zero)
            store(z0, codes + j); store(z1, codes + j + 4); store(z2, codes + j + 8); store(z3, codes + j + 12)
            j += 16
        }
        while j < hPad {
            var z = load(b_enc + j)
            for c in 0..<d { z = multiplyAdd(z, Lane(repeating: centred[c]), load(W_enc + c * hPad + j)) }
            z = pointwiseMax(z, .zero)
            store(z, codes + j)
            j += 4
        }
    }

    /// The decoder and every gradient for one sample whose firing latents are `active[0..<count]`.
    // codes: [hPad]  active: [count]  scratch: centred [dPad] (filled), ∂â [dPad]  ->  partial sums, fired, loss
    @inline(__always)
    static func backward(sample a: UnsafePointer<Double>, d: Int, dPad: Int, h: Int, W_dec: UnsafePointer<Double>, scale: Double,
                         l1Gradient: Double, codes: UnsafePointer<Double>, active: UnsafePointer<Int>, count: Int,
                         into partial: UnsafeMutablePointer<Double>, fired: UnsafeMutablePointer<Bool>,
                         scratch: UnsafeMutablePointer<Double>, loss: inout (error: Double, l1: Double, active: Int)) {
        let dW_encT = partial, dW_dec = partial + h * dPad, db_enc = partial + 2 * h * dPad, db_dec = db_enc + h
        let centred = scratch, dHat = scratch + dPad
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
    @inline(__always) static func multiplyAdd(_ acc: Lane, _ x: Lane, _ y: Lane) -> Lane { BlockedProduct.multiplyAdd(acc, x, y) }
}
