// Step 2's engine: dictionaries, the classifier, collection, statistics, responses, fingerprints,
// and finding step 1's model.

@testable import SAEKit
import Foundation
import Testing

@Suite("Datasets")
struct DatasetTests {
    @Test func dictionaryDirectionsAreUnitAndCodesFollowTheRules() {
        let config = DictionaryConfig(
            features: 8, dims: 4, activity: .count(1...3), coefficients: .uniform(0.5, 2))
        let dictionary = KnownDictionary(config, seed: 1)
        for norm in dictionary.directions.rowNorms { #expect(abs(norm - 1) < 1e-12) }
        var random = SeededGenerator(seed: 2)
        let codes = dictionary.sampleCodes(batchSize: 3000, generator: &random)
        let counts = (0..<codes.rows).map { r in codes.row(r).filter { $0 != 0 }.count }
        #expect(Set(counts) == [1, 2, 3])
        for count in 1...3 {
            let fraction = Double(counts.filter { $0 == count }.count) / 3000
            #expect(abs(fraction - 1.0 / 3) < 0.04)
        }
        #expect(codes.values.filter { $0 != 0 }.allSatisfy { $0 >= 0.5 && $0 < 2 })
    }

    @Test func truncatedNormalCoefficientsArePositiveWithTheRightMean() {
        let config = DictionaryConfig(
            features: 24, dims: 8, activity: .count(2...4),
            coefficients: .normal(mean: 1.5, sd: 0.4))
        var random = SeededGenerator(seed: 3)
        let values = KnownDictionary(config, seed: 0).sampleCodes(
            batchSize: 5000, generator: &random
        ).values.filter { $0 != 0 }
        #expect(values.allSatisfy { $0 > 0 })
        #expect(abs(values.reduce(0, +) / Double(values.count) - 1.5) < 0.02)
    }

    @Test func activationsAreCodesTimesDirectionsPlusNoise() {
        let clean = DictionaryConfig(features: 5, dims: 3, activity: .independent(probability: 0.3))
        var noisy = clean
        noisy.noise = 0.5
        let dataset = ActivationDataset.collect(
            from: KnownDictionary(clean, seed: 4), samples: 5000, seed: 4)
        let exact = dataset.codes!.matmul(dataset.directions!)
        #expect((dataset.activations - exact).maxAbs < 1e-12)
        let withNoise = ActivationDataset.collect(
            from: KnownDictionary(noisy, seed: 4), samples: 5000, seed: 4)
        let residual = withNoise.activations - withNoise.codes!.matmul(withNoise.directions!)
        let sd = (residual.squaredFrobeniusNorm / Double(residual.values.count)).squareRoot()
        #expect(abs(sd - 0.5) < 0.01)
    }

    @Test func toyCollectionEqualsOneShotAndStreamsAcrossBatches() {
        // 10,000 samples span three batches of 4096; the result must equal h = x·Wᵀ on the codes.
        var random = SeededGenerator(seed: 5)
        let model = ToyModel.initialised(features: 6, hidden: 3, generator: &random)
        let dataset = ActivationDataset.collect(
            from: model, featureProbability: 0.2, samples: 10_000, seed: 5)
        #expect(dataset.activations.shape == [10_000, 3] && dataset.codes!.shape == [10_000, 6])
        #expect((dataset.activations - dataset.codes!.matmulTransposed(model.W)).maxAbs < 1e-12)
        #expect(dataset.directions == model.W.transposed)
        let tail = dataset.codes!.selectingRows(Array(9000..<10_000))
        #expect(tail.values.contains { $0 != 0 }, "the last, partial batch is filled")
        var fresh = SeededGenerator(seed: 5, stream: "collect")
        let firstBatch = SparseFeatureSampler(features: 6, probability: 0.2).sample(
            batchSize: collectionBatchSize, generator: &fresh)
        #expect(dataset.codes!.selectingRows(Array(0..<collectionBatchSize)) == firstBatch)
    }

    @Test func statisticsKnownAnswer() {
        // Norms 3 and 5 (rows [3, 0] and [0, 5]): mean 4, sd 1, scale √2 / 4.
        let statistics = ActivationStatistics(activations: Matrix([[3, 0], [0, 5]]))
        #expect(
            statistics
                == ActivationStatistics(
                    meanNorm: 4, normStandardDeviation: 1, normalisationScale: 2.0.squareRoot() / 4)
        )
        var dataset = ActivationDataset(
            activations: Matrix([[3, 0], [0, 5]]), codes: Matrix([[1, 0], [0, 1]]),
            directions: Matrix([[3, 0], [0, 5]]))
        dataset.scale(by: statistics.normalisationScale)
        #expect(
            abs(ActivationStatistics(activations: dataset.activations).meanNorm - 2.0.squareRoot())
                < 1e-12)
        #expect(
            (dataset.activations - dataset.codes!.matmul(dataset.directions!)).maxAbs < 1e-12,
            "a = codes · directions survives scaling")
    }

    @Test func responsesRecoverTheWeightsOfALinearLayer() {
        // For h = x·Wᵀ with independent features, the response of neuron j to feature i is
        // W_ji · E[x_i | on] = W_ji / 2.
        var random = SeededGenerator(seed: 6)
        let model = ToyModel.initialised(features: 4, hidden: 2, generator: &random)
        let dataset = ActivationDataset.collect(
            from: model, featureProbability: 0.3, samples: 100_000, seed: 6)
        let responses = FeatureResponses(
            activations: dataset.activations, indicators: dataset.codes!)
        for j in 0..<2 {
            for i in 0..<4 { #expect(abs(responses.matrix[j, i] - model.W[j, i] / 2) < 0.01) }
        }
        #expect(FeatureResponses.oneHot([2, 0], classes: 3) == Matrix([[0, 0, 1], [1, 0, 0]]))
    }

    @Test func activeDistributionKnownAnswer() {
        #expect(
            activeFeatureDistribution(Matrix([[0, 0], [1, 0], [1, 2], [0, 0]])) == [0.5, 0.25, 0.25]
        )
    }

    @Test func classifierGradientsMatchFiniteDifferencesAndItLearns() {
        var config = ClassifierConfig()
        config.steps = 400
        let data = ClusteredData(config, seed: 7)
        var random = SeededGenerator(seed: 7)
        var model = MLPClassifier(config, generator: &random)
        let batch = data.sample(batchSize: 16, generator: &random)
        let analytic = model.lossAndGradients(batch.inputs, labels: batch.labels).gradients
        let numeric = centralDifferences(at: model.W1.values) { values in
            var probe = model
            probe.W1.values = values
            return probe.lossAndGradients(batch.inputs, labels: batch.labels).loss
        }
        for (a, n) in zip(analytic[0], numeric) { #expect(abs(a - n) < 1e-6 * max(1, abs(n))) }
        _ = model.train(on: data, generator: &random)
        let test = data.sample(batchSize: 2000, generator: &random)
        #expect(model.accuracy(test.inputs, labels: test.labels) > 0.9)
    }

    @Test func fingerprintsChangeWithEverySetting() {
        let base = DatasetSpec(
            origin: .preset(.curriculum, Preset.curriculum.source), samples: 100, seed: 0,
            normalize: false)
        var others = [base, base, base]
        others[0].samples = 101
        others[1].seed = 1
        others[2].normalize = true
        let prints = Set(([base] + others).map(\.fingerprint))
        #expect(prints.count == 4)
        #expect(
            base.fingerprint
                == DatasetSpec(
                    origin: .preset(.curriculum, Preset.curriculum.source), samples: 100, seed: 0,
                    normalize: false
                ).fingerprint)
        #expect(base.fingerprint.count == 16)
    }

    @Test func step1ModelIsFoundOnlyForTheSameSettings() throws {
        let root = NSTemporaryDirectory() + "sae-lookup-\(UUID().uuidString)"
        var config = Preset.pentagon.toyModel!
        config.steps = 20
        guard case .missing = Step1Artifact.lookup(root: root, config: config, seed: 0) else {
            Issue.record("expected missing"); return
        }
        let trained = trainToyModel(config, seed: 0)
        var output = StepOutput(root: root, step: "step1")
        try trained.writeArtifacts(
            preset: "pentagon", metrics: SuperpositionMetrics(W: trained.model.W),
            usedLearnerCode: false, to: &output)
        guard case let .found(model) = Step1Artifact.lookup(root: root, config: config, seed: 0)
        else { Issue.record("expected found"); return }
        #expect(model == trained.model)
        var other = config
        other.steps = 30
        guard case let .different(what) = Step1Artifact.lookup(root: root, config: other, seed: 1)
        else { Issue.record("expected different"); return }
        #expect(what == "steps 20 (this run needs 30), seed 0 (this run needs 1)")
        try AtomicFile.write("garbage", to: output.path(Step1Artifact.modelFile))
        guard case .unreadable = Step1Artifact.lookup(root: root, config: config, seed: 0) else {
            Issue.record("expected unreadable"); return
        }
    }

    @Test func userFilesMustBeFiniteTwoDimensionalArrays() throws {
        let folder = NSTemporaryDirectory() + "sae-user-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func file(_ tensor: Tensor) throws -> String {
            let path = folder + "/\(UUID().uuidString).npy"
            try NumPyFile.write(tensor, to: path)
            return path
        }
        let good = try file(Tensor(shape: [3, 2], values: [1, 2, 3, 4, 5, 6], dtype: .float32))
        #expect(
            try ActivationDataset(userFile: good).activations == Matrix([[1, 2], [3, 4], [5, 6]]))
        let cube = try file(Tensor(shape: [2, 2, 2], values: Array(repeating: 0, count: 8)))
        #expect(
            throws: UserError("\(cube): expected a 2-D array [samples, dims], got shape (2, 2, 2)")
        ) { try ActivationDataset(userFile: cube) }
        let nan = try file(Tensor(shape: [3, 2], values: [1, 2, 3, .nan, 5, 6]))
        #expect(throws: UserError("\(nan): row 1 has a NaN or infinite value (column 1)")) {
            try ActivationDataset(userFile: nan)
        }
        let single = try file(Tensor(shape: [1, 4], values: [1, 2, 3, 4]))
        #expect(throws: UserError.self) { try ActivationDataset(userFile: single) }
    }
}
