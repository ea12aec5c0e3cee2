// Exercise 6.1 — reference solution: one pass over each row, keeping its best k positive entries so
// far in a short list (largest first): about h comparisons per row instead of a sort.

import SAEKit

// z: [B, h]  ->  [B, h]
public func topKActivation(_ preActivations: Matrix, k: Int) -> Matrix {
    let (rows, cols) = (preActivations.rows, preActivations.cols)
    guard k > 0 else { return Matrix(rows: rows, cols: cols) }
    let z = preActivations.values                          // row-major: row b starts at b·cols
    var codes = [Double](repeating: 0, count: z.count)
    var best: [Int] = []                                   // indices into z, largest value first
    best.reserveCapacity(k + 1)
    for b in 0..<rows {
        best.removeAll(keepingCapacity: true)
        for index in b * cols ..< (b + 1) * cols where z[index] > 0 {    // the ReLU first
            if best.count == k, z[index] <= z[best[k - 1]] { continue }  // ties: the lower index
            var slot = best.count                          // after every entry at least as large
            while slot > 0, z[best[slot - 1]] < z[index] { slot -= 1 }
            best.insert(index, at: slot)
            if best.count > k { best.removeLast() }
        }
        for index in best { codes[index] = z[index] }
    }
    return Matrix(rows: rows, cols: cols, values: codes)
}
