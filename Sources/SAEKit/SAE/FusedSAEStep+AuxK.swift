// AuxK in the fused step (AuxK.swift has the matrix form and the maths). After a sample's main
// pass, the dead latents with the k_aux largest positive codes try to reconstruct what the main
// latents missed, e = a − â; the squared miss ‖ê − e‖² is the sample's auxiliary loss, and its
// gradient, times α, goes to those latents' encoder columns, biases and decoder rows only.
// Before it was fused, a TopK step with dead latents gathered the batch and ran the matrix form
// after the fused step, which made TopK training 14 times as slow as L1's (Benchmarks/README.md).

/// AuxK's settings for one fused step: which latents are dead, how many of them model the residual
/// per sample (k_aux), and the auxiliary loss's coefficient α.
public struct FusedAuxK: Sendable {
    public var dead: [Bool]
    public var k: Int
    public var coefficient: Double

    public init(dead: [Bool], k: Int, coefficient: Double) {
        self.dead = dead
        self.k = k
        self.coefficient = coefficient
    }
}

extension FusedSAEStep {
    /// One sample's AuxK. The main residual â − a is rebuilt from the main pass's firing latents
    /// (the same operations in the same order); the `kAux` dead latents with the largest positive
    /// codes are added to it, giving ê − e. With g = `gradientScale`·(ê − e) = α(2/B)(ê − e), each
    /// chosen latent j gets f_j·g added to its ∂W_dec row, ∂z = g·W_dec[j] to `auxBias` (kept
    /// apart: AuxK gives b_dec no gradient, so these stay out of b_dec's encoder term), and
    /// ∂z·(a − b_dec) to its ∂W_encᵀ row. Returns the sample's ‖ê − e‖².
    // centred: [dPad]  codes: [hPad]  active: [count]  dead: [deadCount]
    // miss: scratch [dPad]  chosen: scratch [kAux]
    //   ->  partial ∂W_encᵀ and ∂W_dec rows of the chosen latents, auxBias [h]
    @inline(__always)
    static func auxiliary(centred: UnsafePointer<Double>, codes: UnsafePointer<Double>,
                          active: UnsafePointer<Int>, count: Int,
                          dead: UnsafePointer<Int>, deadCount: Int, kAux: Int,
                          dPad: Int, h: Int, W_dec: UnsafePointer<Double>, gradientScale: Double,
                          miss: UnsafeMutablePointer<Double>, chosen: UnsafeMutablePointer<Int>,
                          into partial: UnsafeMutablePointer<Double>,
                          auxBias: UnsafeMutablePointer<Double>) -> Double {
        let dW_encT = partial, dW_dec = partial + h &* dPad
        /// miss += f · row, a vector at a time.
        func add(_ f: Double, times row: UnsafePointer<Double>) {
            let f = Lane(repeating: f)
            var c = 0
            while c < dPad {
                store(multiplyAdd(load(miss + c), f, load(row + c)), miss + c)
                c &+= 4
            }
        }
        var c = 0
        while c < dPad { store(Lane.zero - load(centred + c), miss + c); c &+= 4 }   // −(a − b_dec)
        for k in 0..<count { add(codes[active[k]], times: W_dec + active[k] &* dPad) }   // â − a
        let chosenCount = listLargest(kAux, of: codes, count: deadCount, latent: { dead[$0] },
                                      into: chosen)
        // ê − e
        for k in 0..<chosenCount { add(codes[chosen[k]], times: W_dec + chosen[k] &* dPad) }
        var squares = Lane.zero
        c = 0
        while c < dPad {
            let value = load(miss + c)
            squares = multiplyAdd(squares, value, value)
            store(Lane(repeating: gradientScale) * value, miss + c)                  // now g
            c &+= 4
        }
        for k in 0..<chosenCount {
            let j = chosen[k], f = Lane(repeating: codes[j]), row = W_dec + j &* dPad
            let decoderRow = dW_dec + j &* dPad, encoderRow = dW_encT + j &* dPad
            var dot = Lane.zero
            c = 0
            while c < dPad {
                let g = load(miss + c)
                store(multiplyAdd(load(decoderRow + c), f, g), decoderRow + c)
                dot = multiplyAdd(dot, g, load(row + c))
                c &+= 4
            }
            let dz = dot.sum()
            auxBias[j] += dz
            let dzLane = Lane(repeating: dz)
            c = 0
            while c < dPad {
                store(multiplyAdd(load(encoderRow + c), dzLane, load(centred + c)), encoderRow + c)
                c &+= 4
            }
        }
        return squares.sum()
    }

    /// The dead latents, in latent order, into `list`; returns how many.
    // dead: [h]  ->  list: [count]
    static func listDead(_ dead: [Bool], into list: UnsafeMutablePointer<Int>) -> Int {
        var count = 0
        for (j, isDead) in dead.enumerated() {
            list[count] = j
            count &+= isDead ? 1 : 0
        }
        return count
    }
}
