// Grading exercise 5.3, one-to-one matching: the learner's pairs must form a valid matching whose
// total equals the best possible, found by brute force over every assignment on small matrices of
// both orientations, and by SAEKit's Hungarian algorithm at the step's own size. A wrong answer is
// named when exactly one known wrong algorithm explains it (its total, or its pairs).

import Foundation
import SAEKit

extension Step5Grader {
    struct MatchingCase {
        var label: String
        var scores: Matrix
        var printedInput: [String]
    }

    /// The first case separates greedy, row-by-row greedy and minimising (totals 1.9, 1.8, 0.7;
    /// the optimum 2.0); then the chapter's 2 × 2 trap, ties, negative and tiny scores, and random
    /// ones of both orientations.
    static let matchingCases: [MatchingCase] = {
        func scoresCase(_ label: String, _ scores: Matrix, digits: Bool = false) -> MatchingCase {
            MatchingCase(label: label, scores: scores,
                         printedInput: (digits ? printedPrecisely : printed)("scores", scores))
        }
        var random = SeededGenerator(seed: 530, stream: "grading")
        var cases = [
            scoresCase("greedy takes 0.9 first and ends with 0.2 (total 1.9); the optimum pairs "
                       + "0.5, 0.7 and 0.8 (2.0)",
                       Matrix([[0.5, 0.9, 0.1], [0.2, 0.7, 0.6], [0.3, 0.4, 0.8]])),
            scoresCase("the chapter's greedy trap: greedy takes 0.9 and is left with 0.1; the "
                       + "optimum pairs 0.8 and 0.85", Matrix([[0.9, 0.8], [0.85, 0.1]])),
            scoresCase("ties everywhere", Matrix(rows: 3, cols: 3, repeating: 0.5)),
            scoresCase("every score negative: still min(rows, cols) pairs",
                       Matrix(rows: 3, cols: 4) { _, _ in random.uniform(-1, -0.1) }),
            scoresCase("scores of size 1e-9: no tolerance of your own may hide their differences",
                       Matrix(rows: 4, cols: 4) { _, _ in random.uniform(0, 1) * 1e-9 },
                       digits: true),
        ]
        let sizes = [(3, 5), (5, 3), (6, 6), (8, 8), (7, 4), (1, 4), (4, 1), (2, 7)]
        for (index, size) in sizes.enumerated() {
            var random = SeededGenerator(seed: UInt64(531 + index), stream: "grading")
            let scores = Matrix(rows: size.0, cols: size.1) { _, _ in random.uniform(-1, 1) }
            cases.append(scoresCase("random scores [\(size.0), \(size.1)] (seed \(531 + index))",
                                    scores))
        }
        return cases
    }()

    /// The best total over every one-to-one assignment (brute force: only for small matrices).
    static func bruteForceBest(_ scores: Matrix) -> Double {
        if scores.rows > scores.cols { return bruteForceBest(scores.transposed) }
        var best = -Double.infinity
        var used = [Bool](repeating: false, count: scores.cols)
        func assign(_ row: Int, _ total: Double) {
            if row == scores.rows { best = max(best, total); return }
            for column in 0..<scores.cols where !used[column] {
                used[column] = true
                assign(row + 1, total + scores[row, column])
                used[column] = false
            }
        }
        assign(0, 0)
        return best
    }

    /// Exercise 5.3: a valid one-to-one matching whose total equals the brute-force optimum, then
    /// the same at the step's size.
    public static func gradeMatching(_ match: (_ scores: Matrix) -> Matching) -> GradeReport {
        for (index, c) in matchingCases.enumerated() {
            let label = "case \(index + 1) of \(matchingCases.count): \(c.label)"
            GradingChannel.caseStarted(label, inputs: c.printedInput)
            let got = match(c.scores)
            if got.isPlaceholder {
                return GradeReport(exercise: .matching, outcome: .notImplemented)
            }
            if let report = judgeMatching(got, scores: c.scores, best: bruteForceBest(c.scores),
                                          label: label, inputs: c.printedInput) {
                return report
            }
        }
        return gradeMatching(match, at: Step5Scale.matching)
    }

    /// The step-sized case (what `ExerciseCheck.grade(_:at:)` does for the other exercises): right,
    /// and how long the step would spend in it.
    static func gradeMatching(_ match: (Matrix) -> Matching, at scale: StepScale<Matrix>)
        -> GradeReport {
        let label = "the step's size (\(scale.label))"
        GradingChannel.caseStarted(label, inputs: [], stepSized: true, timeoutAdvice:
            "the \(matchingCases.count) smaller cases passed, so this is probably right but too "
            + "slow for `\(scale.command)`: " + scale.advice)
        let (got, seconds) = ProcessorTime.measure { match(scale.input) }
        let best = matchingScore(scale.input, optimalMatching(scale.input))
        if let report = judgeMatching(got, scores: scale.input, best: best, label: label,
                                      inputs: []) {
            return report
        }
        var report = GradeReport(exercise: .matching,
                                 outcome: .passed(cases: matchingCases.count + 1))
        report.warnings = scale.slowness(secondsPerCall: seconds)
        return report
    }

    /// The report for a matching that is not valid or not optimal, nil for a right one.
    static func judgeMatching(_ got: Matching, scores: Matrix, best: Double, label: String,
                              inputs: [String]) -> GradeReport? {
        func failed(_ quantity: String, _ details: [String], _ mistake: KnownMistake? = nil)
            -> GradeReport {
            let diagnosis = Diagnosis(caseLabel: label, quantity: quantity, details: details,
                                      mistake: mistake)
            let printedInputs = inputs.isEmpty ? []
                : ["inputs of this case:"] + inputs.map { "  " + $0 }
            return GradeReport(exercise: .matching, outcome: .failed, diagnoses: [diagnosis],
                               notes: printedInputs)
        }
        let tolerance = 1e-9 * scores.maxAbs * Double(min(scores.rows, scores.cols))
        let isBest = { (matching: [Int?]) in
            validPairs(matching, scores) && abs(matchingScore(scores, matching) - best) <= tolerance
        }
        guard got.columns.count == scores.rows else {
            let byColumn = got.columns.count == scores.cols
                && isBest(inverted(got.columns, rows: scores.rows))
            return failed("matching", ["has \(got.columns.count) entries, expected one per row "
                                       + "(\(scores.rows))"],
                          byColumn ? Mistakes.matchingColumnToRow : nil)
        }
        let columns = got.columns.compactMap { $0 }
        if let bad = columns.first(where: { !(0..<scores.cols).contains($0) }) {
            let withoutPadding = got.columns.map { $0.flatMap { $0 < scores.cols ? $0 : nil } }
            let padded = bad >= scores.cols && isBest(withoutPadding)
            return failed("matching", ["column \(bad) does not exist (the scores have "
                                       + "\(scores.cols))"],
                          padded ? Mistakes.matchingPaddingColumns : nil)
        }
        if Set(columns).count != columns.count {
            let rowBest = got.columns.enumerated().allSatisfy { row, column in
                guard let column else { return false }
                return scores.row(row).allSatisfy { $0 <= scores[row, column] }   // ties: any
            }
            return failed("matching", ["a column is matched to two rows: \(got.columns)"],
                          rowBest ? Mistakes.matchingRowArgmax : nil)
        }
        let pairs = min(scores.rows, scores.cols)
        guard columns.count == pairs else {
            return failed("matching",
                          ["\(columns.count) pairs, expected min(rows, cols) = \(pairs)"])
        }
        let total = matchingScore(scores, got.columns)
        guard abs(total - best) > tolerance else { return nil }
        let explanations: [(KnownMistake, [Int?])] = [
            (Mistakes.greedyMatching, greedyMatching(scores)),
            (Mistakes.matchingRowOrderGreedy, rowOrderGreedyMatching(scores)),
            (Mistakes.matchingMinimises, optimalMatching(-1 * scores)),
        ]
        let explained = explanations.filter {
            abs(matchingScore(scores, $0.1) - total) <= tolerance
        }
        let pairsText = got.columns.enumerated().compactMap { row, column in
            column.map { "(\(row), \($0))" }
        }
        return failed("total score",
                      ["your matching totals \(shortNumber(total)); the best possible is "
                       + shortNumber(best),
                       "your pairs (row, column): " + pairsText.joined(separator: " ")],
                      explained.count == 1 ? explained[0].0 : nil)
    }

    /// Every matched column exists and is used once, min(rows, cols) pairs in all.
    static func validPairs(_ matching: [Int?], _ scores: Matrix) -> Bool {
        let columns = matching.compactMap { $0 }
        return matching.count == scores.rows && Set(columns).count == columns.count
            && columns.allSatisfy { (0..<scores.cols).contains($0) }
            && columns.count == min(scores.rows, scores.cols)
    }

    /// A column → row list read as the row → column matching it describes ([] if it cannot be).
    static func inverted(_ rowOfColumn: [Int?], rows: Int) -> [Int?] {
        var columnOfRow = [Int?](repeating: nil, count: rows)
        for (column, row) in rowOfColumn.enumerated() {
            guard let row else { continue }
            guard (0..<rows).contains(row), columnOfRow[row] == nil else { return [] }
            columnOfRow[row] = column
        }
        return columnOfRow
    }

    /// Each row in turn takes its best free column (the lowest index on a tie).
    static func rowOrderGreedyMatching(_ scores: Matrix) -> [Int?] {
        var free = Set(0..<scores.cols)
        return (0..<scores.rows).map { r in
            let best = free.max { (scores[r, $0], -$0) < (scores[r, $1], -$1) }
            if let best { free.remove(best) }
            return best
        }
    }
}
