// Getting step 2's data source ready: the step-1 toy model (reused when ROOT/step1 holds one made
// with the same settings, otherwise trained and saved there), the classifier (trained here), or the
// user's own activations file (validated).

import Foundation

public enum DataPreparation {
    /// The toy model for `config` and `seed`, and one line saying where it came from.
    public static func toyModel(
        _ config: ToyModelConfig, preset: Preset, seed: UInt64, root: String,
        showProgress: Bool
    ) throws(UserError) -> (model: ToyModel, note: String) {
        let place = StepOutput(root: root, step: "step1").path(Step1Artifact.modelFile)
        let reason: String
        switch Step1Artifact.lookup(root: root, config: config, seed: seed) {
        case let .found(model):
            return (model, "using the step-1 toy model in \(place) (same settings and seed)")
        case .missing:
            reason = "no step-1 toy model in \(StepOutput(root: root, step: "step1").directory)/"
        case let .different(what):
            reason = "\(place) was made with \(what)"
        case let .unreadable(why):
            reason = "\(place) is unreadable (\(why))"
        }
        var progress = ProgressLine(
            label: "training the toy model", total: config.steps, enabled: showProgress)
        let trained = trainToyModel(config, seed: seed) {
            progress.update($0.step, ["loss " + formatFixed($0.loss, decimals: 5)])
        }
        var output = StepOutput(root: root, step: "step1")
        try trained.writeArtifacts(
            preset: preset.rawValue, metrics: SuperpositionMetrics(W: trained.model.W),
            usedLearnerCode: false, to: &output)
        let removed = try output.finish()
        return (
            trained.model,
            "\(reason): trained it first (step 1, \(preset.rawValue), seed \(seed)) and saved it "
                + "there"
                + (removed.map { "\n" + $0 } ?? "")
        )
    }

    /// A trained classifier, its data, and its accuracy on 10,000 fresh samples.
    public static func classifier(_ config: ClassifierConfig, seed: UInt64, showProgress: Bool)
        -> (model: MLPClassifier, data: ClusteredData, accuracy: Double) {
        let data = ClusteredData(config, seed: seed)
        var initRandom = SeededGenerator(seed: seed, stream: "init"),
            trainRandom = SeededGenerator(seed: seed, stream: "train")
        var model = MLPClassifier(config, generator: &initRandom)
        var progress = ProgressLine(
            label: "training the classifier", total: config.steps, enabled: showProgress)
        _ = model.train(on: data, generator: &trainRandom) {
            progress.update($0.step, ["loss " + formatFixed($0.loss, decimals: 4)])
        }
        var evalRandom = SeededGenerator(seed: seed, stream: "eval")
        let test = data.sample(batchSize: 10_000, generator: &evalRandom)
        return (model, data, model.accuracy(test.inputs, labels: test.labels))
    }
}

extension ActivationDataset {
    /// The largest |entry| a user's activations may have: squares and sums of squares must stay
    /// finite.
    public static let largestEntry = 1e100

    /// A user's activations from a .npy file: a finite 2-D array [samples, dims], at least 2
    /// samples.
    public init(userFile path: String) throws(UserError) {
        let tensor = try NumPyFile.read(path)
        guard tensor.shape.count == 2 else {
            throw UserError(
                "\(path): expected a 2-D array [samples, dims], got shape "
                    + "(\(tensor.shape.map(String.init).joined(separator: ", ")))"
            )
        }
        guard tensor.shape[0] >= 2, tensor.shape[1] >= 1 else {
            throw UserError(
                "\(path): needs at least 2 samples of at least 1 dimension, got shape "
                    + "(\(tensor.shape[0]), \(tensor.shape[1]))"
            )
        }
        if let bad = tensor.values.firstIndex(where: { !$0.isFinite }) {
            throw UserError(
                "\(path): row \(bad / tensor.shape[1]) has a NaN or infinite value (column "
                    + "\(bad % tensor.shape[1]))"
            )
        }
        if let huge = tensor.values.firstIndex(where: { abs($0) > Self.largestEntry }) {
            throw UserError(
                "\(path): row \(huge / tensor.shape[1]) has the value "
                    + "\(formatScientific(tensor.values[huge])) (column "
                    + "\(huge % tensor.shape[1])); "
                    + "entries must be at most 1e100 in size so that squared norms stay finite: "
                    + "divide the array by a constant first"
            )
        }
        self.init(
            activations: Matrix(rows: tensor.shape[0], cols: tensor.shape[1], values: tensor.values)
        )
    }
}
