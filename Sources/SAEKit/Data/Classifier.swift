// The `classifier` preset: data in 8 Gaussian clusters in 20 dimensions, and an MLP with 16 hidden
// ReLUs trained to name the cluster. Its hidden layer is a small "real" network's activations: no
// known dictionary, but class labels to check features against.

import Foundation

/// How the clustered data and the MLP are made.
public struct ClassifierConfig: Sendable, Equatable {
    public var classes = 8
    public var inputDims = 20
    public var hidden = 16
    /// Standard deviation of each cluster around its centre (centres are standard normal).
    public var clusterSpread = 0.6
    public var steps = 3000
    public var batchSize = 256
    public var learningRate = 3e-3

    public init() {}

    public var record: [(String, JSONValue)] {
        [
            ("classes", .int(classes)), ("input_dims", .int(inputDims)), ("hidden", .int(hidden)),
            ("cluster_spread", .number(clusterSpread)), ("steps", .int(steps)),
            ("batch_size", .int(batchSize)),
            ("learning_rate", .number(learningRate))
        ]
    }
}

/// Labelled samples from Gaussian clusters.
public struct ClusteredData: Sendable {
    public let config: ClassifierConfig
    /// One centre per class, `[classes, inputDims]`.
    public let centres: Matrix

    public init(_ config: ClassifierConfig, seed: UInt64) {
        self.config = config
        var random = SeededGenerator(seed: seed, stream: "clusters")
        centres = Matrix(rows: config.classes, cols: config.inputDims) { _, _ in random.normal() }
    }

    /// A batch of inputs `[B, inputDims]` and their class labels.
    public func sample(
        batchSize: Int, generator: inout SeededGenerator
    ) -> (inputs: Matrix, labels: [Int]) {
        let labels = (0..<batchSize).map { _ in generator.integer(in: 0...(config.classes - 1)) }
        let inputs = Matrix(rows: batchSize, cols: config.inputDims) { r, c in
            centres[labels[r], c] + config.clusterSpread * generator.normal()
        }
        return (inputs, labels)
    }
}

/// A one-hidden-layer MLP: hidden = ReLU(x·W1ᵀ + b1), logits = hidden·W2ᵀ + b2, softmax
/// cross-entropy.
public struct MLPClassifier: Sendable, Equatable {
    public var W1: Matrix   // [hidden, input]
    public var b1: [Double] // [hidden]
    public var W2: Matrix   // [classes, hidden]
    public var b2: [Double] // [classes]

    /// He-normal first layer, Xavier-normal second, zero biases.
    public init(_ config: ClassifierConfig, generator: inout SeededGenerator) {
        let he = (2.0 / Double(config.inputDims)).squareRoot(),
            xavier = (2.0 / Double(config.hidden + config.classes)).squareRoot()
        W1 = Matrix(rows: config.hidden, cols: config.inputDims) { _, _ in generator.normal() * he }
        b1 = Array(repeating: 0, count: config.hidden)
        W2 = Matrix(rows: config.classes, cols: config.hidden) { _, _ in generator.normal() * xavier
        }
        b2 = Array(repeating: 0, count: config.classes)
    }

    /// The hidden layer, the activations step 2 collects.
    // x: [B, input]  ->  [B, hidden]
    public func hidden(_ x: Matrix) -> Matrix { x.matmulTransposed(W1).addingToEachRow(b1).relu }

    /// Class scores.
    // x: [B, input]  ->  [B, classes]
    public func logits(_ x: Matrix) -> Matrix { hidden(x).matmulTransposed(W2).addingToEachRow(b2) }

    /// Fraction of samples whose largest logit is their label.
    public func accuracy(_ x: Matrix, labels: [Int]) -> Double {
        let scores = logits(x)
        let correct = (0..<x.rows).filter { r in
            (0..<scores.cols).max { scores[r, $0] < scores[r, $1] } == labels[r]
        }.count
        return Double(correct) / Double(x.rows)
    }

    /// Mean cross-entropy and its gradients (one step of backpropagation through both layers).
    // x: [B, input]  ->  loss, ∂W1 [hidden, input], ∂b1, ∂W2 [classes, hidden], ∂b2
    func lossAndGradients(_ x: Matrix, labels: [Int]) -> (loss: Double, gradients: [[Double]]) {
        let preActivation = x.matmulTransposed(W1).addingToEachRow(b1)      // [B, hidden]
        let hidden = preActivation.relu
        let scores = hidden.matmulTransposed(W2).addingToEachRow(b2)       // [B, classes]
        var dScores = Matrix(rows: x.rows, cols: scores.cols)
        var loss = 0.0
        for r in 0..<x.rows {
            let top = scores.row(r).max()!
            let exps = scores.row(r).map { exp($0 - top) }
            let total = exps.reduce(0, +)
            loss -= log(exps[labels[r]] / total)
            for c in 0..<scores.cols {
                dScores[r, c] = (exps[c] / total - (c == labels[r] ? 1 : 0)) / Double(x.rows)
            }
        }
        let dW2 = dScores.transposedMatmul(hidden)                          // [classes, hidden]
        let dHidden = dScores.matmul(W2).zipped(with: preActivation) { g, z in z > 0 ? g : 0 }
        let dW1 = dHidden.transposedMatmul(x)                               // [hidden, input]
        return (
            loss / Double(x.rows), [dW1.values, dHidden.columnSums, dW2.values, dScores.columnSums]
        )
    }

    /// Trains on fresh batches with Adam; returns the loss curve.
    public mutating func train(on data: ClusteredData, generator: inout SeededGenerator,
                               progress: (TrainingProgress) -> Void = { _ in }) -> [Double] {
        let config = data.config
        var moments = [W1.values.count, b1.count, W2.values.count, b2.count].map(AdamMoments.init)
        var curve: [Double] = []
        for step in 0..<config.steps {
            let batch = data.sample(batchSize: config.batchSize, generator: &generator)
            let (loss, gradients) = lossAndGradients(batch.inputs, labels: batch.labels)
            let hyper = AdamHyperparameters()
            adamUpdate(
                &W1.values, gradient: gradients[0], moments: &moments[0],
                learningRate: config.learningRate, hyperparameters: hyper)
            adamUpdate(
                &b1, gradient: gradients[1], moments: &moments[1],
                learningRate: config.learningRate, hyperparameters: hyper)
            adamUpdate(
                &W2.values, gradient: gradients[2], moments: &moments[2],
                learningRate: config.learningRate, hyperparameters: hyper)
            adamUpdate(
                &b2, gradient: gradients[3], moments: &moments[3],
                learningRate: config.learningRate, hyperparameters: hyper)
            curve.append(loss)
            if (step + 1) % max(1, config.steps / 100) == 0 || step + 1 == config.steps {
                progress(TrainingProgress(step: step + 1, totalSteps: config.steps, loss: loss))
            }
        }
        return curve
    }
}
