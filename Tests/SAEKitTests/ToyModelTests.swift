// The toy model: forward and loss by hand, gradients against finite differences, the metrics on
// shapes with known answers, the sampler's statistics, and training that reproduces the paper.

@testable import SAEKit
import Testing

@Suite("Toy model")
struct ToyModelTests {
    static func randomCase(seed: UInt64) -> (Matrix, ToyModel, [Double]) {
        var generator = SeededGenerator(seed: seed, stream: "toy-tests")
        let x = Matrix(rows: 6, cols: 7) { _, _ in
            generator.bernoulli(0.5) ? generator.uniform() : 0
        }
        let W = Matrix(rows: 3, cols: 7) { _, _ in generator.normal() * 0.8 }
        let b = (0..<7).map { _ in generator.normal() * 0.2 }
        return (x, ToyModel(W: W, b: b), (0..<7).map { pow(0.8, Double($0)) })
    }

    @Test func forwardByHand() {
        // W = [1, −1] (one hidden dim, two features), b = [0, 0.5], x = [2, 1]:
        // h = 2 − 1 = 1;  Wᵀh + b = [1, −1] + [0, 0.5] = [1, −0.5];  ReLU → [1, 0].
        let model = ToyModel(W: Matrix([[1, -1]]), b: [0, 0.5])
        #expect(model.forward(Matrix([[2, 1]])) == Matrix([[1, 0]]))
    }

    @Test func lossByHand() {
        // Two samples; errors (1, 0) and (0, 2); importance (1, 0.5): (1 + 0.5·4) / 2 = 1.5.
        let x = Matrix([[1, 0], [0, 2]]), reconstruction = Matrix([[0, 0], [0, 0]])
        #expect(ToyModel.loss(x, reconstruction: reconstruction, importance: [1, 0.5]) == 1.5)
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func gradientsMatchFiniteDifferences(seed: UInt64) {
        let (x, model, importance) = Self.randomCase(seed: seed)
        let analytic = model.gradients(x, importance: importance)
        let loss = { (m: ToyModel) in
            ToyModel.loss(x, reconstruction: m.forward(x), importance: importance)
        }
        let numericW = centralDifferences(at: model.W.values) {
            loss(ToyModel(W: Matrix(rows: 3, cols: 7, values: $0), b: model.b))
        }
        let numericB = centralDifferences(at: model.b) { loss(ToyModel(W: model.W, b: $0)) }
        for (a, n) in zip(analytic.W.values + analytic.b, numericW + numericB) {
            #expect(abs(a - n) < 1e-6 * max(1, abs(n)))
        }
        #expect(analytic.W.maxAbs > 1e-3, "a gradient of zero would pass trivially")
    }

    @Test func lossAndGradientsAgreeWithSeparateCalls() {
        let (x, model, importance) = Self.randomCase(seed: 14)
        let fused = model.lossAndGradients(x, importance: importance)
        #expect(fused.gradients == model.gradients(x, importance: importance))
        #expect(
            fused.loss == ToyModel.loss(x, reconstruction: model.forward(x), importance: importance)
        )
    }

    @Test func metricsOfOrthogonalFeatures() {
        let metrics = SuperpositionMetrics(W: Matrix.identity(3))
        #expect(metrics.featureNorms == [1, 1, 1])
        #expect(metrics.interference == [0, 0, 0])
        #expect(metrics.featureDimensionality == [1, 1, 1])
        #expect(metrics.dimensionsPerFeature == 1)
    }

    @Test func metricsOfAnAntipodalPair() {
        // Two features on one dimension, opposite directions: each gets half a dimension.
        let W = Matrix([[1, -1]])
        let metrics = SuperpositionMetrics(W: W)
        #expect(metrics.interference == [1, 1])
        #expect(metrics.featureDimensionality == [0.5, 0.5])
        #expect(metrics.dimensionsPerFeature == 0.5)
        #expect(
            SuperpositionMetrics.antipodalPairs(W, among: [0, 1]).map { [$0.0, $0.1] } == [[0, 1]])
    }

    @Test func metricsOfAZeroColumnFollowTheRule() {
        let metrics = SuperpositionMetrics(W: Matrix([[1, 0], [0, 0]]))
        #expect(metrics.featureNorms == [1, 0])
        #expect(metrics.interference == [0, 0])
        #expect(metrics.featureDimensionality == [1, 0])
        #expect(metrics.representedFeatures == [0])
    }

    @Test func neuronSharesSumToOne() {
        let shares = NeuronFeatureShares(W: Matrix([[3, 4, 0], [0, 0, 0]]))
        #expect(shares.shares[0] == [0.36, 0.64, 0])
        #expect(shares.shares[1] == [0, 0, 0])
        #expect(shares.polysemanticNeurons(among: [0, 1, 2]) == [0])
        #expect(shares.features(ofNeuron: 0, among: [0, 1, 2]) == [1, 0])
    }

    @Test func samplerStatisticsAndDrawOrder() {
        var generator = SeededGenerator(seed: 5)
        let x = SparseFeatureSampler(features: 20, probability: 0.1).sample(
            batchSize: 5000, generator: &generator)
        let on = x.values.filter { $0 != 0 }
        #expect(abs(Double(on.count) / Double(x.values.count) - 0.1) < 0.01)
        #expect(on.allSatisfy { $0 > 0 && $0 < 1 })
        #expect(abs(on.reduce(0, +) / Double(on.count) - 0.5) < 0.02)
        // The documented order: per entry one uniform for on/off, then one for the magnitude when
        // on.
        var replay = SeededGenerator(seed: 9)
        var expected = [Double]()
        for _ in 0..<(3 * 4) { expected.append(replay.uniform() < 0.5 ? replay.uniform() : 0) }
        var fresh = SeededGenerator(seed: 9)
        #expect(
            SparseFeatureSampler(features: 4, probability: 0.5).sample(
                batchSize: 3, generator: &fresh
            ).values == expected)
    }

    @Test func trainingIsDeterministicAndLearns() {
        var config = Preset.curriculum.toyModel!
        config.steps = 300
        let first = trainToyModel(config, seed: 3), second = trainToyModel(config, seed: 3)
        #expect(first.model == second.model)
        #expect(first.lossCurve == second.lossCurve)
        let start = first.lossCurve.prefix(20).reduce(0, +) / 20,
            end = first.lossCurve.suffix(20).reduce(0, +) / 20
        #expect(end < 0.5 * start)
        #expect(trainToyModel(config, seed: 4).model != first.model)
    }

    @Test func pentagonPresetLearnsThePentagon() {
        // Elhage et al. 2022, Figure 1: five sparse features in two dimensions form a regular
        // pentagon.
        let trained = trainToyModel(Preset.pentagon.toyModel!, seed: 0)
        let metrics = SuperpositionMetrics(W: trained.model.W)
        #expect(metrics.representedFeatures.count == 5)
        for dimensionality in metrics.featureDimensionality {
            #expect(abs(dimensionality - 0.4) < 0.02)
        }
        let angles = (0..<5).map { atan2(trained.model.W[1, $0], trained.model.W[0, $0]) }.sorted()
        let gaps = (0..<5).map { i in
            i == 4 ? angles[0] + 2 * .pi - angles[4] : angles[i + 1] - angles[i]
        }
        for gap in gaps { #expect(abs(gap - 2 * .pi / 5) < 0.05) }
    }

    @Test func learnerMathsPathMatchesTheFusedReference() {
        // The `--mine` path (three separate functions) trains exactly like the fused reference.
        var config = Preset.pentagon.toyModel!
        config.steps = 50
        let separate = ToyModelMaths(
            forward: { $1.forward($0) },
            loss: { ToyModel.loss($0, reconstruction: $1, importance: $2) },
            gradients: { $1.gradients($0, importance: $2) })
        #expect(
            trainToyModel(config, seed: 1, maths: separate).model
                == trainToyModel(config, seed: 1).model)
    }

    @Test func safetensorsRoundTripOfATrainedModel() throws {
        var config = Preset.pentagon.toyModel!
        config.steps = 10
        let trained = trainToyModel(config, seed: 2)
        let decoded = try SafeTensorsFile(decoding: trained.safetensors.encoded())
        #expect(try ToyModel(decoded, source: "memory") == trained.model)
        #expect(decoded.metadata("seed") == "2")
        let config2 = try JSONValue(parsing: decoded.metadata("config")!)
        #expect(config2["hidden"]?.intValue == 2)
    }
}

import Foundation
