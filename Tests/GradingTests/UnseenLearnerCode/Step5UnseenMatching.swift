// Learner code the project has never seen, for exercise 5.3 (one-to-one matching), from
// Chapters/05-feature-matching.md. Every correct variant is polynomial.

import SAEKit

extension Step5Unseen {
    // MARK: - 5.3 matching

    /// The Hungarian algorithm with potentials (rows ≤ columns), minimising; row → column.
    // cost: [n][m], n ≤ m  ->  [n]
    static func hungarianMinimising(_ cost: [[Double]]) -> [Int] {
        let n = cost.count, m = cost.first?.count ?? 0
        guard n > 0, m > 0 else { return Array(repeating: -1, count: n) }
        var u = [Double](repeating: 0, count: n + 1), v = [Double](repeating: 0, count: m + 1)
        var p = [Int](repeating: 0, count: m + 1), way = [Int](repeating: 0, count: m + 1)
        for i in 1...n {
            p[0] = i
            var j0 = 0
            var minv = [Double](repeating: .infinity, count: m + 1)
            var used = [Bool](repeating: false, count: m + 1)
            repeat {
                used[j0] = true
                let i0 = p[j0]
                var delta = Double.infinity, j1 = 0
                for j in 1...m where !used[j] {
                    let current = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if current < minv[j] { minv[j] = current; way[j] = j0 }
                    if minv[j] < delta { delta = minv[j]; j1 = j }
                }
                for j in 0...m {
                    if used[j] { u[p[j]] += delta; v[j] -= delta } else { minv[j] -= delta }
                }
                j0 = j1
            } while p[j0] != 0
            repeat {
                let j1 = way[j0]
                p[j0] = p[j1]
                j0 = j1
            } while j0 != 0
        }
        var assignment = [Int](repeating: -1, count: n)
        for j in 1...m where p[j] != 0 { assignment[p[j] - 1] = j - 1 }
        return assignment
    }

    /// correct: Hungarian on −scores, transposing when there are more rows than columns.
    // scores: [r, c]  ->  [r]
    static func matchingHungarian(_ scores: Matrix) -> Matching {
        if scores.rows <= scores.cols {
            let assignment = hungarianMinimising(scores.nestedRows.map { $0.map { -$0 } })
            return Matching(columns: assignment.map { $0 >= 0 ? $0 : nil })
        }
        let byColumn = hungarianMinimising(scores.transposed.nestedRows.map { $0.map { -$0 } })
        var columns = [Int?](repeating: nil, count: scores.rows)
        for (column, row) in byColumn.enumerated() where row >= 0 { columns[row] = column }
        return Matching(columns: columns)
    }

    /// correct: min-cost flow by successive shortest paths (Bellman–Ford on the residual graph):
    /// source → rows → columns → sink, cost −score, min(r, c) augmentations.
    static func matchingMinCostFlow(_ scores: Matrix) -> Matching {
        let (r, c) = (scores.rows, scores.cols)
        let source = 0, sink = r + c + 1, nodes = r + c + 2
        var from = [Int](), to = [Int](), capacity = [Int](), cost = [Double]()
        func addEdge(_ a: Int, _ b: Int, _ w: Double) {
            from += [a, b]; to += [b, a]; capacity += [1, 0]; cost += [w, -w]
        }
        for i in 0..<r { addEdge(source, 1 + i, 0) }
        for i in 0..<r { for j in 0..<c { addEdge(1 + i, 1 + r + j, -scores[i, j]) } }
        for j in 0..<c { addEdge(1 + r + j, sink, 0) }
        for _ in 0..<min(r, c) {
            var distance = [Double](repeating: .infinity, count: nodes)
            var viaEdge = [Int](repeating: -1, count: nodes)
            distance[source] = 0
            for _ in 0..<nodes {
                var changed = false
                for e in from.indices where capacity[e] > 0 && distance[from[e]] < .infinity {
                    if distance[from[e]] + cost[e] < distance[to[e]] - 1e-12 {
                        distance[to[e]] = distance[from[e]] + cost[e]
                        viaEdge[to[e]] = e
                        changed = true
                    }
                }
                if !changed { break }
            }
            guard distance[sink] < .infinity else { break }
            var node = sink
            while node != source {
                let e = viaEdge[node]
                capacity[e] -= 1
                capacity[e ^ 1] += 1
                node = from[e]
            }
        }
        var columns = [Int?](repeating: nil, count: r)
        for e in stride(from: 0, to: from.count, by: 2) where capacity[e] == 0 {
            let (a, b) = (from[e], to[e])
            if (1...r).contains(a), b > r, b <= r + c { columns[a - 1] = b - 1 - r }
        }
        return Matching(columns: columns)
    }

    /// wrong: greedy, the best remaining pair first.
    static func matchingGreedyBestPair(_ scores: Matrix) -> Matching {
        var pairs: [(Int, Int, Double)] = []
        for i in 0..<scores.rows { for j in 0..<scores.cols { pairs.append((i, j, scores[i, j])) } }
        pairs.sort { $0.2 > $1.2 }
        var columns = [Int?](repeating: nil, count: scores.rows), taken = Set<Int>()
        for (i, j, _) in pairs where columns[i] == nil && !taken.contains(j) {
            columns[i] = j
            taken.insert(j)
        }
        return Matching(columns: columns)
    }

    /// wrong: row by row, each row takes its best column still free.
    static func matchingRowByRow(_ scores: Matrix) -> Matching {
        var taken = Set<Int>()
        return Matching(columns: (0..<scores.rows).map { i in
            let free = (0..<scores.cols).filter { !taken.contains($0) }
            guard let best = free.max(by: { scores[i, $0] < scores[i, $1] }) else { return nil }
            taken.insert(best)
            return best
        })
    }

    /// wrong: each row's best column, not one-to-one.
    static func matchingArgmax(_ scores: Matrix) -> Matching {
        Matching(columns: (0..<scores.rows).map { i in
            (0..<scores.cols).max { scores[i, $0] < scores[i, $1] }
        })
    }

    /// wrong: Hungarian on the scores themselves: the smallest total.
    static func matchingMinimises(_ scores: Matrix) -> Matching {
        matchingHungarian(scores.map { -$0 })
    }

    /// wrong: with more rows than columns, transposes and returns the columns' matches as if they
    /// were the rows'.
    static func matchingTransposeNotInverted(_ scores: Matrix) -> Matching {
        if scores.rows <= scores.cols { return matchingHungarian(scores) }
        let byColumn = hungarianMinimising(scores.transposed.nestedRows.map { $0.map { -$0 } })
        return Matching(columns: byColumn.map { $0 >= 0 ? $0 : nil })
    }

    /// wrong: pads to a square with zeros and keeps the matches to padding columns.
    static func matchingPaddedSquare(_ scores: Matrix) -> Matching {
        let size = max(scores.rows, scores.cols)
        let padded = (0..<size).map { i in
            (0..<size).map { j in i < scores.rows && j < scores.cols ? -scores[i, j] : 0 }
        }
        let assignment = hungarianMinimising(padded)
        return Matching(columns: (0..<scores.rows).map { assignment[$0] })
    }

    /// wrong: leaves a pair out when its score is not positive ("no match").
    static func matchingPositiveOnly(_ scores: Matrix) -> Matching {
        let best = matchingHungarian(scores)
        return Matching(columns: best.columns.enumerated().map { i, j in
            j.flatMap { scores[i, $0] > 0 ? $0 : nil }
        })
    }
}
