// What step 1 leaves on disk for later steps and for other tools: the model as safetensors
// (readable from Python with `safetensors.numpy.load_file`), the headline numbers as metrics.json,
// and the figures. The model file carries the settings and a fingerprint of them, so a later step
// can tell whether it was made for the setting it needs.

import Foundation

extension ToyModelConfig {
    /// What identifies a step-1 model: its settings and its seed.
    public func artifactRecord(seed: UInt64) -> JSONValue {
        .object([
            ("kind", .string("toy-model")), ("config", .object(record)), ("seed", .int(Int(seed)))
        ])
    }
}

extension TrainedToyModel {
    /// The fingerprint of the settings and seed this model was trained with.
    public var fingerprint: String { SAEKit.fingerprint(config.artifactRecord(seed: seed)) }

    /// `W` [hidden, features] and `b` [features] as float64, with the configuration in the
    /// metadata.
    public var safetensors: SafeTensorsFile {
        SafeTensorsFile(
            tensors: [("W", Tensor(model.W)), ("b", Tensor(vector: model.b))],
            metadata: [
                ("format", "sae-curriculum toy model"),
                (
                    "layout",
                    "h = W x, x' = ReLU(W^T h + b); W is [hidden, features], column i is feature i"
                ),
                ("seed", String(seed)),
                ("config", JSONValue.object(config.record).compactText),
                ("fingerprint", fingerprint)
            ])
    }

    /// metrics.json: the settings, the final loss and the superposition measures.
    public func metricsJSON(
        preset: String, metrics: SuperpositionMetrics, usedLearnerCode: Bool
    ) -> JSONValue {
        let shares = NeuronFeatureShares(W: model.W)
        let pairs = SuperpositionMetrics.antipodalPairs(model.W, among: metrics.representedFeatures)
        return .object([
            ("step", .string("step1")),
            ("preset", .string(preset)),
            ("seed", .int(Int(seed))),
            ("config", .object(config.record)),
            ("fingerprint", .string(fingerprint)),
            ("used_learner_code", .bool(usedLearnerCode)),
            ("final_loss", .number(finalLoss)),
            ("dimensions_per_feature", .number(metrics.dimensionsPerFeature)),
            ("represented_count", .int(metrics.representedFeatures.count)),
            ("represented_features", .ints(metrics.representedFeatures)),
            ("superposed_features", .ints(metrics.superposedFeatures)),
            ("antipodal_pairs", .array(pairs.map { .ints([$0.0, $0.1]) })),
            (
                "polysemantic_neurons",
                .ints(shares.polysemanticNeurons(among: metrics.representedFeatures))
            ),
            ("importance", .numbers(config.importance)),
            ("feature_norms", .numbers(metrics.featureNorms)),
            ("interference", .numbers(metrics.interference)),
            ("feature_dimensionality", .numbers(metrics.featureDimensionality)),
            ("bias", .numbers(model.b))
        ])
    }

    /// Writes all of step 1's files into `output` (ROOT/step1): figures, the model, metrics.json.
    public func writeArtifacts(preset: String, metrics: SuperpositionMetrics, usedLearnerCode: Bool,
                               to output: inout StepOutput) throws(UserError) {
        try output.prepare()
        for (name, svg) in ToyModelFigures(trained: self, metrics: metrics, name: preset).all {
            try output.write(svg, as: name)
        }
        try output.write(safetensors.encoded(), as: Step1Artifact.modelFile)
        try output.write(
            metricsJSON(preset: preset, metrics: metrics, usedLearnerCode: usedLearnerCode)
                .prettyText, as: "metrics.json")
    }
}

extension ToyModel {
    /// Reads a toy model back from step 1's safetensors file, checking the tensors' shapes.
    public init(_ file: SafeTensorsFile, source: String) throws(UserError) {
        guard let W = file["W"]?.matrix else {
            throw UserError(
                "\(source): no rank-2 tensor 'W' (is this step 1's toy-model.safetensors?)")
        }
        guard let b = file["b"], b.shape == [W.cols] else {
            throw UserError(
                "\(source): tensor 'b' must have shape [\(W.cols)] to match W \(W.shape)")
        }
        self.init(W: W, b: b.values)
    }
}

/// Finding the step-1 model a later step needs.
public enum Step1Artifact {
    public static let modelFile = "toy-model.safetensors"

    /// What was found in ROOT/step1/.
    public enum Lookup {
        /// A model made with exactly these settings and seed.
        case found(ToyModel)
        case missing
        /// A model made with other settings; the text says which differ.
        case different(String)
        case unreadable(String)
    }

    /// Looks for the model trained with `config` and `seed` under `root`.
    public static func lookup(root: String, config: ToyModelConfig, seed: UInt64) -> Lookup {
        let path = StepOutput(root: root, step: "step1").path(modelFile)
        guard FileManager.default.fileExists(atPath: path) else { return .missing }
        let bytes: SafeTensorsFile
        do {
            bytes = try SafeTensorsFile(contentsOf: path)
        } catch {
            return .unreadable(error.message)
        }
        let expected = fingerprint(config.artifactRecord(seed: seed))
        guard bytes.metadata("fingerprint") == expected else {
            return .different(differences(bytes, config: config, seed: seed))
        }
        do {
            return .found(try ToyModel(bytes, source: path))
        } catch {
            return .unreadable(error.message)
        }
    }

    /// "features 12 (this run needs 10), seed 3 (this run needs 0)" from the file's recorded
    /// settings.
    static func differences(
        _ file: SafeTensorsFile, config: ToyModelConfig, seed: UInt64
    ) -> String {
        guard let text = file.metadata("config"), let stored = try? JSONValue(parsing: text) else {
            return "unknown settings"
        }
        var parts = [jsonDifferences(stored, expected: .object(config.record))].filter {
            $0 != "other settings"
        }
        if let storedSeed = file.metadata("seed"), storedSeed != String(seed) {
            parts.append("seed \(storedSeed) (this run needs \(seed))")
        }
        return parts.isEmpty ? "other settings" : parts.joined(separator: ", ")
    }
}
