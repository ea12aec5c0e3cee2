// The data every later step trains and evaluates on: activations a [N, d] and, when the data was
// generated, the ground truth that made them: the true sparse codes [N, n] and the true directions
// [n, d], with a = codes · directions (+ noise); or class labels for the classifier.

import Foundation

/// Activations with whatever ground truth is known.
public struct ActivationDataset: Sendable {
    /// `[N, d]`, one sample per row.
    public var activations: Matrix
    /// The true sparse codes `[N, n]` (nil when unknown).
    public var codes: Matrix?
    /// The true directions `[n, d]`, one per row (nil when unknown).
    public var directions: Matrix?
    /// Class labels `[N]` (classifier preset only).
    public var labels: [Int]?

    public init(
        activations: Matrix, codes: Matrix? = nil, directions: Matrix? = nil, labels: [Int]? = nil
    ) {
        self.activations = activations
        self.codes = codes
        self.directions = directions
        self.labels = labels
    }

    /// True when codes and directions are known (toy models and dictionaries).
    public var hasGroundTruth: Bool { codes != nil && directions != nil }

    /// Multiplies activations (and directions, so that a = codes · directions still holds) by
    /// `scale`.
    public mutating func scale(by scale: Double) {
        activations = scale * activations
        directions = directions.map { scale * $0 }
    }

    // MARK: - Files

    public static let activationsFile = "activations.npy"
    public static let codesFile = "codes.npy"
    public static let directionsFile = "directions.npy"
    public static let labelsFile = "labels.npy"
    public static let recordFile = "dataset.json"

    /// Writes the arrays as .npy (float64; labels int64) and `record` as dataset.json, all
    /// atomically.
    public func write(record: JSONValue, to output: inout StepOutput) throws(UserError) {
        try output.write(NumPyFile.encode(Tensor(activations)), as: Self.activationsFile)
        if let codes { try output.write(NumPyFile.encode(Tensor(codes)), as: Self.codesFile) }
        if let directions {
            try output.write(NumPyFile.encode(Tensor(directions)), as: Self.directionsFile)
        }
        if let labels {
            try output.write(
                NumPyFile.encode(
                    Tensor(shape: [labels.count], values: labels.map(Double.init), dtype: .int64)),
                as: Self.labelsFile)
        }
        try output.write(record.prettyText, as: Self.recordFile)
    }
}

// MARK: - Collecting

/// Samples per batch while collecting: memory holds the dataset plus one batch, never a copy per
/// batch.
public let collectionBatchSize = 4096

/// The functions step 2 collects with. `.reference` is SAEKit's; exercises 2.1 and 2.2 supply the
/// learner's.
public struct CollectionMaths: Sendable {
    /// Sparse features: each on with its probability, magnitude U[0, 1).  -> [B, n]
    public var sampleFeatures:
        @Sendable (_ batchSize: Int, _ probabilities: [Double], _ generator: inout SeededGenerator)
            -> Matrix
    /// h = W x for every sample of a batch.  x: [B, n]  W: [m, n]  -> [B, m]
    public var hiddenActivations: @Sendable (_ x: Matrix, _ W: Matrix) -> Matrix

    public init(
        sampleFeatures: @escaping @Sendable (Int, [Double], inout SeededGenerator) -> Matrix,
        hiddenActivations: @escaping @Sendable (Matrix, Matrix) -> Matrix
    ) {
        self.sampleFeatures = sampleFeatures
        self.hiddenActivations = hiddenActivations
    }

    public static let reference = CollectionMaths(
        sampleFeatures: { batchSize, probabilities, generator in
            SparseFeatureSampler(probabilities: probabilities).sample(
                batchSize: batchSize, generator: &generator)
        },
        hiddenActivations: { x, W in x.matmulTransposed(W) })
}

extension ActivationDataset {
    // ANCHOR: collect-toy-model
    /// Runs sparse inputs through the toy model's first layer, batch by batch: h = W x.
    // model.W: [m, n]  ->  activations [N, m], codes [N, n], directions [n, m]
    public static func collect(
        from model: ToyModel, featureProbability: Double, samples: Int, seed: UInt64,
        maths: CollectionMaths = .reference
    ) -> ActivationDataset {
        var random = SeededGenerator(seed: seed, stream: "collect")
        let probabilities = Array(repeating: featureProbability, count: model.featureCount)
        var dataset = ActivationDataset(activations: Matrix(rows: samples, cols: model.hiddenCount),
                                        codes: Matrix(rows: samples, cols: model.featureCount),
                                        directions: model.W.transposed)        // row i = column W_i
        for start in stride(from: 0, to: samples, by: collectionBatchSize) {
            let count = min(collectionBatchSize, samples - start)
            let x = maths.sampleFeatures(count, probabilities, &random)             // [b, n]
            let h = maths.hiddenActivations(x, model.W)                             // [b, m]
            dataset.activations.replaceRows(startingAt: start, with: h)
            dataset.codes!.replaceRows(startingAt: start, with: x)
        }
        return dataset
    }
    // ANCHOR_END: collect-toy-model

    /// a = codes · directions + noise for a known dictionary, batch by batch.
    public static func collect(
        from dictionary: KnownDictionary, samples: Int, seed: UInt64
    ) -> ActivationDataset {
        var random = SeededGenerator(seed: seed, stream: "collect")
        var dataset = ActivationDataset(
            activations: Matrix(rows: samples, cols: dictionary.config.dims),
            codes: Matrix(rows: samples, cols: dictionary.config.features),
            directions: dictionary.directions)
        for start in stride(from: 0, to: samples, by: collectionBatchSize) {
            let count = min(collectionBatchSize, samples - start)
            let codes = dictionary.sampleCodes(batchSize: count, generator: &random)
            dataset.activations.replaceRows(
                startingAt: start, with: dictionary.activations(codes, generator: &random))
            dataset.codes!.replaceRows(startingAt: start, with: codes)
        }
        return dataset
    }

    /// The classifier's hidden layer on fresh clustered samples, with their labels.
    public static func collect(
        from classifier: MLPClassifier, data: ClusteredData, samples: Int, seed: UInt64
    ) -> ActivationDataset {
        var random = SeededGenerator(seed: seed, stream: "collect")
        var dataset = ActivationDataset(
            activations: Matrix(rows: samples, cols: classifier.W1.rows), labels: [])
        for start in stride(from: 0, to: samples, by: collectionBatchSize) {
            let batch = data.sample(
                batchSize: min(collectionBatchSize, samples - start), generator: &random)
            dataset.activations.replaceRows(
                startingAt: start, with: classifier.hidden(batch.inputs))
            dataset.labels! += batch.labels
        }
        return dataset
    }
}

extension Matrix {
    /// Overwrites rows `start ..< start + block.rows` with `block` (same number of columns).
    public mutating func replaceRows(startingAt start: Int, with block: Matrix) {
        ensure(
            block.cols == cols && start + block.rows <= rows,
            "replaceRows: block [\(block.rows), \(block.cols)] at row \(start) of [\(rows), "
                + "\(cols)]"
        )
        values.replaceSubrange((start * cols)..<((start + block.rows) * cols), with: block.values)
    }
}

extension ActivationDataset {
    /// The line a step prints about its data: "data: 50000 activations of dimension 5
    /// (curriculum), true L0 0.90" (the true L0 when the data has one).
    public func summary(label: String, trueL0: Double? = nil) -> String {
        "data: \(activations.rows) activations of dimension \(activations.cols) (\(label))"
            + (trueL0.map { ", true L0 \(formatFixed($0, decimals: 2))" } ?? "")
    }
}
