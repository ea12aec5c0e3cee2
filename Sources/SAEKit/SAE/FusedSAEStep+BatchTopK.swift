// BatchTopK in the fused step: every sample is encoded first (pass 1), the batch's `count` largest
// codes set a threshold, and then each sample keeps its codes above it (pass 2), exactly as
// Matrix.batchTopK chooses: ties at the threshold go to the earliest entries, row-major.

extension FusedSAEStep {
    /// Gathers the positive codes of rows `start..<end` into `into` (each code is written, the
    /// positive ones kept: no branch per code); returns how many. Each chunk gathers its own rows
    /// in pass 1.
    // codes: [B, hPad]  ->  into: [≤ (end − start)·h]
    @inline(__always)
    static func gatherPositive(
        _ codes: UnsafePointer<Double>, rows start: Int, _ end: Int, h: Int, hPad: Int,
        into positives: UnsafeMutablePointer<Double>
    ) -> Int {
        var count = 0
        for r in start..<end {
            let row = codes + r &* hPad
            for j in 0..<h {
                positives[count] = row[j]
                count &+= row[j] > 0 ? 1 : 0
            }
        }
        return count
    }

    /// The threshold that keeps the batch's `count` largest positive codes, and how many codes
    /// equal to it each row keeps (`ties`, in row order). Nothing is kept when the threshold is +∞.
    /// Chunk c gathered its positive codes at `positives[start_c · h]` (`gathered[c]` of them);
    /// they are moved together first. Codes above and equal to the threshold are counted four at a
    /// time.
    // codes: [B, hPad]  positives: [B·h]  gathered: [chunks]  ->  threshold, ties: [B]
    static func batchThreshold(
        codes: UnsafePointer<Double>, batch: Int, h: Int, hPad: Int, count: Int,
        positives: UnsafeMutableBufferPointer<Double>, gathered: UnsafePointer<Int>,
        ties: UnsafeMutablePointer<Int>
    ) -> Double {
        var positiveCount = 0
        // forwards: a region never moves up
        for chunk in 0..<chunks {
            let from = positives.baseAddress! + chunk * batch / chunks * h
            for i in 0..<gathered[chunk] { positives[positiveCount &+ i] = from[i] }
            positiveCount &+= gathered[chunk]
        }
        ties.initialize(repeating: 0, count: batch)
        guard count > 0, positiveCount > 0 else { return .infinity }
        guard positiveCount > count else { return 0 }                 // every positive code is kept
        let threshold = kthLargest(
            UnsafeMutableBufferPointer(rebasing: positives[0..<positiveCount]), count)
        var above = 0
        for r in 0..<batch {
            for base in Swift.stride(from: 0, to: hPad, by: 64) {
                above &+=
                    masks(codes + r &* hPad, from: base, to: min(base &+ 64, hPad), threshold).above
                    .nonzeroBitCount
            }
        }
        // the earliest codes equal to it
        var tiesLeft = count - above
        for r in 0..<batch where tiesLeft > 0 {
            for base in Swift.stride(from: 0, to: hPad, by: 64) where tiesLeft > 0 {
                let equal = masks(
                    codes + r &* hPad, from: base, to: min(base &+ 64, hPad), threshold
                ).equal.nonzeroBitCount
                ties[r] += min(equal, tiesLeft)
                tiesLeft -= min(equal, tiesLeft)
            }
        }
        return threshold
    }

    /// Pass 2 for one sample: the codes above the threshold (and its first `ties` equal to it)
    /// fire. Returns how many, listed in `active`.
    // centred: [dPad]  codes: [hPad]  dHat: scratch [dPad]
    //   ->  active: [count], partial sums, fired, loss (as `backward`)
    @inline(__always) @discardableResult
    static func accumulateKept(
        centred: UnsafePointer<Double>, dHat: UnsafeMutablePointer<Double>,
        codes: UnsafePointer<Double>,
        threshold: Double, ties: Int, dPad: Int, h: Int, W_dec: UnsafePointer<Double>,
        scale: Double, l1Gradient: Double, into partial: UnsafeMutablePointer<Double>,
        fired: UnsafeMutablePointer<Bool>, active: UnsafeMutablePointer<Int>,
        loss: inout (error: Double, l1: Double, active: Int)
    ) -> Int {
        var count = 0, tiesLeft = ties
        if ties == 0 {                                         // the usual case: no branch per code
            // the set bits of a mask (padding codes are 0)
            for base in Swift.stride(from: 0, to: h, by: 64) {
                var word = masks(
                    codes, from: base, to: min(base &+ 64, (h &+ 3) / 4 &* 4), threshold
                ).above
                while word != 0 {
                    active[count] = base &+ word.trailingZeroBitCount
                    count &+= 1
                    word &= word &- 1
                }
            }
        } else {
            for j in 0..<h where codes[j] > 0 {
                if codes[j] > threshold || (codes[j] == threshold && tiesLeft > 0) {
                    if codes[j] == threshold { tiesLeft -= 1 }
                    active[count] = j
                    count += 1
                }
            }
        }
        backward(
            centred: centred, dHat: dHat, dPad: dPad, h: h, W_dec: W_dec, scale: scale,
            l1Gradient: l1Gradient, codes: codes,
            active: active, count: count, into: partial, fired: fired, loss: &loss)
        return count
    }
}
