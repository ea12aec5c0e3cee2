// Grading exercises 5.1 (cosines) and 5.2 (MMCS) against SAEKit. Matching (5.3) is in
// Step5Matching.swift, responses and ablation (5.4, 5.5) in Step5Behaviour.swift; the inputs are
// in Step5Cases.swift and Step5Scale.swift.

import Foundation
import SAEKit

public enum Step5Grader {
    // MARK: - 5.1 Cosines

    /// Exercise 5.1: cosines between rows, 0 for zero rows.
    public static func gradeCosines(_ cosines: (_ learned: Matrix, _ truth: Matrix) -> Matrix)
        -> GradeReport {
        typealias Case = Step5Cases.CosineCase
        func variant(_ mistake: KnownMistake, _ compute: @escaping (Case) -> Matrix)
            -> MistakeVariant<Case, Matrix> {
            MistakeVariant(mistake: mistake, compute: compute)
        }
        let check = ExerciseCheck<Case, Matrix>(
            exercise: .cosineMatrix, cases: Step5Cases.cosines,
            reference: { cosineMatrix($0.learned, $0.truth) },
            parts: [OutputPart(name: "cosines") {
                compareMatrixAllowingNaN(expected: $0, got: $1, tolerance: .arithmetic,
                                         meaning: "[learned rows, true rows]")
            }],
            mistakes: [
                variant(Mistakes.cosineLearnedNotNormalised) { dividedDots($0) { _, t in t } },
                variant(Mistakes.cosineTruthNotNormalised) { dividedDots($0) { l, _ in l } },
                variant(Mistakes.cosineNotNormalised) { dividedDots($0) { _, _ in 1 } },
                variant(Mistakes.cosineZeroRowNaN) { c in
                    let dots = c.learned.matmulTransposed(c.truth)
                    let (ln, tn) = (c.learned.rowNorms, c.truth.rowNorms)
                    return Matrix(rows: dots.rows, cols: dots.cols) { i, j in
                        dots[i, j] / (ln[i] * tn[j])
                    }
                },
                variant(Mistakes.cosineSwapped) { cosineMatrix($0.truth, $0.learned) },
                variant(Mistakes.cosineColumnsNormalised) { c in
                    unitColumns(c.learned).matmulTransposed(unitColumns(c.truth))
                },
                variant(Mistakes.cosineAbsolute) { cosineMatrix($0.learned, $0.truth).map(abs) },
            ] + epsilonCosines.map { epsilon in variant(Mistakes.cosineEpsilon, epsilon) },
            scale: Step5Scale.cosines)
        return check.grade { cosines($0.learned, $0.truth) }
    }

    /// learned_i · truth_j divided by `denominator(‖learned_i‖, ‖truth_j‖)`; 0 when that is 0.
    static func dividedDots(_ c: Step5Cases.CosineCase,
                            _ denominator: (Double, Double) -> Double) -> Matrix {
        let dots = c.learned.matmulTransposed(c.truth)
        let (ln, tn) = (c.learned.rowNorms, c.truth.rowNorms)
        return Matrix(rows: dots.rows, cols: dots.cols) { i, j in
            let d = denominator(ln[i], tn[j])
            return d > 0 ? dots[i, j] / d : 0
        }
    }

    /// Each column divided by its norm (zero columns left as they are).
    static func unitColumns(_ m: Matrix) -> Matrix {
        let norms = m.columnNorms
        return Matrix(rows: m.rows, cols: m.cols) { r, c in
            norms[c] > 0 ? m[r, c] / norms[c] : m[r, c]
        }
    }

    /// The usual ways of keeping a division away from 0, with the usual ε: added to the product of
    /// the norms or to each norm, or clamping the product (PyTorch's cosine_similarity) or each
    /// norm (F.normalize).
    static var epsilonCosines: [(Step5Cases.CosineCase) -> Matrix] {
        [1e-6, 1e-8, 1e-12].flatMap { (ε: Double) -> [(Step5Cases.CosineCase) -> Matrix] in
            [{ dividedDots($0) { l, t in l * t + ε } },
             { dividedDots($0) { l, t in (l + ε) * (t + ε) } },
             { dividedDots($0) { l, t in max(l * t, ε) } },
             { dividedDots($0) { l, t in max(l, ε) * max(t, ε) } }]
        }
    }

    // MARK: - 5.2 MMCS

    /// Exercise 5.2: MMCS both ways.
    public static func gradeMeanMaxCosine(_ mmcs: (_ cosines: Matrix) -> MeanMaxCosine)
        -> GradeReport {
        func both(_ c: Matrix, best: ([Double]) -> Double?, columnsOver: Int? = nil,
                  rowsOver: Int? = nil) -> MeanMaxCosine {
            let columns = (0..<c.cols).compactMap { best(c.column($0)) }
            let rows = (0..<c.rows).compactMap { best(c.row($0)) }
            return MeanMaxCosine(
                trueToLearned: columns.reduce(0, +) / Double(columnsOver ?? columns.count),
                learnedToTrue: rows.reduce(0, +) / Double(rowsOver ?? rows.count))
        }
        let check = ExerciseCheck<Matrix, MeanMaxCosine>(
            exercise: .meanMaxCosine, cases: Step5Cases.meanMaxCosines,
            reference: { MeanMaxCosine(cosines: $0) },
            parts: [
                OutputPart(name: "trueToLearned") {
                    compareScalarAllowingNaN(expected: $0.trueToLearned, got: $1.trueToLearned,
                                             tolerance: .arithmetic)
                },
                OutputPart(name: "learnedToTrue") {
                    compareScalarAllowingNaN(expected: $0.learnedToTrue, got: $1.learnedToTrue,
                                             tolerance: .arithmetic)
                },
            ],
            mistakes: [
                MistakeVariant(mistake: Mistakes.mmcsWrongAxis) { c in
                    let right = MeanMaxCosine(cosines: c)
                    return MeanMaxCosine(trueToLearned: right.learnedToTrue,
                                         learnedToTrue: right.trueToLearned)
                },
                MistakeVariant(mistake: Mistakes.mmcsMeanNotMax) { c in
                    let mean = c.sum / Double(c.values.count)
                    return MeanMaxCosine(trueToLearned: mean, learnedToTrue: mean)
                },
                MistakeVariant(mistake: Mistakes.mmcsWrongCount) { c in
                    both(c, best: { $0.max() }, columnsOver: c.rows, rowsOver: c.cols)
                },
                MistakeVariant(mistake: Mistakes.mmcsAbsolute) { c in
                    both(c, best: { $0.map(abs).max() })
                },
                MistakeVariant(mistake: Mistakes.mmcsMaxFromZero) { c in
                    both(c, best: { $0.reduce(0, max) })
                },
                MistakeVariant(mistake: Mistakes.mmcsSkipsNegativeMaxima) { c in
                    both(c, best: { line in line.max().flatMap { $0 > 0 ? $0 : nil } })
                },
                MistakeVariant(mistake: Mistakes.mmcsOneToOne) { c in oneToOneMeans(c) },
            ],
            scale: Step5Scale.meanMaxCosine)
        return check.grade(mmcs)
    }

    /// Mean cosine of an optimal one-to-one matching, on the axis that is matched entirely (the
    /// other axis left right, so that it never explains a wrong answer).
    static func oneToOneMeans(_ c: Matrix) -> MeanMaxCosine {
        let right = MeanMaxCosine(cosines: c)
        let mean = matchingScore(c, optimalMatching(c)) / Double(min(c.rows, c.cols))
        return MeanMaxCosine(trueToLearned: c.rows >= c.cols ? mean : right.trueToLearned,
                             learnedToTrue: c.cols >= c.rows ? mean : right.learnedToTrue)
    }
}
