// Learner code the project has never seen, for exercises 2.1–2.3 (Chapters/02-activations.md).

import Foundation
import SAEKit

enum Step2Unseen {
    // MARK: - 2.1 sampler

    /// correct: row by row, a Bernoulli draw and then a magnitude for the features that are on.
    // probabilities: [n]  ->  [B, n]
    static func samplerBernoulliThenMagnitude(_ batchSize: Int, _ probabilities: [Double],
                                              _ generator: inout SeededGenerator) -> Matrix {
        var x = Matrix(rows: batchSize, cols: probabilities.count)
        for r in 0..<batchSize {
            for i in probabilities.indices where generator.bernoulli(probabilities[i]) {
                x[r, i] = generator.uniform()
            }
        }
        return x
    }

    /// correct: each sample's row built with map, in the stub's order (one bernoulli per entry,
    /// then a uniform only when it is on), then the rows stacked.
    static func samplerRowsByMap(_ batchSize: Int, _ probabilities: [Double],
                                 _ generator: inout SeededGenerator) -> Matrix {
        var rows: [[Double]] = []
        for _ in 0..<batchSize {
            rows.append(probabilities.map { p in generator.bernoulli(p) ? generator.uniform() : 0 })
        }
        return batchSize == 0 ? Matrix(rows: 0, cols: probabilities.count) : Matrix(rows)
    }

    /// wrong (contract: the draw order): always two draws per entry (magnitude first, then the
    /// mask), built column-major — right in distribution, not the batch the seed must give.
    static func samplerTwoDrawsPerEntry(_ batchSize: Int, _ probabilities: [Double],
                                        _ generator: inout SeededGenerator) -> Matrix {
        let n = probabilities.count
        var values = [Double](repeating: 0, count: batchSize * n)
        for i in 0..<n {
            for r in 0..<batchSize {
                let magnitude = generator.uniform()
                let on = generator.uniform() < probabilities[i]
                values[r * n + i] = on ? magnitude : 0
            }
        }
        return Matrix(rows: batchSize, cols: n, values: values)
    }

    /// wrong (contract: the draw order): one draw u per entry; on when u < p, and then u / p is
    /// itself uniform in [0, 1) — right in distribution, not the batch the seed must give.
    static func samplerOneDrawRescaled(_ batchSize: Int, _ probabilities: [Double],
                                       _ generator: inout SeededGenerator) -> Matrix {
        Matrix(rows: batchSize, cols: probabilities.count) { _, i in
            let u = generator.uniform()
            return u < probabilities[i] ? u / probabilities[i] : 0
        }
    }

    /// wrong: `uniform() > p` switches a feature on with probability 1 − p.
    static func samplerOffProbability(_ batchSize: Int, _ probabilities: [Double],
                                      _ generator: inout SeededGenerator) -> Matrix {
        Matrix(rows: batchSize, cols: probabilities.count) { _, i in
            generator.uniform() > probabilities[i] ? generator.uniform() : 0
        }
    }

    /// wrong: one draw u per entry used for both the mask and the value: values fall in [0, p).
    static func samplerSameDrawNotRescaled(_ batchSize: Int, _ probabilities: [Double],
                                           _ generator: inout SeededGenerator) -> Matrix {
        Matrix(rows: batchSize, cols: probabilities.count) { _, i in
            let u = generator.uniform()
            return u < probabilities[i] ? u : 0
        }
    }

    /// wrong: one uniform per sample compared with every feature's p: features fire together.
    static func samplerSharedDrawPerSample(_ batchSize: Int, _ probabilities: [Double],
                                           _ generator: inout SeededGenerator) -> Matrix {
        var x = Matrix(rows: batchSize, cols: probabilities.count)
        for r in 0..<batchSize {
            let gate = generator.uniform()
            for i in probabilities.indices where gate < probabilities[i] {
                x[r, i] = generator.uniform()
            }
        }
        return x
    }

    /// wrong: redraws a sample until at least one feature is on (no empty samples).
    static func samplerNoEmptySamples(_ batchSize: Int, _ probabilities: [Double],
                                      _ generator: inout SeededGenerator) -> Matrix {
        var x = Matrix(rows: batchSize, cols: probabilities.count)
        for r in 0..<batchSize {
            var attempts = 0
            repeat {
                attempts += 1
                for i in probabilities.indices {
                    x[r, i] = generator.bernoulli(probabilities[i]) ? generator.uniform() : 0
                }
            } while x.row(r).allSatisfy { $0 == 0 } && attempts < 1000
        }
        return x
    }

    /// wrong: works on a copy of the generator (a value type), so the caller's stream never
    /// advances: every call with the same generator returns the same batch.
    static func samplerCopiesGenerator(_ batchSize: Int, _ probabilities: [Double],
                                       _ generator: inout SeededGenerator) -> Matrix {
        var random = generator
        return samplerBernoulliThenMagnitude(batchSize, probabilities, &random)
    }

    /// wrong: the system's random numbers instead of the generator: not reproducible.
    static func samplerSystemRandom(_ batchSize: Int, _ probabilities: [Double],
                                    _ generator: inout SeededGenerator) -> Matrix {
        Matrix(rows: batchSize, cols: probabilities.count) { _, i in
            Double.random(in: 0..<1) < probabilities[i] ? Double.random(in: 0..<1) : 0
        }
    }

    /// wrong: a fresh generator with a fixed seed for every sample: every row is the same.
    static func samplerSeedPerRow(_ batchSize: Int, _ probabilities: [Double],
                                  _ generator: inout SeededGenerator) -> Matrix {
        var x = Matrix(rows: batchSize, cols: probabilities.count)
        for r in 0..<batchSize {
            var local = SeededGenerator(seed: 42)
            for i in probabilities.indices where local.bernoulli(probabilities[i]) {
                x[r, i] = local.uniform()
            }
        }
        _ = generator.next()
        return x
    }

    /// wrong: the mask is drawn once per feature and reused for every sample of the batch.
    static func samplerMaskPerBatch(_ batchSize: Int, _ probabilities: [Double],
                                    _ generator: inout SeededGenerator) -> Matrix {
        let mask = probabilities.map { generator.bernoulli($0) }
        return Matrix(rows: batchSize, cols: probabilities.count) { _, i in
            mask[i] ? generator.uniform() : 0
        }
    }

    /// wrong: only the first probability is used for every feature.
    static func samplerFirstProbabilityOnly(_ batchSize: Int, _ probabilities: [Double],
                                            _ generator: inout SeededGenerator) -> Matrix {
        Matrix(rows: batchSize, cols: probabilities.count) { _, _ in
            generator.bernoulli(probabilities[0]) ? generator.uniform() : 0
        }
    }

    /// wrong: one magnitude per feature for the whole batch; only the masks are drawn per sample.
    static func samplerMagnitudePerFeature(_ batchSize: Int, _ probabilities: [Double],
                                           _ generator: inout SeededGenerator) -> Matrix {
        let magnitudes = probabilities.map { _ in generator.uniform() }
        return Matrix(rows: batchSize, cols: probabilities.count) { _, i in
            generator.bernoulli(probabilities[i]) ? magnitudes[i] : 0
        }
    }

    // MARK: - 2.2 hidden activations

    /// correct: x·Wᵀ with the library's kernel.
    // x: [B, n]  W: [m, n]  ->  [B, m]
    static func hiddenKernel(_ x: Matrix, _ W: Matrix) -> Matrix { x.matmulTransposed(W) }

    /// correct: loops, one dot product of a sample with each row of W.
    static func hiddenLoops(_ x: Matrix, _ W: Matrix) -> Matrix {
        Matrix(rows: x.rows, cols: W.rows) { r, j in dot(x.row(r), W.row(j)) }
    }

    /// correct: (W·xᵀ)ᵀ, the column-vector formula transposed back.
    static func hiddenColumnVectors(_ x: Matrix,
                                    _ W: Matrix) -> Matrix { W.matmul(x.transposed).transposed }

    /// wrong: a ReLU on the hidden layer (the toy model's hidden layer is linear).
    static func hiddenWithReLU(_ x: Matrix, _ W: Matrix) -> Matrix { x.matmulTransposed(W).relu }

    /// wrong: h = x·WᵀW, the forward pass's pre-activation without bias and ReLU ([B, n], not [B,
    /// m]).
    static func hiddenThroughGram(_ x: Matrix,
                                  _ W: Matrix) -> Matrix { x.matmulTransposed(W).matmul(W) }

    /// wrong: reads W's flat storage as if it were [n, m] (column-major thinking).
    static func hiddenFlatIndexMixup(_ x: Matrix, _ W: Matrix) -> Matrix {
        let (m, n) = (W.rows, W.cols)
        return Matrix(rows: x.rows, cols: m) { r, j in
            (0..<n).map { i in x[r, i] * W.values[i * m + j] }.reduce(0, +)
        }
    }

    /// wrong: the inner loop misses the last feature.
    static func hiddenOffByOne(_ x: Matrix, _ W: Matrix) -> Matrix {
        Matrix(rows: x.rows, cols: W.rows) { r, j in
            (0..<(W.cols - 1)).map { x[r, $0] * W[j, $0] }.reduce(0, +)
        }
    }

    /// wrong: scales each hidden vector by the number of active features (an "average" reading).
    static func hiddenAveraged(_ x: Matrix, _ W: Matrix) -> Matrix {
        let h = x.matmulTransposed(W)
        return Matrix(rows: h.rows, cols: h.cols) { r, j in
            let active = x.row(r).filter { $0 != 0 }.count
            return active > 0 ? h[r, j] / Double(active) : 0
        }
    }

    // MARK: - 2.3 statistics

    /// correct: rowNorms, mean, population variance, √d / mean (guarding an all-zero batch).
    static func statisticsRowNorms(_ a: Matrix) -> ActivationStatistics {
        let norms = a.rowNorms
        let mean = norms.reduce(0, +) / Double(norms.count)
        let variance = norms.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(norms.count)
        return ActivationStatistics(
            meanNorm: mean, normStandardDeviation: variance.squareRoot(),
            normalisationScale: mean > 0 ? Double(a.cols).squareRoot() / mean : 1)
    }

    /// correct: one pass with loops, E[‖a‖²] − E[‖a‖]² for the variance.
    static func statisticsOnePass(_ a: Matrix) -> ActivationStatistics {
        var sum = 0.0, sumSquares = 0.0
        for r in 0..<a.rows {
            var s = 0.0
            for c in 0..<a.cols { s += a[r, c] * a[r, c] }
            let norm = sqrt(s)
            sum += norm
            sumSquares += s
        }
        let n = Double(a.rows)
        let mean = sum / n
        let variance = max(0, sumSquares / n - mean * mean)
        return ActivationStatistics(meanNorm: mean, normStandardDeviation: sqrt(variance),
                                    normalisationScale: mean > 0 ? sqrt(Double(a.cols)) / mean : 1)
    }

    /// correct: Welford's running mean and variance.
    static func statisticsWelford(_ a: Matrix) -> ActivationStatistics {
        var mean = 0.0, m2 = 0.0, count = 0.0
        for norm in a.rowNorms {
            count += 1
            let delta = norm - mean
            mean += delta / count
            m2 += delta * (norm - mean)
        }
        return ActivationStatistics(
            meanNorm: mean, normStandardDeviation: (m2 / count).squareRoot(),
            normalisationScale: mean > 0 ? Double(a.cols).squareRoot() / mean : 1)
    }

    /// wrong (numerical): a "safe" scale √d / (E‖a‖ + 1e-8).
    static func statisticsScaleEpsilon(_ a: Matrix) -> ActivationStatistics {
        var s = statisticsRowNorms(a)
        s.normalisationScale = Double(a.cols).squareRoot() / (s.meanNorm + 1e-8)
        return s
    }

    /// wrong: the sample standard deviation (divides by N − 1).
    static func statisticsSampleSD(_ a: Matrix) -> ActivationStatistics {
        var s = statisticsRowNorms(a)
        let n = Double(a.rows)
        s.normStandardDeviation *= (n / (n - 1)).squareRoot()
        return s
    }

    /// wrong: √(E‖a‖²) as the mean norm.
    static func statisticsRootMeanSquare(_ a: Matrix) -> ActivationStatistics {
        let norms = a.rowNorms
        let rms = (norms.map { $0 * $0 }.reduce(0, +) / Double(norms.count)).squareRoot()
        var s = statisticsRowNorms(a)
        s.meanNorm = rms
        s.normalisationScale = Double(a.cols).squareRoot() / rms
        return s
    }

    /// wrong: the scale upside down, E‖a‖ / √d.
    static func statisticsScaleInverted(_ a: Matrix) -> ActivationStatistics {
        var s = statisticsRowNorms(a)
        s.normalisationScale = s.meanNorm / Double(a.cols).squareRoot()
        return s
    }

    /// wrong: √N (the number of samples) for √d.
    static func statisticsScaleRows(_ a: Matrix) -> ActivationStatistics {
        var s = statisticsRowNorms(a)
        s.normalisationScale = Double(a.rows).squareRoot() / s.meanNorm
        return s
    }

    /// wrong: the standard deviation of every entry, not of the norms.
    static func statisticsEntrySD(_ a: Matrix) -> ActivationStatistics {
        var s = statisticsRowNorms(a)
        let mean = a.values.reduce(0, +) / Double(a.values.count)
        s.normStandardDeviation = (a.values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
            / Double(a.values.count)).squareRoot()
        return s
    }

    /// wrong: the variance returned where the standard deviation belongs.
    static func statisticsVarianceNotSD(_ a: Matrix) -> ActivationStatistics {
        var s = statisticsRowNorms(a)
        s.normStandardDeviation *= s.normStandardDeviation
        return s
    }

    /// wrong: the mean over non-zero samples only ("empty samples are not activations").
    static func statisticsSkipsZeroRows(_ a: Matrix) -> ActivationStatistics {
        let nonZero = a.rowNorms.filter { $0 > 0 }
        let column = Matrix(rows: nonZero.count, cols: 1, values: nonZero)
        return statisticsRowNorms(column).rescaled(dims: a.cols)
    }
}

private extension ActivationStatistics {
    /// The same statistics with the scale recomputed for `dims` dimensions.
    func rescaled(dims: Int) -> ActivationStatistics {
        ActivationStatistics(meanNorm: meanNorm, normStandardDeviation: normStandardDeviation,
                             normalisationScale: Double(dims).squareRoot() / meanNorm)
    }
}
