// Learner code that goes wrong the ways a process cannot survive: a trap, an endless loop. The
// isolation tests grade them in child processes and check what the report says.

import SAEKit

enum LearnerFixtures {
    /// Exercise 2.2 with a closed range where a half-open one belongs: an index out of range.
    static func hiddenWithOffByOne(_ x: Matrix, W: Matrix) -> Matrix {
        var h = Matrix(rows: x.rows, cols: W.rows)
        for r in 0..<x.rows {
            for j in 0..<W.rows {
                for i in 0...x.cols {
                    h[r, j] += W[j, i] * x[r, i]        // the line that traps
                }
            }
        }
        return h
    }

    /// Exercise 2.2 that never returns: the loop's index is never increased.
    static func hiddenThatNeverReturns(_ x: Matrix, W: Matrix) -> Matrix {
        var r = 0, total = 0.0
        while r < x.rows { total += x[r, 0] }           // the loop that never ends
        return Matrix(rows: x.rows, cols: W.rows, repeating: total)
    }

    /// Exercise 6.1 sorted the wrong way: the k smallest positive entries, wrong without crashing.
    static func topKSmallest(_ z: Matrix, k: Int) -> Matrix {
        var codes = Matrix(rows: z.rows, cols: z.cols)
        for b in 0..<z.rows {
            let ranked = (0..<z.cols).filter { z[b, $0] > 0 }.sorted { z[b, $0] < z[b, $1] }
            for j in ranked.prefix(k) { codes[b, j] = z[b, j] }
        }
        return codes
    }

    /// Exercise 6.1 whose `!` meets nil on a row without a positive entry.
    static func topKWithForcedUnwrap(_ z: Matrix, k: Int) -> Matrix {
        var codes = Matrix(rows: z.rows, cols: z.cols)
        for b in 0..<z.rows {
            let largest = z.row(b).indices.filter { z[b, $0] > 0 }.max { z[b, $0] < z[b, $1] }!
            codes[b, largest] = z[b, largest]
        }
        return codes
    }

    /// Exercise 3.5 with a closed range: `plus[i] += step` traps inside the standard library's
    /// array accessor, where the runtime's backtrace loses the learner's frame.
    static func finiteDifferencesPastTheEnd(at point: [Double], step: Double,
                                            of f: ([Double]) -> Double) -> [Double] {
        var gradient = [Double](repeating: 0, count: point.count)
        for i in 0...point.count {
            var plus = point, minus = point
            plus[i] += step                             // the compound assignment that traps
            minus[i] -= step
            gradient[i] = (f(plus) - f(minus)) / (2 * step)
        }
        return gradient
    }
}
