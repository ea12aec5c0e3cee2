// TopK's firing latents in the fused step: a sample's `keep` largest positive codes, listed in
// latent order, ties going to the earlier latent (as Matrix.topK decides). For the small k of the
// curriculum (k ≤ 4) no branch depends on the codes: a sorting network of max and min keeps each
// SIMD lane's k largest codes, the k-th largest of those is the threshold, and the latents above
// it (and the first ones equal to it) are read off bit masks. A latent-by-latent list, which
// branches on every code that might enter it, took more time than the encoder before it (2.3× as
// long, in a profile of step 6's TopK training); it stays for larger k and for AuxK's choice.

extension FusedSAEStep {
    /// The largest k for which TopK lists through the sorting network.
    static let networkDepth = 4

    /// TopK's firing latents: the `keep` with the largest positive codes, in latent order; returns
    /// how many.
    // codes: [hPad] (padding zero)  ->  active: [count ≤ keep]
    @inline(__always)
    static func listLargest(_ keep: Int, of codes: UnsafePointer<Double>, hPad: Int,
                            into active: UnsafeMutablePointer<Int>) -> Int {
        guard keep <= networkDepth else {
            return listLargestScanning(keep, of: codes, hPad: hPad, into: active)
        }
        let threshold = largestCode(keep, of: codes, hPad: hPad)
        let blocks = (hPad &+ 63) / 64
        typealias Masks = (above: UInt64, equal: UInt64)
        return withUnsafeTemporaryAllocation(of: Masks.self, capacity: blocks) { masks in
            // ties at the threshold: the earliest fill up to k
            var tiesLeft = keep
            for block in 0..<blocks {
                let base = block &* 64
                masks[block] = Self.masks(codes, from: base, to: min(base &+ 64, hPad), threshold)
                tiesLeft &-= masks[block].above.nonzeroBitCount
            }
            // fewer than k positive codes: all of them
            if threshold <= 0 { tiesLeft = 0 }
            var count = 0
            for block in 0..<blocks {
                var chosen = 0 as UInt64, ties = masks[block].equal
                // the lowest set bits first
                while tiesLeft > 0 && ties != 0 {
                    chosen |= ties & (~ties &+ 1)
                    ties &= ties &- 1
                    tiesLeft &-= 1
                }
                var word = masks[block].above | chosen
                while word != 0 {
                    active[count] = block &* 64 &+ word.trailingZeroBitCount
                    count &+= 1
                    word &= word &- 1
                }
            }
            return count
        }
    }

    /// The `keep`-th largest code (≤ 4), or 0 when fewer than `keep` codes are positive. Each lane
    /// keeps its `keep` largest codes in registers, largest first: a code passes down them, the
    /// larger staying and the smaller going on (no branch on the data). Two such sets take
    /// alternate fours of codes, so that two chains of dependent operations interleave, and are
    /// merged the same way at the end. The k-th largest of all is the k-th largest of the 4·k kept.
    // codes: [hPad]  ->  scalar
    @inline(__always)
    static func largestCode(_ keep: Int, of codes: UnsafePointer<Double>, hPad: Int) -> Double {
        var (a0, a1, a2, a3) = (Lane.zero, Lane.zero, Lane.zero, Lane.zero)
        var (b0, b1, b2, b3) = (Lane.zero, Lane.zero, Lane.zero, Lane.zero)
        var j = 0
        while j < hPad {
            var v = load(codes + j), w = j &+ 4 < hPad ? load(codes + (j &+ 4)) : .zero
            var (x, y) = (smaller(a0, v), smaller(b0, w))
            (a0, b0) = (larger(a0, v), larger(b0, w))
            if keep > 1 {
                (v, w) = (x, y)
                (x, y) = (smaller(a1, v), smaller(b1, w))
                (a1, b1) = (larger(a1, v), larger(b1, w))
                if keep > 2 {
                    (v, w) = (x, y)
                    (x, y) = (smaller(a2, v), smaller(b2, w))
                    (a2, b2) = (larger(a2, v), larger(b2, w))
                    if keep > 3 { (a3, b3) = (larger(a3, x), larger(b3, y)) }
                }
            }
            j &+= 8
        }
        // the odd set's codes into the even set
        for level in 0..<keep {
            var v = level == 0 ? b0 : level == 1 ? b1 : level == 2 ? b2 : b3
            var x = smaller(a0, v)
            a0 = larger(a0, v)
            if keep > 1 { v = x; x = smaller(a1, v); a1 = larger(a1, v) }
            if keep > 2 { v = x; x = smaller(a2, v); a2 = larger(a2, v) }
            if keep > 3 { a3 = larger(a3, x) }
        }
        // the keep largest of the 4·k, largest first
        var (c0, c1, c2, c3) = (0.0, 0.0, 0.0, 0.0)
        for level in 0..<keep {
            let lanes = level == 0 ? a0 : level == 1 ? a1 : level == 2 ? a2 : a3
            for lane in 0..<4 {
                var value = lanes[lane]
                (c0, value) = (value > c0 ? value : c0, value > c0 ? c0 : value)
                if keep > 1 { (c1, value) = (value > c1 ? value : c1, value > c1 ? c1 : value) }
                if keep > 2 { (c2, value) = (value > c2 ? value : c2, value > c2 ? c2 : value) }
                if keep > 3 { c3 = value > c3 ? value : c3 }
            }
        }
        return keep == 1 ? c0 : keep == 2 ? c1 : keep == 3 ? c2 : c3
    }

    /// max(a, b) and min(a, b) lane by lane, as a compare and a select of bit patterns. (Swift's
    /// pointwiseMax goes lane by lane, and `replacing(with:where:)` between two Double vectors
    /// compiled to a branch per lane here; on bit patterns it is a compare and logical operations.)
    @inline(__always)
    static func larger(_ a: Lane, _ b: Lane) -> Lane { select(b, where: a .< b, else: a) }
    @inline(__always)
    static func smaller(_ a: Lane, _ b: Lane) -> Lane { select(b, where: b .< a, else: a) }

    @inline(__always)
    static func select(
        _ chosen: Lane, where mask: SIMDMask<SIMD4<Int64>>, else other: Lane
    ) -> Lane {
        typealias Bits = SIMD4<UInt64>
        let bits = Bits.zero.replacing(with: .max, where: mask)
        let (yes, no) = (unsafeBitCast(chosen, to: Bits.self), unsafeBitCast(other, to: Bits.self))
        let picked = (yes & bits) | (no & ~bits)
        return unsafeBitCast(picked, to: Lane.self)
    }

    /// Bit i of `above` is set when codes[base + i] > t, of `equal` when it equals t (i <
    /// end − base).
    // codes: [end] (end − base ≤ 64, a multiple of 4)  ->  two 64-bit masks
    @inline(__always)
    static func masks(_ codes: UnsafePointer<Double>, from base: Int, to end: Int,
                      _ t: Double) -> (above: UInt64, equal: UInt64) {
        var (above, equal) = (SIMD4<UInt64>.zero, SIMD4<UInt64>.zero),
            bits = SIMD4<UInt64>(1, 2, 4, 8)
        let threshold = Lane(repeating: t)
        var j = base
        while j < end {
            let v = load(codes + j)
            above |= SIMD4<UInt64>.zero.replacing(with: bits, where: v .> threshold)
            equal |= SIMD4<UInt64>.zero.replacing(with: bits, where: v .== threshold)
            bits &<<= 4
            j &+= 4
        }
        return (above[0] | above[1] | above[2] | above[3],
                equal[0] | equal[1] | equal[2] | equal[3])
    }

    /// `listLargest` for larger k: codes are read four at a time against the smallest code kept so
    /// far; once the list is full, most fours hold nothing larger and are passed over at once.
    // codes: [hPad] (padding zero)  ->  active: [count ≤ keep]
    @inline(never)
    static func listLargestScanning(_ keep: Int, of codes: UnsafePointer<Double>, hPad: Int,
                                    into active: UnsafeMutablePointer<Int>) -> Int {
        var list = KeptList(keep: keep)
        var j = 0
        while j < hPad {
            if any(load(codes + j) .> Lane(repeating: list.floor)) {
                for latent in j..<j &+ 4 {
                    list.consider(latent, codes[latent], in: active, codes: codes)
                }
            }
            j &+= 4
        }
        return list.inLatentOrder(active)
    }

    /// The `keep` latents with the largest positive codes among
    /// `latent(0) < latent(1) < … < latent(count − 1)`, listed in latent order (ties keep the
    /// earlier latent); returns how many.
    // codes: [h]  ->  active: [≤ keep]
    @inline(__always)
    static func listLargest(_ keep: Int, of codes: UnsafePointer<Double>, count candidates: Int,
                            latent: (Int) -> Int, into active: UnsafeMutablePointer<Int>) -> Int {
        var list = KeptList(keep: keep)
        for i in 0..<candidates {
            let j = latent(i)
            list.consider(j, codes[j], in: active, codes: codes)
        }
        return list.inLatentOrder(active)
    }

    /// A list of at most `keep` latents, best first, kept in `active`; `floor` is the code a latent
    /// must beat to enter (0 until the list is full, then the smallest code kept).
    struct KeptList {
        let keep: Int
        var count = 0
        var floor = 0.0

        init(keep: Int) { self.keep = keep }

        /// Adds latent `j` with code `value` if it beats the floor (a later latent that ties,
        /// loses).
        @inline(__always)
        mutating func consider(_ j: Int, _ value: Double, in active: UnsafeMutablePointer<Int>,
                               codes: UnsafePointer<Double>) {
            guard value > floor, keep > 0 else { return }
            if count < keep { count &+= 1 }
            // kept best first; a full list drops its last
            var slot = count &- 1
            while slot > 0 && codes[active[slot &- 1]] < value {
                active[slot] = active[slot &- 1]
                slot &-= 1
            }
            active[slot] = j
            if count == keep { floor = codes[active[keep &- 1]] }
        }

        /// Sorts the list back into latent order and returns its length.
        @inline(__always)
        func inLatentOrder(_ active: UnsafeMutablePointer<Int>) -> Int {
            for i in 1..<max(1, count) {
                let j = active[i]
                var slot = i
                while slot > 0 && active[slot &- 1] > j {
                    active[slot] = active[slot &- 1]
                    slot &-= 1
                }
                active[slot] = j
            }
            return count
        }
    }
}
