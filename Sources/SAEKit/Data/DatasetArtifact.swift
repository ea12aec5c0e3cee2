// Step 2's dataset as an artifact: made (collect from its source, normalise), written (the .npy
// files, dataset.json, metrics.json, figures), and found again by later steps, which reuse it when
// its fingerprint matches the spec their flags imply and otherwise re-create it, saying so.

import Foundation

/// A dataset with everything step 2 reports about it.
public struct BuiltDataset: Sendable {
    public var dataset: ActivationDataset
    /// Statistics of the raw (unnormalised) activations.
    public var statistics: ActivationStatistics
    /// Where the source came from, one line each (e.g. "using the step-1 toy model in …").
    public var notes: [String]
    public var classifierAccuracy: Double?
    /// Neuron × feature (or × class) responses, when there is something to respond to.
    public var responses: FeatureResponses?
    public var columnsAreClasses: Bool
    /// What the responses estimate for the toy model's independent features: W/2 ([neurons,
    /// features]; an active feature's mean value is 1/2). Nil for the other sources.
    public var expectedResponses: Matrix?
}

public enum DatasetArtifact {
    // MARK: - Making

    /// Makes the dataset `spec` describes: prepares its source (finding or training the step-1
    /// model, training the classifier, or reading the user's file), collects, computes statistics,
    /// normalises.
    public static func build(
        _ spec: DatasetSpec, root: String, showProgress: Bool, maths: CollectionMaths = .reference,
        statistics: (Matrix) -> ActivationStatistics = { ActivationStatistics(activations: $0) }
    )
        throws(UserError) -> BuiltDataset {
        var notes: [String] = []
        var accuracy: Double?
        var dataset: ActivationDataset
        switch spec.origin {
        case let .file(path, _):
            dataset = try ActivationDataset(userFile: path)
            notes.append("read \(path): no ground truth, so later steps skip what needs it")
        case let .preset(preset, .toyModel(config)):
            let (model, note) = try DataPreparation.toyModel(
                config, preset: preset, seed: spec.seed, root: root, showProgress: showProgress)
            notes.append(note)
            dataset = .collect(
                from: model, featureProbability: config.featureProbability, samples: spec.samples,
                seed: spec.seed, maths: maths)
        case let .preset(_, .dictionary(config)):
            notes.append(
                "\(config.features) random unit directions in \(config.dims) dimensions (seed "
                    + "\(spec.seed))"
            )
            dataset = .collect(
                from: KnownDictionary(config, seed: spec.seed), samples: spec.samples,
                seed: spec.seed)
        case let .preset(_, .classifier(config)):
            let trained = DataPreparation.classifier(
                config, seed: spec.seed, showProgress: showProgress)
            accuracy = trained.accuracy
            notes.append(
                "trained the classifier (\(config.steps) Adam steps): test accuracy "
                    + "\(formatFixed(100 * trained.accuracy, decimals: 1))%"
            )
            dataset = .collect(
                from: trained.model, data: trained.data, samples: spec.samples, seed: spec.seed)
        }
        let raw = statistics(dataset.activations)
        if spec.normalize { dataset.scale(by: raw.normalisationScale) }
        let classes = dataset.labels.map {
            FeatureResponses.oneHot($0, classes: ($0.max() ?? 0) + 1)
        }
        let responses = (dataset.codes ?? classes).map {
            FeatureResponses(activations: dataset.activations, indicators: $0)
        }
        var expected: Matrix?
        if case .preset(_, .toyModel) = spec.origin, let directions = dataset.directions {
            expected = 0.5 * directions.transposed                              // [d, n]: W/2
        }
        return BuiltDataset(
            dataset: dataset, statistics: raw, notes: notes, classifierAccuracy: accuracy,
            responses: responses,
            columnsAreClasses: classes != nil, expectedResponses: expected)
    }

    // MARK: - Writing

    /// Writes step 2's files into `output` (ROOT/step2).
    public static func write(
        _ built: BuiltDataset, spec: DatasetSpec, usedLearnerCode: Bool, to output: inout StepOutput
    ) throws(UserError) {
        try output.prepare()
        try built.dataset.write(record: record(spec, built), to: &output)
        for (name, svg) in DatasetFigures(
            dataset: built.dataset, responses: built.responses, name: spec.label,
            columnsAreClasses: built.columnsAreClasses
        ).all {
            try output.write(svg, as: name)
        }
        try output.write(
            metrics(spec, built, usedLearnerCode: usedLearnerCode).prettyText, as: "metrics.json")
    }

    /// dataset.json: the spec, its fingerprint, what the files hold, the normalisation scale.
    static func record(_ spec: DatasetSpec, _ built: BuiltDataset) -> JSONValue {
        let dataset = built.dataset
        var pairs = spec.record.objectValue ?? []
        pairs.append(("fingerprint", .string(spec.fingerprint)))
        pairs.append(("ground_truth", .bool(dataset.hasGroundTruth)))
        pairs.append(("normalization_scale", .number(built.statistics.normalisationScale)))
        var files: [(String, JSONValue)] = [
            ("activations", .string(ActivationDataset.activationsFile))
        ]
        if dataset.codes != nil { files.append(("codes", .string(ActivationDataset.codesFile))) }
        if dataset.directions != nil {
            files.append(("directions", .string(ActivationDataset.directionsFile)))
        }
        if dataset.labels != nil { files.append(("labels", .string(ActivationDataset.labelsFile))) }
        pairs.append(("files", .object(files)))
        pairs.append(("samples_collected", .int(dataset.activations.rows)))
        pairs.append(("dims", .int(dataset.activations.cols)))
        return .object(pairs)
    }

    /// metrics.json: the numbers chapter 2 quotes.
    static func metrics(
        _ spec: DatasetSpec, _ built: BuiltDataset, usedLearnerCode: Bool
    ) -> JSONValue {
        let (dataset, statistics) = (built.dataset, built.statistics)
        var pairs: [(String, JSONValue)] = [
            ("step", .string("step2")), ("dataset", .string(spec.label)),
            ("fingerprint", .string(spec.fingerprint)),
            ("seed", .int(Int(spec.seed))), ("used_learner_code", .bool(usedLearnerCode)),
            ("samples", .int(dataset.activations.rows)), ("dims", .int(dataset.activations.cols)),
            ("mean_norm", .number(statistics.meanNorm)),
            ("norm_sd", .number(statistics.normStandardDeviation)),
            ("normalization_scale", .number(statistics.normalisationScale)),
            ("normalized", .bool(spec.normalize)),
            ("max_norm", .number(dataset.activations.rowNorms.max() ?? 0))
        ]
        if let codes = dataset.codes {
            pairs.append(("active_distribution", .numbers(activeFeatureDistribution(codes))))
        }
        if let accuracy = built.classifierAccuracy {
            pairs.append(("classifier_test_accuracy", .number(accuracy)))
        }
        if let responses = built.responses {
            let shares = NeuronFeatureShares(W: responses.matrix)
            pairs.append(
                (
                    "polysemantic_neurons",
                    .ints(shares.polysemanticNeurons(among: Array(0..<responses.matrix.cols)))
                ))
            pairs.append(("responses", .array(responses.matrix.nestedRows.map(JSONValue.numbers))))
            if let expected = built.expectedResponses {
                let difference = responses.largestDifference(from: expected)
                pairs.append(("responses_max_difference_from_w_half", .number(difference)))
                pairs.append(("w_half_max_entry", .number(expected.values.map(abs).max() ?? 0)))
            }
        }
        return .object(pairs)
    }

    // MARK: - Finding it again

    /// What ROOT/step2 holds for a spec.
    public enum Lookup {
        /// The dataset made for this spec, and the normalisation scale recorded with it.
        case found(ActivationDataset, normalizationScale: Double)
        case missing
        case different(String)
        case unreadable(String)
    }

    /// Looks for the dataset made for `spec` under `root`.
    public static func lookup(_ spec: DatasetSpec, root: String) -> Lookup {
        let folder = StepOutput(root: root, step: "step2")
        guard
            let data = FileManager.default.contents(
                atPath: folder.path(ActivationDataset.recordFile))
        else { return .missing }
        guard let record = try? JSONValue(parsing: [UInt8](data)) else {
            return .unreadable("dataset.json is not valid JSON")
        }
        guard record["fingerprint"]?.stringValue == spec.fingerprint else {
            return .different(jsonDifferences(record, expected: spec.record))
        }
        do {
            let activations = try NumPyFile.read(folder.path(ActivationDataset.activationsFile))
            guard let matrix = activations.matrix else {
                return .unreadable("activations.npy is not 2-D")
            }
            var dataset = ActivationDataset(activations: matrix)
            if record["ground_truth"] == .bool(true) {
                dataset.codes = try NumPyFile.read(folder.path(ActivationDataset.codesFile)).matrix
                dataset.directions = try NumPyFile.read(
                    folder.path(ActivationDataset.directionsFile)
                ).matrix
            }
            if FileManager.default.fileExists(atPath: folder.path(ActivationDataset.labelsFile)) {
                dataset.labels = try NumPyFile.read(folder.path(ActivationDataset.labelsFile))
                    .values.map { Int($0) }
            }
            return .found(
                dataset, normalizationScale: record["normalization_scale"]?.doubleValue ?? 1)
        } catch {
            return .unreadable(error.message)
        }
    }

    /// The dataset for `spec`: reused from ROOT/step2 when it matches, otherwise made and saved
    /// there. Returns it with the normalisation scale and one line saying which happened.
    public static func obtain(
        _ spec: DatasetSpec, root: String, showProgress: Bool
    ) throws(UserError)
        -> (dataset: ActivationDataset, normalizationScale: Double, notes: [String]) {
        let place = StepOutput(root: root, step: "step2").directory + "/"
        let reason: String
        switch lookup(spec, root: root) {
        case let .found(dataset, scale):
            return (
                dataset, scale,
                ["using the step-2 dataset in \(place) (\(spec.label), same settings and seed)"]
            )
        case .missing: reason = "no step-2 dataset in \(place)"
        case let .different(what): reason = "\(place) holds data made with \(what)"
        case let .unreadable(why): reason = "the dataset in \(place) is unreadable (\(why))"
        }
        let built = try build(spec, root: root, showProgress: showProgress)
        var output = StepOutput(root: root, step: "step2")
        try write(built, spec: spec, usedLearnerCode: false, to: &output)
        let removed = try output.finish()
        return (
            built.dataset, built.statistics.normalisationScale,
            built.notes + [
                "\(reason): collected it first (step 2, \(spec.label), seed \(spec.seed)) and "
                    + "saved it there"
            ] + (removed.map { [$0] } ?? [])
        )
    }
}

/// "samples 1000 (this run needs 50000), source.config.features 12 (needs 10)" for the keys of
/// `expected` whose values differ in `stored`.
func jsonDifferences(_ stored: JSONValue, expected: JSONValue, path: String = "") -> String {
    guard let pairs = expected.objectValue else { return "other settings" }
    // Data of another kind or preset differs in every detail: name just that.
    if let want = expected["kind"]?.stringValue, let have = stored["kind"]?.stringValue,
       want != have {
        let words = { (kind: String) in kind.replacingOccurrences(of: "-", with: " ") }
        return "\(words(have)) data (this run needs \(words(want)) data)"
    }
    if let want = expected["preset"], let have = stored["preset"], want != have {
        return "preset \(have.compactText) (this run needs \(want.compactText))"
    }
    var parts: [String] = []
    for (key, value) in pairs {
        let name = path.isEmpty ? key : "\(path).\(key)"
        guard let old = stored[key] else { parts.append("no \(name)"); continue }
        if old == value { continue }
        if value.objectValue != nil, old.objectValue != nil {
            parts.append(jsonDifferences(old, expected: value, path: name))
        } else {
            parts.append("\(name) \(old.compactText) (this run needs \(value.compactText))")
        }
    }
    return parts.isEmpty ? "other settings" : parts.joined(separator: ", ")
}
