// Learner code the project has never seen, for exercise 1.4 (superposition metrics), from
// Chapters/01-superposition.md.

import SAEKit

extension Step1Unseen {
    // MARK: - 1.4 superposition metrics

    /// correct: column by column with W.column(i), as the doc comment reads.
    static func metricsLoops(_ W: Matrix) -> SuperpositionMetrics {
        let n = W.cols
        let columns = (0..<n).map { W.column($0) }
        var norms = [Double](), interference = [Double](), dims = [Double]()
        for i in 0..<n {
            let norm = dot(columns[i], columns[i]).squareRoot()
            norms.append(norm)
            guard norm > 1e-12 else { interference.append(0); dims.append(0); continue }
            let unit = columns[i].map { $0 / norm }
            var others = 0.0, all = 0.0
            for j in 0..<n {
                let p = dot(unit, columns[j])
                all += p * p
                if j != i { others += p * p }
            }
            interference.append(others)
            dims.append(norm * norm / all)
        }
        let frobenius = W.values.reduce(0) { $0 + $1 * $1 }
        return SuperpositionMetrics(
            featureNorms: norms, interference: interference,
            featureDimensionality: dims,
            dimensionsPerFeature: frobenius > 0 ? Double(W.rows) / frobenius : 0)
    }

    /// correct: everything from the Gram matrix G = WᵀW: (Ŵ_i·W_j)² = G_ij² / G_ii.
    static func metricsGram(_ W: Matrix) -> SuperpositionMetrics {
        let G = W.transposedMatmul(W)
        let n = W.cols
        var interference = [Double](repeating: 0, count: n), dims = [Double](repeating: 0, count: n)
        for i in 0..<n where G[i, i].squareRoot() > 1e-12 {
            let squares = (0..<n).map { G[i, $0] * G[i, $0] }
            let total = squares.reduce(0, +)
            interference[i] = (total - squares[i]) / G[i, i]
            dims[i] = G[i, i] * G[i, i] / total
        }
        let trace = (0..<n).map { G[$0, $0] }.reduce(0, +)
        return SuperpositionMetrics(featureNorms: W.columnNorms, interference: interference,
                                    featureDimensionality: dims,
                                    dimensionsPerFeature: trace > 0 ? Double(W.rows) / trace : 0)
    }

    /// wrong: the interference sum includes j = i (adds ‖W_i‖²).
    static func metricsInterferenceWithSelf(_ W: Matrix) -> SuperpositionMetrics {
        var s = metricsLoops(W)
        s.interference = zip(s.interference, s.featureNorms).map { $1 > 1e-12 ? $0 + $1 * $1 : 0 }
        return s
    }

    /// wrong: D_i's denominator leaves out j = i.
    static func metricsDimensionalityWithoutSelf(_ W: Matrix) -> SuperpositionMetrics {
        var s = metricsLoops(W)
        s.featureDimensionality = zip(s.interference, s.featureNorms).map { inter, norm in
            norm > 1e-12 && inter > 0 ? norm * norm / inter : 0
        }
        return s
    }

    /// wrong: W_i·W_j without normalising W_i.
    static func metricsUnnormalisedDot(_ W: Matrix) -> SuperpositionMetrics {
        let G = W.transposedMatmul(W)
        var s = metricsGram(W)
        for i in 0..<W.cols where G[i, i] > 1e-24 {
            let squares = (0..<W.cols).map { G[i, $0] * G[i, $0] }
            s.interference[i] = squares.reduce(0, +) - squares[i]
            s.featureDimensionality[i] = G[i, i] / squares.reduce(0, +)
        }
        return s
    }

    /// wrong: D* = n / ‖W‖²_F (features, not hidden dimensions, on top).
    static func metricsDStarFeatures(_ W: Matrix) -> SuperpositionMetrics {
        var s = metricsLoops(W)
        s.dimensionsPerFeature = Double(W.cols) / W.squaredFrobeniusNorm
        return s
    }

    /// wrong: D* = m / Σ‖W_i‖ (norms, not squared norms).
    static func metricsDStarNorms(_ W: Matrix) -> SuperpositionMetrics {
        var s = metricsLoops(W)
        s.dimensionsPerFeature = Double(W.rows) / s.featureNorms.reduce(0, +)
        return s
    }

    /// wrong: no special case for a zero column (0/0 gives NaN).
    static func metricsNoZeroGuard(_ W: Matrix) -> SuperpositionMetrics {
        let G = W.transposedMatmul(W)
        let n = W.cols
        let interference = (0..<n).map { i in
            (0..<n).filter { $0 != i }.map { G[i, $0] * G[i, $0] }.reduce(0, +) / G[i, i]
        }
        let dims = (0..<n).map { i in
            G[i, i] * G[i, i] / (0..<n).map { G[i, $0] * G[i, $0] }.reduce(0, +)
        }
        return SuperpositionMetrics(featureNorms: W.columnNorms, interference: interference,
                                    featureDimensionality: dims,
                                    dimensionsPerFeature: Double(W.rows) / W.squaredFrobeniusNorm)
    }

    /// wrong: norms of W's rows (neurons) instead of its columns (features).
    static func metricsRowNorms(_ W: Matrix) -> SuperpositionMetrics {
        var s = metricsLoops(W)
        s.featureNorms = W.rowNorms
        return s
    }

    /// wrong: D_i = ‖W_i‖ / Σ_j (Ŵ_i·W_j)² (the norm, not its square, on top).
    static func metricsDimensionalityNormNotSquared(_ W: Matrix) -> SuperpositionMetrics {
        var s = metricsLoops(W)
        s.featureDimensionality = zip(s.featureDimensionality, s.featureNorms).map { d, norm in
            norm > 1e-12 ? d / norm : 0
        }
        return s
    }

    /// wrong (edge): treats only an exactly-zero column as having no direction; the contract's
    /// cut-off is ‖W_i‖ ≤ 1e-12.
    static func metricsExactZeroGuard(_ W: Matrix) -> SuperpositionMetrics {
        let n = W.cols
        let G = W.transposedMatmul(W)
        var interference = [Double](repeating: 0, count: n), dims = [Double](repeating: 0, count: n)
        for i in 0..<n where G[i, i] != 0 {
            let squares = (0..<n).map { G[i, $0] * G[i, $0] / G[i, i] }
            interference[i] = squares.reduce(0, +) - squares[i]
            dims[i] = G[i, i] / squares.reduce(0, +)
        }
        return SuperpositionMetrics(featureNorms: W.columnNorms, interference: interference,
                                    featureDimensionality: dims,
                                    dimensionsPerFeature: Double(W.rows) / W.squaredFrobeniusNorm)
    }
}
