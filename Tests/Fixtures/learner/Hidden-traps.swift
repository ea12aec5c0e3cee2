// Exercise 2.2 as a learner might write it, with a closed range where a half-open one belongs:
// an index out of range. .ci/run puts it in place of Exercises/Step2/Hidden.swift and checks that
// the report names this file and line, and that 2.1 and 2.3 are still graded.

import SAEKit

public func hiddenActivations(_ x: Matrix, W: Matrix) -> Matrix {
    var h = Matrix(rows: x.rows, cols: W.rows)
    for r in 0..<x.rows {
        for j in 0..<W.rows {
            for i in 0...x.cols {
                h[r, j] += W[j, i] * x[r, i]    // line 12: traps at i == x.cols
            }
        }
    }
    return h
}
