// Learner code the project has never seen, for exercises 6.4 (shrinkage, reconstruction bias) and
// 6.5 (normalised MSE), from Chapters/06-topk.md.

import SAEKit

extension Step6Unseen {
    typealias Ratios = @Sendable (Matrix, Matrix, [(feature: Int, latent: Int)]) -> [Double]

    // MARK: - 6.4 shrinkage ratios

    /// correct: a loop over samples per pair; a pair with no sample gives 0/0.
    // latentCodes: [N, h]  trueMagnitudes: [N, n]  ->  [pairs]
    static func ratiosLoops(_ codes: Matrix, _ truth: Matrix,
                            _ pairs: [(feature: Int, latent: Int)]) -> [Double] {
        var ratios: [Double] = []
        for pair in pairs {
            var latentSum = 0.0, trueSum = 0.0
            for s in 0..<codes.rows where truth[s, pair.feature] > 0 && codes[s, pair.latent] > 0 {
                latentSum += codes[s, pair.latent]
                trueSum += truth[s, pair.feature]
            }
            ratios.append(latentSum / trueSum)
        }
        return ratios
    }

    /// correct: zipped columns, filtered, summed; a pair with no sample is 0/0, NaN (the stub's
    /// rule).
    static func ratiosZipped(_ codes: Matrix, _ truth: Matrix,
                             _ pairs: [(feature: Int, latent: Int)]) -> [Double] {
        pairs.map { pair in
            let both = zip(codes.column(pair.latent), truth.column(pair.feature))
                .filter { $0.0 > 0 && $0.1 > 0 }
            let trueSum = both.map(\.1).reduce(0, +)
            return trueSum > 0 ? both.map(\.0).reduce(0, +) / trueSum : .nan
        }
    }

    /// wrong: every sample where the feature is on, fired or not (misses counted as 0).
    static func ratiosFeatureOnOnly(_ codes: Matrix, _ truth: Matrix,
                                    _ pairs: [(feature: Int, latent: Int)]) -> [Double] {
        pairs.map { pair in
            let on = (0..<truth.rows).filter { truth[$0, pair.feature] > 0 }
            let latentSum = on.map { codes[$0, pair.latent] }.reduce(0, +)
            return latentSum / on.map { truth[$0, pair.feature] }.reduce(0, +)
        }
    }

    /// wrong: every sample where the latent fires, the feature on or not.
    static func ratiosLatentFiresOnly(_ codes: Matrix, _ truth: Matrix,
                                      _ pairs: [(feature: Int, latent: Int)]) -> [Double] {
        pairs.map { pair in
            let fired = (0..<codes.rows).filter { codes[$0, pair.latent] > 0 }
            let latentSum = fired.map { codes[$0, pair.latent] }.reduce(0, +)
            return latentSum / fired.map { truth[$0, pair.feature] }.reduce(0, +)
        }
    }

    /// wrong: the mean of per-sample ratios instead of the ratio of sums.
    static func ratiosMeanOfRatios(_ codes: Matrix, _ truth: Matrix,
                                   _ pairs: [(feature: Int, latent: Int)]) -> [Double] {
        pairs.map { pair in
            let both = (0..<codes.rows).filter {
                truth[$0, pair.feature] > 0 && codes[$0, pair.latent] > 0
            }
            let ratios = both.map { codes[$0, pair.latent] / truth[$0, pair.feature] }
            return ratios.reduce(0, +) / Double(both.count)
        }
    }

    /// wrong: the ratio upside down (truth over latent).
    static func ratiosInverted(_ codes: Matrix, _ truth: Matrix,
                               _ pairs: [(feature: Int, latent: Int)]) -> [Double] {
        ratiosLoops(codes, truth, pairs).map { 1 / $0 }
    }

    /// wrong: sums over every sample, no filter at all.
    static func ratiosNoFilter(_ codes: Matrix, _ truth: Matrix,
                               _ pairs: [(feature: Int, latent: Int)]) -> [Double] {
        pairs.map { codes.column($0.latent).reduce(0, +) / truth.column($0.feature).reduce(0, +) }
    }

    // MARK: - 6.4 reconstruction bias

    /// correct: two sums over every entry.
    // a: [N, d]  reconstruction: [N, d]
    static func biasSums(_ a: Matrix, _ r: Matrix) -> Double {
        var squared = 0.0, inner = 0.0
        for i in a.values.indices {
            squared += r.values[i] * r.values[i]
            inner += a.values[i] * r.values[i]
        }
        return squared / inner
    }

    /// correct: means over samples of per-sample sums (the same ratio).
    static func biasMeans(_ a: Matrix, _ r: Matrix) -> Double {
        let n = Double(a.rows)
        let meanSquared = r.rowNorms.map { $0 * $0 }.reduce(0, +) / n
        let meanInner = a.hadamard(r).rowSums.reduce(0, +) / n
        return meanSquared / meanInner
    }

    /// wrong (numerical): a "safe" denominator E[a·â] + 1e-8.
    static func biasEpsilon(_ a: Matrix, _ r: Matrix) -> Double {
        r.squaredFrobeniusNorm / (a.hadamard(r).sum + 1e-8)
    }

    /// wrong: upside down, E[a·â] / E‖â‖².
    static func biasInverted(_ a: Matrix, _ r: Matrix) -> Double { 1 / biasSums(a, r) }

    /// wrong: E‖a‖² / E[a·â].
    static func biasInputSquared(
        _ a: Matrix,
        _ r: Matrix
    ) -> Double { a.squaredFrobeniusNorm / a.hadamard(r).sum }

    /// wrong: the mean of per-sample ratios ‖â_s‖² / (a_s·â_s).
    static func biasMeanOfRatios(_ a: Matrix, _ r: Matrix) -> Double {
        let ratios = (0..<a.rows).compactMap { s -> Double? in
            let inner = dot(a.row(s), r.row(s))
            return inner != 0 ? dot(r.row(s), r.row(s)) / inner : nil
        }
        return ratios.reduce(0, +) / Double(ratios.count)
    }

    /// wrong: a ratio of norms, √(E‖â‖² / E‖a‖²).
    static func biasNormRatio(_ a: Matrix, _ r: Matrix) -> Double {
        (r.squaredFrobeniusNorm / a.squaredFrobeniusNorm).squareRoot()
    }

    // MARK: - 6.5 normalised MSE

    /// correct: column means, then two sums of squares; a constant a (no variance) gives NMSE 0.
    // a: [N, d]  reconstruction: [N, d]
    static func fidelitySums(_ a: Matrix, _ r: Matrix) -> ReconstructionFidelity {
        let means = a.columnSums.map { $0 / Double(a.rows) }
        var error = 0.0, variance = 0.0
        for s in 0..<a.rows {
            for c in 0..<a.cols {
                error += pow2(a[s, c] - r[s, c])
                variance += pow2(a[s, c] - means[c])
            }
        }
        let nmse = variance > 0 ? error / variance : 0
        return ReconstructionFidelity(normalisedMSE: nmse, explainedVariance: 1 - nmse)
    }

    /// correct: both as means over N·d entries, per column; no special case.
    static func fidelityMeans(_ a: Matrix, _ r: Matrix) -> ReconstructionFidelity {
        let entries = Double(a.rows * a.cols)
        let mse = (a - r).squaredFrobeniusNorm / entries
        var total = 0.0
        for c in 0..<a.cols {
            let column = a.column(c)
            let mean = column.reduce(0, +) / Double(column.count)
            total += column.map { pow2($0 - mean) }.reduce(0, +)
        }
        let nmse = mse / (total / entries)
        return ReconstructionFidelity(normalisedMSE: nmse, explainedVariance: 1 - nmse)
    }

    /// wrong (numerical): a "safe" denominator Σ‖a − ā‖² + 1e-8.
    static func fidelityEpsilon(_ a: Matrix, _ r: Matrix) -> ReconstructionFidelity {
        let means = a.columnSums.map { -$0 / Double(a.rows) }
        let nmse =
            (a - r).squaredFrobeniusNorm / (a.addingToEachRow(means).squaredFrobeniusNorm + 1e-8)
        return ReconstructionFidelity(normalisedMSE: nmse, explainedVariance: 1 - nmse)
    }

    /// wrong: no centring, Σ‖a − â‖² / Σ‖a‖².
    static func fidelityUncentred(_ a: Matrix, _ r: Matrix) -> ReconstructionFidelity {
        let nmse = (a - r).squaredFrobeniusNorm / a.squaredFrobeniusNorm
        return ReconstructionFidelity(normalisedMSE: nmse, explainedVariance: 1 - nmse)
    }

    /// wrong: centres each sample on its own mean (row means, not column means).
    static func fidelityRowMeans(_ a: Matrix, _ r: Matrix) -> ReconstructionFidelity {
        let rowMeans = a.rowSums.map { $0 / Double(a.cols) }
        let centred = Matrix(rows: a.rows, cols: a.cols) { s, c in a[s, c] - rowMeans[s] }
        let nmse = (a - r).squaredFrobeniusNorm / centred.squaredFrobeniusNorm
        return ReconstructionFidelity(normalisedMSE: nmse, explainedVariance: 1 - nmse)
    }

    /// wrong: one scalar mean of every entry.
    static func fidelityScalarMean(_ a: Matrix, _ r: Matrix) -> ReconstructionFidelity {
        let mean = a.sum / Double(a.values.count)
        let nmse = (a - r).squaredFrobeniusNorm / a.map { pow2($0 - mean) }.sum
        return ReconstructionFidelity(normalisedMSE: nmse, explainedVariance: 1 - nmse)
    }

    /// wrong: the mean over dimensions of per-dimension NMSE.
    static func fidelityPerDimension(_ a: Matrix, _ r: Matrix) -> ReconstructionFidelity {
        let perDimension = (0..<a.cols).map { c -> Double in
            let column = a.column(c)
            let mean = column.reduce(0, +) / Double(a.rows)
            let error = (0..<a.rows).map { pow2(a[$0, c] - r[$0, c]) }.reduce(0, +)
            return error / column.map { pow2($0 - mean) }.reduce(0, +)
        }
        let nmse = perDimension.reduce(0, +) / Double(a.cols)
        return ReconstructionFidelity(normalisedMSE: nmse, explainedVariance: 1 - nmse)
    }

    /// wrong: the MSE over N but the variance with N − 1 (sample variance).
    static func fidelitySampleVariance(_ a: Matrix, _ r: Matrix) -> ReconstructionFidelity {
        let right = fidelitySums(a, r)
        let n = Double(a.rows)
        let nmse = right.normalisedMSE * (n - 1) / n
        return ReconstructionFidelity(normalisedMSE: nmse, explainedVariance: 1 - nmse)
    }

    /// wrong: explained variance as 1 − Var(a − â) / Var(a): the residual's own mean is subtracted.
    static func fidelityResidualVariance(_ a: Matrix, _ r: Matrix) -> ReconstructionFidelity {
        let residual = a - r
        let residualMeans = residual.columnSums.map { -$0 / Double(a.rows) }
        let aMeans = a.columnSums.map { -$0 / Double(a.rows) }
        let nmse = residual.addingToEachRow(residualMeans).squaredFrobeniusNorm
            / a.addingToEachRow(aMeans).squaredFrobeniusNorm
        return ReconstructionFidelity(normalisedMSE: nmse, explainedVariance: 1 - nmse)
    }

    /// wrong: explained variance left as the NMSE itself (forgot the 1 −).
    static func fidelityExplainedNotComplemented(
        _ a: Matrix, _ r: Matrix
    ) -> ReconstructionFidelity {
        let right = fidelitySums(a, r)
        return ReconstructionFidelity(normalisedMSE: right.normalisedMSE,
                                      explainedVariance: right.normalisedMSE)
    }
}
