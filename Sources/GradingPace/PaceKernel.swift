// A fixed piece of plain Swift, built the way the learner's exercises are (without optimisation
// in a debug build), so that the grader can tell how fast such code runs on this machine right
// now. The step-sized case compares the learner's time with it: a verdict of "slow" then means
// slow for the code, not for a laptop or a machine busy with other work.

import SAEKit

/// Loops, subscripts and arithmetic over a [256, 20] matrix, as exercise code is written: a
/// row-wise ReLU, a running top-4 list per row, and a column sum. Returns a checksum so that no
/// work can be skipped.
// ->  scalar
public func paceKernel() -> Double {
    let (rows, cols, k) = (256, 20, 4)
    var z = Matrix(rows: rows, cols: cols)
    for r in 0..<rows {
        for c in 0..<cols { z[r, c] = Double((r * 7 + c * 13) % 17) - 8 }
    }
    var codes = Matrix(rows: rows, cols: cols)
    for r in 0..<rows {
        var best: [Int] = []
        for c in 0..<cols where z[r, c] > 0 {
            if best.count == k && z[r, c] <= z[r, best[k - 1]] { continue }
            var slot = best.count
            while slot > 0 && z[r, best[slot - 1]] < z[r, c] { slot -= 1 }
            best.insert(c, at: slot)
            if best.count > k { best.removeLast() }
        }
        for c in best { codes[r, c] = z[r, c] }
    }
    var total = 0.0
    for value in codes.columnSums { total += value * value }
    return total
}
