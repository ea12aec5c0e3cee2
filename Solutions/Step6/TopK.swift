// Exercise 6.1 — reference solution: rank each row's positive entries, keep the first k.

import SAEKit

// z: [B, h]  ->  [B, h]
public func topKActivation(_ preActivations: Matrix, k: Int) -> Matrix {
    var codes = Matrix(rows: preActivations.rows, cols: preActivations.cols)
    for b in 0..<preActivations.rows {
        let row = preActivations.row(b)
        let ranked = row.indices.filter { row[$0] > 0 }                       // the ReLU first: only positive entries compete
            .sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1 }     // larger first; on a tie the lower index
        for j in ranked.prefix(k) { codes[b, j] = row[j] }
    }
    return codes
}
