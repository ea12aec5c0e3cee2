// What step 1 leaves on disk for later steps and for other tools: the model as safetensors
// (readable from Python with `safetensors.numpy.load_file`) and the headline numbers as metrics.json.

extension TrainedToyModel {
    /// `W` [hidden, features] and `b` [features] as float64, with the configuration in the metadata.
    public var safetensors: SafeTensorsFile {
        SafeTensorsFile(
            tensors: [("W", Tensor(model.W)), ("b", Tensor(vector: model.b))],
            metadata: [("format", "sae-curriculum toy model"),
                       ("layout", "h = W x, x' = ReLU(W^T h + b); W is [hidden, features], column i is feature i"),
                       ("seed", String(seed)),
                       ("config", JSONValue.object(config.record).compactText)])
    }

    /// metrics.json: the settings, the final loss and the superposition measures.
    public func metricsJSON(preset: String, metrics: SuperpositionMetrics, usedLearnerCode: Bool) -> JSONValue {
        let shares = NeuronFeatureShares(W: model.W)
        let pairs = SuperpositionMetrics.antipodalPairs(model.W, among: metrics.representedFeatures)
        return .object([
            ("step", .string("step1")),
            ("preset", .string(preset)),
            ("seed", .int(Int(seed))),
            ("config", .object(config.record)),
            ("used_learner_code", .bool(usedLearnerCode)),
            ("final_loss", .number(finalLoss)),
            ("dimensions_per_feature", .number(metrics.dimensionsPerFeature)),
            ("represented_count", .int(metrics.representedFeatures.count)),
            ("represented_features", .ints(metrics.representedFeatures)),
            ("superposed_features", .ints(metrics.superposedFeatures)),
            ("antipodal_pairs", .array(pairs.map { .ints([$0.0, $0.1]) })),
            ("polysemantic_neurons", .ints(shares.polysemanticNeurons(among: metrics.representedFeatures))),
            ("importance", .numbers(config.importance)),
            ("feature_norms", .numbers(metrics.featureNorms)),
            ("interference", .numbers(metrics.interference)),
            ("feature_dimensionality", .numbers(metrics.featureDimensionality)),
            ("bias", .numbers(model.b)),
        ])
    }
}

extension ToyModel {
    /// Reads a toy model back from step 1's safetensors file, checking the tensors' shapes.
    public init(_ file: SafeTensorsFile, source: String) throws(UserError) {
        guard let W = file["W"]?.matrix else { throw UserError("\(source): no rank-2 tensor 'W' (is this step 1's toy-model.safetensors?)") }
        guard let b = file["b"], b.shape == [W.cols] else {
            throw UserError("\(source): tensor 'b' must have shape [\(W.cols)] to match W \(W.shape)")
        }
        self.init(W: W, b: b.values)
    }
}
