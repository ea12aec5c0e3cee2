// Grading exercise 6.1 (TopK) against SAEKit. 6.2 and 6.3 are in Step6Gradients.swift, 6.4 and
// 6.5 in Step6Measures.swift, the step's own sizes in Step6Scale.swift.

import Foundation
import SAEKit

public enum Step6Grader {
    // MARK: - 6.1 TopK

    struct TopKCase: Sendable {
        var z: Matrix
        var k: Int
    }

    /// First a batch without ties whose large values sit in one row (per-row and batch-wide
    /// selection differ, the tie rules do not); then hand-made rows for the rules (a tie at the
    /// k-th place, fewer than k positive entries, all negative, k ≥ h), random ones, extreme
    /// magnitudes, and one latent or one sample.
    static let topKCases: [GradingCase<TopKCase>] = {
        let handMade = Matrix([[1, 3, 1, 1, -1], [-1, 0.5, -2, -3, -0.5], [-1, -2, -0.1, -3, -4],
                               [0.2, 0.9, 0.4, 2, 0.9]])
        var random = SeededGenerator(seed: 611, stream: "grading")
        let randomZ = Matrix(rows: 4, cols: 7) { _, _ in (random.normal() * 10).rounded() / 10 }
        let cases: [(Matrix, Int, String)] = [
            (Matrix([[5, 4, 3, -1], [0.1, 0.2, -1, 0.3], [-2, -1, -0.5, -3]]), 1,
             "no ties; row 0 holds the batch's three largest values, row 2 no positive one"),
            (handMade, 2, "ties at the 2nd place, a row with 1 positive entry, a negative row"),
            (handMade, 1, "the same rows, k = 1"),
            (handMade, 6, "k = 6 ≥ h = 5: every positive entry stays"),
            (handMade, 0, "k = 0: nothing is kept"),
            (randomZ, 3, "random z rounded to 0.1 (ties likely), k = 3"),
            (Matrix([[1e-9, 3e-9, -1e-9, 2e-9], [1e8, -1e8, 3, 5e7]]), 2,
             "extreme magnitudes: 1e-9 is still positive, 1e8 ranks first"),
            (Matrix([[0.4], [-0.2], [0]]), 1, "one latent (h = 1)"),
            (Matrix([[0.3, 0.7, 0.7, -0.1, 0.2]]), 2, "one sample (B = 1), a tie for the top"),
        ]
        return cases.map { z, k, label in
            let show: (String, Matrix) -> [String] = z.maxAbs > 1e3
            ? { printedPrecisely($0, $1) } : { printed($0, $1) }
            return GradingCase(label: label + (label.contains("k =") ? "" : ", k = \(k)"),
                               input: TopKCase(z: z, k: k),
                               printedInput: show("z", z) + ["k = \(k)"])
        }
    }()

    /// Exercise 6.1: each row's k largest positive entries, ties to the lower index.
    public static func gradeTopK(_ topK: (_ z: Matrix, _ k: Int) -> Matrix) -> GradeReport {
        func variant(_ mistake: KnownMistake, _ compute: @escaping (TopKCase) -> Matrix)
            -> MistakeVariant<TopKCase, Matrix> {
            MistakeVariant(mistake: mistake, compute: compute)
        }
        let check = ExerciseCheck<TopKCase, Matrix>(
            exercise: .topKActivation, cases: topKCases, reference: { $0.z.topK($0.k) },
            parts: [OutputPart(name: "codes") {
                compareMatrix(expected: $0, got: $1, tolerance: .arithmetic,
                              meaning: "[samples, latents] like z")
            }],
            mistakes: [
                variant(Mistakes.topKBeforeReLU) { ranked($0, positiveOnly: false) },
                variant(Mistakes.topKTiesKeepExtra) { ranked($0, keepTies: true) },
                variant(Mistakes.topKTieRuleReversed) { ranked($0, lowerFirst: false) },
                variant(Mistakes.topKBatchTopK) { $0.z.batchTopK($0.k * $0.z.rows) },
                variant(Mistakes.topKSmallest) { ranked($0, largestFirst: false) },
                variant(Mistakes.topKMask) { $0.z.topK($0.k).map { $0 != 0 ? 1 : 0 } },
                variant(Mistakes.topKTiesDropped) { c in
                    c.z.mapRows { row in
                        let positive = row.filter { $0 > 0 }.sorted(by: >)
                        let threshold = positive.count > c.k ? positive[c.k] : 0
                        return row.map { $0 > threshold ? $0 : 0 }
                    }
                },
                variant(Mistakes.topKByMagnitude) { c in
                    c.z.mapRows { row in
                        let order = row.indices.sorted {
                            abs(row[$0]) != abs(row[$1]) ? abs(row[$0]) > abs(row[$1]) : $0 < $1
                        }
                        let kept = Set(order.prefix(c.k))
                        return row.indices.map { kept.contains($0) ? row[$0] : 0 }
                    }
                },
            ],
            scale: Step6Scale.topK)
        return check.grade { topK($0.z, $0.k) }
    }

    /// TopK with one of its rules changed: negative entries competing, the order of ties, keeping
    /// every entry tied with the k-th, or the smallest entries first.
    static func ranked(_ c: TopKCase, positiveOnly: Bool = true, lowerFirst: Bool = true,
                       keepTies: Bool = false, largestFirst: Bool = true) -> Matrix {
        c.z.mapRows { row in
            let order = row.indices.filter { !positiveOnly || row[$0] > 0 }.sorted {
                if row[$0] != row[$1] { return (row[$0] > row[$1]) == largestFirst }
                return lowerFirst ? $0 < $1 : $0 > $1
            }
            var kept = Array(order.prefix(c.k))
            if keepTies, let last = kept.last { kept = order.filter { row[$0] >= row[last] } }
            return row.indices.map { kept.contains($0) ? row[$0] : 0 }
        }
    }
}

fileprivate extension Matrix {
    /// Each row replaced by `transform(row)` (same length).
    func mapRows(_ transform: ([Double]) -> [Double]) -> Matrix {
        Matrix(rows: rows, cols: cols, values: (0..<rows).flatMap { transform(row($0)) })
    }
}
