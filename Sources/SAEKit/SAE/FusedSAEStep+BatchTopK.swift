// BatchTopK in the fused step: every sample is encoded first (pass 1), the batch's `count` largest
// codes set a threshold, and then each sample keeps its codes above it (pass 2), exactly as
// Matrix.batchTopK chooses: ties at the threshold go to the earliest entries, row-major.

extension FusedSAEStep {
    /// The threshold that keeps the batch's `count` largest positive codes, and how many codes equal
    /// to it each row keeps (`ties`, in row order). Nothing is kept when the threshold is +∞.
    // codes: [B, hPad]  positives: scratch [B·h]  ->  threshold, ties: [B]
    static func batchThreshold(codes: UnsafePointer<Double>, batch: Int, h: Int, hPad: Int, count: Int,
                               positives: UnsafeMutableBufferPointer<Double>, ties: UnsafeMutablePointer<Int>) -> Double {
        var positiveCount = 0
        for r in 0..<batch {
            for j in 0..<h {                                                        // no branch per code: each is written, the positive ones kept
                positives[positiveCount] = codes[r * hPad + j]
                positiveCount &+= codes[r * hPad + j] > 0 ? 1 : 0
            }
        }
        ties.initialize(repeating: 0, count: batch)
        guard count > 0, positiveCount > 0 else { return .infinity }
        guard positiveCount > count else { return 0 }                               // every positive code is kept
        let threshold = kthLargest(UnsafeMutableBufferPointer(rebasing: positives[0..<positiveCount]), count)
        var above = 0
        for r in 0..<batch { for j in 0..<h { above &+= codes[r * hPad + j] > threshold ? 1 : 0 } }
        var tiesLeft = count - above
        for r in 0..<batch where tiesLeft > 0 {
            for j in 0..<h where codes[r * hPad + j] == threshold && tiesLeft > 0 {
                ties[r] += 1
                tiesLeft -= 1
            }
        }
        return threshold
    }

    /// Pass 2 for one sample: the codes above the threshold (and its first `ties` equal to it) fire.
    // centred: [dPad]  codes: [hPad]  dHat: scratch [dPad]  ->  partial sums, fired, loss (as `backward`)
    @inline(__always)
    static func accumulateKept(centred: UnsafePointer<Double>, dHat: UnsafeMutablePointer<Double>, codes: UnsafePointer<Double>,
                               threshold: Double, ties: Int, dPad: Int, h: Int, W_dec: UnsafePointer<Double>,
                               scale: Double, l1Gradient: Double, into partial: UnsafeMutablePointer<Double>,
                               fired: UnsafeMutablePointer<Bool>, active: UnsafeMutablePointer<Int>,
                               loss: inout (error: Double, l1: Double, active: Int)) {
        var count = 0, tiesLeft = ties
        if ties == 0 {                                                              // the usual case: no branch per code
            for j in 0..<h {
                active[count] = j
                count &+= codes[j] > threshold ? 1 : 0
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
        backward(centred: centred, dHat: dHat, dPad: dPad, h: h, W_dec: W_dec, scale: scale, l1Gradient: l1Gradient, codes: codes,
                 active: active, count: count, into: partial, fired: fired, loss: &loss)
    }
}
