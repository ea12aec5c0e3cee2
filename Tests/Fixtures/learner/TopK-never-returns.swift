// Exercise 6.1 as a learner might write it, with a while loop whose index is never increased.
// .ci/run puts it in place of Exercises/Step6/TopK.swift and checks that 6.1 is stopped at its
// time limit naming the case, that 6.2 and 6.3 (which use 6.1) say so, and that 6.4 and 6.5 are
// still graded.

import SAEKit

public func topKActivation(_ preActivations: Matrix, k: Int) -> Matrix {
    var codes = Matrix(rows: preActivations.rows, cols: preActivations.cols)
    for b in 0..<preActivations.rows {
        var kept = 0
        while kept < k {
            let row = preActivations.row(b)
            if let best = row.indices.max(by: { row[$0] < row[$1] }), row[best] > 0 {
                codes[b, best] = row[best]
            }
        }
    }
    return codes
}
