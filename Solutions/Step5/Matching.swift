// Exercise 5.3 — reference solution: the Hungarian algorithm on costs −score, after putting the
// shorter side first, with row and column potentials (u, v) kept feasible.

import SAEKit

// scores: [r, c]  ->  [r]
public func oneToOneMatching(_ scores: Matrix) -> Matching {
    let transposed = scores.rows > scores.cols
    let cost = transposed ? scores.transposed : scores           // n ≤ m
    let (n, m) = (cost.rows, cost.cols)
    guard n > 0 else { return Matching(columns: Array(repeating: nil, count: scores.rows)) }
    var u = [Double](repeating: 0, count: n + 1), v = [Double](repeating: 0, count: m + 1)
    // owner[j]: the row holding column j (1-based; 0 = free)
    var owner = [Int](repeating: 0, count: m + 1)
    var previous = [Int](repeating: 0, count: m + 1)
    for row in 1...n {
        owner[0] = row
        var current = 0
        var slack = [Double](repeating: .infinity, count: m + 1)
        var visited = [Bool](repeating: false, count: m + 1)
        while true {
            visited[current] = true
            let i = owner[current]
            var delta = Double.infinity, next = 0
            for j in 1...m where !visited[j] {
                let reduced = -cost[i - 1, j - 1] - u[i] - v[j]
                if reduced < slack[j] { slack[j] = reduced; previous[j] = current }
                if slack[j] < delta { delta = slack[j]; next = j }
            }
            for j in 0...m {
                if visited[j] { u[owner[j]] += delta; v[j] -= delta } else { slack[j] -= delta }
            }
            current = next
            if owner[current] == 0 { break }
        }
        while current != 0 {                                      // flip the augmenting path
            let before = previous[current]
            owner[current] = owner[before]
            current = before
        }
    }
    var rowToColumn = [Int?](repeating: nil, count: n)
    for j in 1...m where owner[j] != 0 { rowToColumn[owner[j] - 1] = j - 1 }
    guard transposed else { return Matching(columns: rowToColumn) }
    var columns = [Int?](repeating: nil, count: scores.rows)
    for (column, row) in rowToColumn.enumerated() { if let row { columns[row] = column } }
    return Matching(columns: columns)
}
