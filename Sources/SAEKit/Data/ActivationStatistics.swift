// How big the activations are, and the normalisation that makes their scale predictable:
// SAELens's `expected_average_only_in` multiplies every activation by √d / E‖a‖, so that the
// average norm becomes √d whatever model or layer the activations came from. Hyperparameters such
// as the L1 coefficient then mean the same thing across datasets.

/// Norm statistics of a batch of activations and the normalisation scale they imply.
public struct ActivationStatistics: Sendable, Equatable {
    /// E‖a‖, the mean Euclidean norm of a row.
    public var meanNorm: Double
    /// The standard deviation of ‖a‖ over rows (population: divide by N).
    public var normStandardDeviation: Double
    /// √d / E‖a‖: multiply activations by this to make E‖a‖ = √d.
    public var normalisationScale: Double

    public init(meanNorm: Double, normStandardDeviation: Double, normalisationScale: Double) {
        self.meanNorm = meanNorm
        self.normStandardDeviation = normStandardDeviation
        self.normalisationScale = normalisationScale
    }

    /// The statistics of `activations` (one sample per row).
    // activations: [N, d]  ->  scalars
    public init(activations: Matrix) {
        let norms = activations.rowNorms
        let count = Double(max(1, norms.count))
        let mean = norms.reduce(0, +) / count
        let variance = norms.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count
        self.init(meanNorm: mean, normStandardDeviation: variance.squareRoot(),
                  normalisationScale: mean > 0 ? Double(activations.cols).squareRoot() / mean : 1)
    }
}

/// What each neuron does when each feature is on: the mean activation of neuron j over samples
/// where feature i is on, minus its mean where feature i is off. For independent features and a
/// linear layer this is W_ji · E[x_i | on]: the other features' contribution cancels out.
public struct FeatureResponses: Sendable {
    /// `[neurons, features]`.
    public var matrix: Matrix

    /// - Parameters:
    ///   - activations: `[N, d]`.
    ///   - indicators: `[N, n]`; feature i is on in a sample when its entry is non-zero (codes, or
    ///     one-hot labels).
    // activations: [N, d]  indicators: [N, n]  ->  [d, n]
    public init(activations: Matrix, indicators: Matrix) {
        let (d, n) = (activations.cols, indicators.cols)
        var onSums = Matrix(rows: d, cols: n), offSums = Matrix(rows: d, cols: n)
        var onCounts = [Double](repeating: 0, count: n)
        let totals = activations.columnSums
        for r in 0..<activations.rows {
            for i in 0..<n where indicators[r, i] != 0 {
                onCounts[i] += 1
                for j in 0..<d { onSums[j, i] += activations[r, j] }
            }
        }
        let total = Double(activations.rows)
        for j in 0..<d {
            for i in 0..<n { offSums[j, i] = totals[j] - onSums[j, i] }
        }
        matrix = Matrix(rows: d, cols: n) { j, i in
            let on = onCounts[i], off = total - onCounts[i]
            guard on > 0, off > 0 else { return 0 }
            return onSums[j, i] / on - offSums[j, i] / off
        }
    }

    /// One-hot indicators `[N, classes]` for class labels.
    public static func oneHot(_ labels: [Int], classes: Int) -> Matrix {
        Matrix(rows: labels.count, cols: classes) { r, c in labels[r] == c ? 1 : 0 }
    }
}

/// How many features are active per sample: `fractions[k]` of samples have exactly k active.
public func activeFeatureDistribution(_ codes: Matrix) -> [Double] {
    var counts = [Int](repeating: 0, count: codes.cols + 1)
    for r in 0..<codes.rows {
        var active = 0
        for i in 0..<codes.cols where codes[r, i] != 0 { active += 1 }
        counts[active] += 1
    }
    while counts.count > 1 && counts.last == 0 { counts.removeLast() }
    return counts.map { Double($0) / Double(max(1, codes.rows)) }
}

extension FeatureResponses {
    /// The largest |response − expected| over every neuron and feature.
    // expected: [d, n]
    public func largestDifference(from expected: Matrix) -> Double {
        zip(matrix.values, expected.values).map { abs($0 - $1) }.max() ?? 0
    }
}
