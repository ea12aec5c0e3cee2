// Synthetic data with a known answer: n random unit directions in d dimensions (the dictionary),
// sparse non-negative codes, and activations a = codes · directions (+ Gaussian noise). An SAE
// trained on `a` should recover the directions; because we keep them, we can check.

import Foundation

/// How a known-dictionary dataset is made.
public struct DictionaryConfig: Sendable, Equatable {
    /// Which features are on in a sample.
    public enum Activity: Sendable, Equatable, CustomStringConvertible {
        /// Each feature on independently with this probability.
        case independent(probability: Double)
        /// A number of features drawn uniformly from the range, then that many distinct features
        /// uniformly.
        case count(ClosedRange<Int>)

        public var description: String {
            switch self {
            case let .independent(p): "each on with p = \(p)"
            case let .count(range): "\(range.lowerBound)–\(range.upperBound) active"
            }
        }
    }

    /// The coefficient of an active feature.
    public enum Coefficients: Sendable, Equatable, CustomStringConvertible {
        case uniform(Double, Double)
        /// Normal, redrawn until positive (codes are non-negative, like an SAE's).
        case normal(mean: Double, sd: Double)

        public var description: String {
            switch self {
            case let .uniform(lower, upper): "U[\(tickLabel(lower)), \(tickLabel(upper))]"
            case let .normal(mean, sd): "N(\(tickLabel(mean)), \(tickLabel(sd)))"
            }
        }
    }

    public var features: Int
    public var dims: Int
    public var activity: Activity
    public var coefficients: Coefficients
    /// Standard deviation of Gaussian noise added to every activation entry.
    public var noise: Double

    public init(
        features: Int, dims: Int, activity: Activity, coefficients: Coefficients = .uniform(0, 1),
        noise: Double = 0
    ) {
        self.features = features
        self.dims = dims
        self.activity = activity
        self.coefficients = coefficients
        self.noise = noise
    }

    /// The settings as ordered key–value pairs (for dataset.json and fingerprints).
    public var record: [(String, JSONValue)] {
        let activityRecord: JSONValue = switch activity {
        case let .independent(p): .object([("probability", .number(p))])
            case let .count(range):
                .object([
                    ("active_min", .int(range.lowerBound)), ("active_max", .int(range.upperBound))
                ])
        }
        let coefficientRecord: JSONValue = switch coefficients {
        case let .uniform(lower, upper): .object([("uniform", .numbers([lower, upper]))])
        case let .normal(mean, sd): .object([("normal", .numbers([mean, sd]))])
        }
        return [("features", .int(features)), ("dims", .int(dims)), ("activity", activityRecord),
                ("coefficients", coefficientRecord), ("noise", .number(noise))]
    }
}

/// A dictionary of known unit directions and the sampler of its sparse codes.
public struct KnownDictionary: Sendable {
    public let config: DictionaryConfig
    /// One unit direction per row, `[features, dims]`.
    public let directions: Matrix

    /// Random unit directions (Gaussian, normalised), from the "dictionary" stream of `seed`.
    public init(_ config: DictionaryConfig, seed: UInt64) {
        self.config = config
        var random = SeededGenerator(seed: seed, stream: "dictionary")
        var directions = Matrix(rows: config.features, cols: config.dims) { _, _ in random.normal()
        }
        let norms = directions.rowNorms
        for r in 0..<directions.rows {
            for c in 0..<directions.cols { directions[r, c] /= norms[r] }
        }
        self.directions = directions
    }

    /// Sparse codes for a batch, `[B, features]`.
    // -> codes: [B, n]
    public func sampleCodes(batchSize: Int, generator: inout SeededGenerator) -> Matrix {
        let n = config.features
        var codes = Matrix(rows: batchSize, cols: n)
        var order = Array(0..<n)
        for r in 0..<batchSize {
            switch config.activity {
            case let .independent(p):
                for i in 0..<n where generator.bernoulli(p) {
                    codes[r, i] = coefficient(&generator)
                }
            case let .count(range):
                let active = min(n, generator.integer(in: range))
                for slot in 0..<active {   // partial Fisher–Yates: `active` distinct features
                    order.swapAt(slot, generator.integer(in: slot...(n - 1)))
                    codes[r, order[slot]] = coefficient(&generator)
                }
            }
        }
        return codes
    }

    /// a = codes · directions + noise.
    // codes: [B, n]  directions: [n, d]  ->  [B, d]
    public func activations(_ codes: Matrix, generator: inout SeededGenerator) -> Matrix {
        var activations = codes.matmul(directions)
        if config.noise > 0 {
            for index in activations.values.indices {
                activations.values[index] += config.noise * generator.normal()
            }
        }
        return activations
    }

    private func coefficient(_ generator: inout SeededGenerator) -> Double {
        switch config.coefficients {
        case let .uniform(lower, upper):
            return generator.uniform(lower, upper)
        case let .normal(mean, sd):
            while true {
                let draw = generator.normal(mean: mean, standardDeviation: sd)
                if draw > 0 { return draw }
            }
        }
    }
}
