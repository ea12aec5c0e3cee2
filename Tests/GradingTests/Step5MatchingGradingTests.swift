// The grader for exercise 5.3: a polynomial algorithm written differently from the solution
// passes, brute force is right but too slow for the step (in a child process, as the learner's
// suite runs it), and the known wrong algorithms each get their own hint.

@testable import Grading
import SAEKit
import Testing

@Suite("Grading step 5: matching")
struct Step5MatchingGradingTests {
    /// One-to-one matching by augmenting paths: rows join one at a time, each along the alternating
    /// path that raises the total most (longest paths by repeated relaxation; no positive cycle
    /// exists while the matching so far is optimal). O(rows² · cols²), polynomial.
    static func augmentingMatching(_ scores: Matrix, minimise: Bool = false) -> Matching {
        let tall = scores.rows > scores.cols
        let s = tall ? scores.transposed : scores                     // rows ≤ cols
        let sign = minimise ? -1.0 : 1.0
        let tolerance = 1e-12 * max(s.maxAbs, .leastNormalMagnitude)
        var owner = [Int?](repeating: nil, count: s.cols)             // the row holding each column
        for row in 0..<s.rows {
            var gain = (0..<s.cols).map { sign * s[row, $0] }     // best change ending at a column
            var from = [Int?](repeating: nil, count: s.cols)      // the column its holder left
            var changed = true
            for _ in 0...s.rows where changed {
                changed = false
                for c in 0..<s.cols {
                    guard let holder = owner[c] else { continue }
                    for next in 0..<s.cols where next != c {
                        let candidate = gain[c] - sign * s[holder, c] + sign * s[holder, next]
                        if candidate > gain[next] + tolerance {
                            gain[next] = candidate
                            from[next] = c
                            changed = true
                        }
                    }
                }
            }
            var column = (0..<s.cols).filter { owner[$0] == nil }.max { gain[$0] < gain[$1] }!
            while let previous = from[column] {
                owner[column] = owner[previous]
                column = previous
            }
            owner[column] = row
        }
        if tall { return Matching(columns: owner) }
        var columns = [Int?](repeating: nil, count: s.rows)
        for (column, row) in owner.enumerated() { if let row { columns[row] = column } }
        return Matching(columns: columns)
    }

    /// Tries every assignment: right, and hopeless at the step's size.
    static func bruteForceMatching(_ scores: Matrix) -> Matching {
        let transposed = scores.rows > scores.cols
        let s = transposed ? scores.transposed : scores
        var best = -Double.infinity, bestColumns: [Int] = []
        var columns: [Int] = [], used = Set<Int>()
        func search() {
            if columns.count == s.rows {
                let total = columns.enumerated().reduce(0.0) { $0 + s[$1.offset, $1.element] }
                if total > best { best = total; bestColumns = columns }
                return
            }
            for c in 0..<s.cols where !used.contains(c) {
                columns.append(c); used.insert(c); search(); used.remove(c); columns.removeLast()
            }
        }
        search()
        if !transposed { return Matching(columns: bestColumns) }
        var result = [Int?](repeating: nil, count: scores.rows)
        for (column, row) in bestColumns.enumerated() { result[row] = column }
        return Matching(columns: result)
    }

    @Test func matchingByAugmentingPathsPassesAndKnownWrongAlgorithmsGetTheirHints() {
        expectPassed(Step5Grader.gradeMatching { Self.augmentingMatching($0) })
        let greedy = Step5Grader.gradeMatching { Matching(columns: greedyMatching($0)) }
        expectRejected(greedy, with: Mistakes.greedyMatching)
        #expect(greedy.description.contains("case 1 of"), "the greedy trap is the first case")
        expectRejected(Step5Grader.gradeMatching { Self.augmentingMatching($0, minimise: true) },
                       with: Mistakes.matchingMinimises)
        expectRejected(Step5Grader.gradeMatching { scores in
            var taken = Set<Int>(), columns: [Int?] = []
            for r in 0..<scores.rows {
                var best: Int?
                for c in 0..<scores.cols where !taken.contains(c) {
                    if best == nil || scores[r, c] > scores[r, best!] { best = c }
                }
                if let best { taken.insert(best) }
                columns.append(best)
            }
            return Matching(columns: columns)
        }, with: Mistakes.matchingRowOrderGreedy)
        expectRejected(Step5Grader.gradeMatching { scores in
            Matching(columns: (0..<scores.rows).map { r in
                (0..<scores.cols).max { scores[r, $0] < scores[r, $1] }
            })
        }, with: Mistakes.matchingRowArgmax)
        // A tall matrix transposed for the algorithm, the answer left by column.
        expectRejected(Step5Grader.gradeMatching { scores in
            guard scores.rows > scores.cols else { return Self.augmentingMatching(scores) }
            let byRow = Self.augmentingMatching(scores.transposed).columns
            return Matching(columns: byRow)
        }, with: Mistakes.matchingColumnToRow)
        // A tall matrix padded with zero columns to a square, padding columns returned as pairs.
        expectRejected(Step5Grader.gradeMatching { scores in
            guard scores.rows > scores.cols else { return Self.augmentingMatching(scores) }
            let square = Matrix(rows: scores.rows, cols: scores.rows) { r, c in
                c < scores.cols ? scores[r, c] : 0
            }
            return Self.augmentingMatching(square)
        }, with: Mistakes.matchingPaddingColumns)
    }

    @Test func minimisingIsNotCalledGreedy() {
        let scores = Step5Grader.matchingCases[0].scores
        let totals = [greedyMatching(scores), Step5Grader.rowOrderGreedyMatching(scores),
                      Self.augmentingMatching(scores, minimise: true).columns,
                      optimalMatching(scores)].map { matchingScore(scores, $0) }
        #expect(Set(totals.map { ($0 * 1e6).rounded() }).count == 4, "\(totals)")
    }

    @Test func invalidMatchingsAreExplained() {
        let duplicate = Step5Grader.gradeMatching { scores in
            Matching(columns: Array(repeating: 0, count: scores.rows))
        }
        expectRejectedWithoutHint(duplicate)
        #expect(duplicate.description.contains("a column is matched to two rows"))
        let short = Step5Grader.gradeMatching { scores in Matching(columns: [0]) }
        #expect(short.description.contains("expected one per row"))
    }

    /// Brute force passes every small case, then runs out of time at the step's size with the
    /// "probably right but too slow" verdict, naming that case.
    @Test func bruteForceMatchingIsRightButTooSlowForTheStep() async throws {
        let result = await #expect(processExitsWith: .failure,
                                   observing: IsolatedGrading.observed) {
            GradingChild.run(.matching, limit: GradingTimeLimit(stepSizeSeconds: 3)) {
                Step5Grader.gradeMatching(Step5MatchingGradingTests.bruteForceMatching)
            }
        }
        let report = try #require(IsolatedGrading.report(result, for: .matching))
        #expect(report.outcome == .timedOut, Comment(rawValue: report.description))
        let interruption = try #require(report.interruption)
        let stepSize = "the step's size (scores [64 latents, 32 features])"
        #expect(interruption.caseLabel?.hasPrefix(stepSize) == true)
        let advice = "probably right but too slow for `swift run step5 --mine"
        #expect(interruption.advice?.contains(advice) == true)
        #expect(interruption.cause.hasPrefix("stopped after 3 s of processor time"))
        #expect(report.description.contains("Hungarian"))
    }
}
