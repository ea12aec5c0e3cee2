// Learner code the project has never seen, for exercises 5.1, 5.2, 5.4 and 5.5
// (Chapters/05-feature-matching.md); 5.3 is in Step5UnseenMatching.swift.

import SAEKit

enum Step5Unseen {
    // MARK: - 5.1 cosines

    /// correct: a double loop over rows, with the norms computed once.
    // learned: [h, d]  truth: [n, d]  ->  [h, n]
    static func cosinesLoops(_ learned: Matrix, _ truth: Matrix) -> Matrix {
        let ln = learned.rowNorms, tn = truth.rowNorms
        var out = Matrix(rows: learned.rows, cols: truth.rows)
        for i in 0..<learned.rows {
            for j in 0..<truth.rows where ln[i] > 0 && tn[j] > 0 {
                out[i, j] = dot(learned.row(i), truth.row(j)) / (ln[i] * tn[j])
            }
        }
        return out
    }

    /// correct: normalise both sides' rows, then one product A·Bᵀ.
    static func cosinesNormaliseFirst(_ learned: Matrix, _ truth: Matrix) -> Matrix {
        var a = learned, b = truth
        a.normaliseRows()
        b.normaliseRows()                   // zero rows stay zero, so their cosines are 0
        return a.matmulTransposed(b)
    }

    /// wrong: only the decoder side normalised (a projection, not a cosine).
    static func cosinesLearnedOnly(_ learned: Matrix, _ truth: Matrix) -> Matrix {
        var a = learned
        a.normaliseRows()
        return a.matmulTransposed(truth)
    }

    /// wrong: only the true side normalised.
    static func cosinesTruthOnly(_ learned: Matrix, _ truth: Matrix) -> Matrix {
        var b = truth
        b.normaliseRows()
        return learned.matmulTransposed(b)
    }

    /// wrong: no zero-row rule (0/0 gives NaN).
    static func cosinesNoZeroRule(_ learned: Matrix, _ truth: Matrix) -> Matrix {
        let ln = learned.rowNorms, tn = truth.rowNorms
        return Matrix(rows: learned.rows, cols: truth.rows) { i, j in
            dot(learned.row(i), truth.row(j)) / (ln[i] * tn[j])
        }
    }

    /// wrong: the transposed layout, true features as rows.
    static func cosinesTransposed(_ learned: Matrix, _ truth: Matrix) -> Matrix {
        cosinesLoops(learned, truth).transposed
    }

    /// wrong: absolute values ("a direction and its opposite are the same feature").
    static func cosinesAbsolute(_ learned: Matrix,
                                _ truth: Matrix) -> Matrix { cosinesLoops(learned, truth).map(abs) }

    /// wrong: normalises columns (dimensions) instead of rows (directions).
    static func cosinesColumnNormalised(_ learned: Matrix, _ truth: Matrix) -> Matrix {
        var a = learned.transposed, b = truth.transposed
        a.normaliseRows()
        b.normaliseRows()
        return a.transposed.matmulTransposed(b.transposed)
    }

    /// wrong (numerical): a "safe" denominator ‖l‖‖t‖ + 1e-8 instead of the zero-row rule.
    static func cosinesEpsilon(_ learned: Matrix, _ truth: Matrix) -> Matrix {
        let ln = learned.rowNorms, tn = truth.rowNorms
        return Matrix(rows: learned.rows, cols: truth.rows) { i, j in
            dot(learned.row(i), truth.row(j)) / (ln[i] * tn[j] + 1e-8)
        }
    }

    // MARK: - 5.2 MMCS

    /// correct: loops, the maxima started at −∞.
    // cosines: [h, n]
    static func mmcsLoops(_ cosines: Matrix) -> MeanMaxCosine {
        var columnBest = [Double](repeating: -.infinity, count: cosines.cols)
        var rowBest = [Double](repeating: -.infinity, count: cosines.rows)
        for i in 0..<cosines.rows {
            for j in 0..<cosines.cols {
                columnBest[j] = max(columnBest[j], cosines[i, j])
                rowBest[i] = max(rowBest[i], cosines[i, j])
            }
        }
        return MeanMaxCosine(trueToLearned: columnBest.reduce(0, +) / Double(cosines.cols),
                             learnedToTrue: rowBest.reduce(0, +) / Double(cosines.rows))
    }

    /// correct: rows of the matrix and rows of its transpose, with max().
    static func mmcsTranspose(_ cosines: Matrix) -> MeanMaxCosine {
        func meanOfRowMaxima(_ m: Matrix) -> Double {
            (0..<m.rows).compactMap { m.row($0).max() }.reduce(0, +) / Double(m.rows)
        }
        return MeanMaxCosine(trueToLearned: meanOfRowMaxima(cosines.transposed),
                             learnedToTrue: meanOfRowMaxima(cosines))
    }

    /// wrong: the two directions swapped.
    static func mmcsSwapped(_ cosines: Matrix) -> MeanMaxCosine {
        let right = mmcsLoops(cosines)
        return MeanMaxCosine(trueToLearned: right.learnedToTrue, learnedToTrue: right.trueToLearned)
    }

    /// wrong: maxima initialised to 0, so a row or column of negative cosines counts 0.
    static func mmcsMaxFromZero(_ cosines: Matrix) -> MeanMaxCosine {
        let clipped = cosines.map { max(0, $0) }
        return mmcsLoops(clipped)
    }

    /// wrong: the largest absolute cosine.
    static func mmcsAbsolute(_ cosines: Matrix) -> MeanMaxCosine { mmcsLoops(cosines.map(abs)) }

    /// wrong: both numbers divided by the number of entries rather than of columns / rows.
    static func mmcsWrongDenominator(_ cosines: Matrix) -> MeanMaxCosine {
        let right = mmcsLoops(cosines)
        let entries = Double(cosines.rows * cosines.cols)
        return MeanMaxCosine(trueToLearned: right.trueToLearned * Double(cosines.cols) / entries,
                             learnedToTrue: right.learnedToTrue * Double(cosines.rows) / entries)
    }

    /// wrong: learned → true skips all-zero rows (dead latents), as the chapter's prose says
    /// ("every alive latent"); the exercise's contract averages over every row.
    static func mmcsSkipsZeroRows(_ cosines: Matrix) -> MeanMaxCosine {
        let alive = (0..<cosines.rows).filter { r in cosines.row(r).contains { $0 != 0 } }
        let best = alive.map { cosines.row($0).max()! }
        return MeanMaxCosine(trueToLearned: mmcsLoops(cosines).trueToLearned,
                             learnedToTrue: best.reduce(0, +) / Double(max(1, best.count)))
    }

    // MARK: - 5.4 isolated responses

    /// correct: for each sample, find whether exactly one code is non-zero; accumulate sums and
    /// counts.
    // activations: [N, units]  codes: [N, n]  ->  [units, n]
    static func isolatedOnePass(_ activations: Matrix, _ codes: Matrix) -> Matrix {
        var sums = Matrix(rows: activations.cols, cols: codes.cols)
        var counts = [Int](repeating: 0, count: codes.cols)
        for b in 0..<codes.rows {
            let on = (0..<codes.cols).filter { codes[b, $0] != 0 }
            guard on.count == 1, let i = on.first else { continue }
            counts[i] += 1
            for u in 0..<activations.cols { sums[u, i] += activations[b, u] }
        }
        return Matrix(rows: activations.cols, cols: codes.cols) { u, i in
            counts[i] > 0 ? sums[u, i] / Double(counts[i]) : 0
        }
    }

    /// correct: per feature, the rows where it alone is on, then a mean of selected rows.
    static func isolatedPerFeature(_ activations: Matrix, _ codes: Matrix) -> Matrix {
        var out = Matrix(rows: activations.cols, cols: codes.cols)
        for i in 0..<codes.cols {
            let rows = (0..<codes.rows).filter { b in
                codes[b, i] != 0 && (0..<codes.cols).allSatisfy { $0 == i || codes[b, $0] == 0 }
            }
            guard !rows.isEmpty else { continue }
            let means = activations.selectingRows(rows).columnSums.map { $0 / Double(rows.count) }
            for u in 0..<activations.cols { out[u, i] = means[u] }
        }
        return out
    }

    /// wrong: conditions on "feature i is on", not "only feature i is on".
    static func isolatedOnNotOnly(_ activations: Matrix, _ codes: Matrix) -> Matrix {
        Matrix(rows: activations.cols, cols: codes.cols) { u, i in
            let rows = (0..<codes.rows).filter { codes[$0, i] != 0 }
            return rows.isEmpty
                ? 0 : rows.map { activations[$0, u] }.reduce(0, +) / Double(rows.count)
        }
    }

    /// wrong: the result transposed, [n, units].
    static func isolatedTransposed(_ activations: Matrix, _ codes: Matrix) -> Matrix {
        isolatedOnePass(activations, codes).transposed
    }

    /// wrong: no rule for a feature never alone (0/0 gives NaN).
    static func isolatedNaNWhenNever(_ activations: Matrix, _ codes: Matrix) -> Matrix {
        Matrix(rows: activations.cols, cols: codes.cols) { u, i in
            let rows = (0..<codes.rows).filter { b in
                (0..<codes.cols).allSatisfy { ($0 == i) == (codes[b, $0] != 0) }
            }
            return rows.map { activations[$0, u] }.reduce(0, +) / Double(rows.count)
        }
    }

    /// wrong: divides by every sample, not by the samples where i is alone.
    static func isolatedDividesByN(_ activations: Matrix, _ codes: Matrix) -> Matrix {
        let right = isolatedOnePass(activations, codes)
        var counts = [Int](repeating: 0, count: codes.cols)
        for b in 0..<codes.rows {
            let on = (0..<codes.cols).filter { codes[b, $0] != 0 }
            if on.count == 1 { counts[on[0]] += 1 }
        }
        return Matrix(rows: right.rows, cols: right.cols) { u, i in
            right[u, i] * Double(counts[i]) / Double(codes.rows)
        }
    }

    /// wrong: "alone" tested as "the largest code", i.e. the feature that dominates the sample.
    static func isolatedDominantFeature(_ activations: Matrix, _ codes: Matrix) -> Matrix {
        var dominant = codes
        for b in 0..<codes.rows {
            let row = codes.row(b)
            guard let best = row.indices.max(by: { row[$0] < row[$1] }), row[best] != 0 else {
                continue
            }
            for i in row.indices { dominant[b, i] = i == best ? 1 : 0 }
        }
        return isolatedOnePass(activations, dominant)
    }

    /// wrong: activations averaged as magnitudes |a|.
    static func isolatedAbsolute(_ activations: Matrix, _ codes: Matrix) -> Matrix {
        isolatedOnePass(activations.map(abs), codes)
    }
}
