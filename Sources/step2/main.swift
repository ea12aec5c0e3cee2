// Step 2 — collecting activations. Read alongside Chapters/02-activations.md:
//   1. choose the data: a preset (toy model, known dictionary, classifier) or your own .npy file
//   2. get its source ready: find or train the step-1 toy model, draw the dictionary, train the classifier
//   3. collect activations in batches, with the ground truth (codes and directions, or labels)
//   4. look at them: norms, active features, the normalisation scale, neuron responses
//   5. save the .npy files, dataset.json, metrics.json and the figures

import Foundation
import SAEKit
import Step2Exercises

runStep {
    // MARK: 1. The data
    var flags = FlagParser(command: "step2", summary: "collect activations with their ground truth (Chapters/02-activations.md)",
                           arguments: CommandLine.arguments)
    flags.section("Data")
    let preset = flags.choice("--preset", default: Preset.curriculum, help: "a named setting; the flags below override it")
    Preset.allCases.forEach { flags.note("\($0.rawValue): \($0.summary)") }
    let userFile = flags.optionalString("--activations", help: "your own activations [samples, dims] instead of a preset (no ground truth)",
                                        valueName: "FILE.npy")
    let samples = flags.int("--samples", default: preset.defaultSamples, range: 2...5_000_000, help: "samples to collect")
    let normalize = flags.flag("--normalize", help: "scale activations so that E‖a‖ = √d (SAELens expected_average_only_in)")
    flags.section("Generated data (toy-model and dictionary presets)")
    let features = flags.int("--features", default: preset.featureCount ?? 10, range: 1...1000, help: "n, true features")
    let probability = flags.double("--probability", default: preset.featureProbability ?? 0.1, range: .aboveUpTo(0, 1),
                                   help: "chance each feature is on in a sample")
    flags.section("Toy-model presets (curriculum, pentagon): the step-1 model to collect from")
    var toy = preset.toyModel ?? Preset.curriculum.toyModel!
    toy.features = features
    toy.featureProbability = probability
    toy.readModelFlags(&flags)
    flags.section("Dictionary presets (dictionary-32x16, dictionary-8x4, dictionary-24x8)")
    var dictionary = preset.dictionary ?? Preset.dictionary32x16.dictionary!
    dictionary.features = features
    dictionary.readFlags(&flags, probability: flags.given("--probability") ? probability : nil)
    let common = CommonOptions(&flags, mineHelp: "collect with your exercises 2.1–2.3 from Exercises/Step2")
    let source: DataSource = switch preset.source {
    case .toyModel: .toyModel(toy)
    case .dictionary: .dictionary(dictionary)
    case .classifier: preset.source
    }
    checkFlagsApply(&flags, preset: preset, userFile: userFile)
    try flags.finish()

    let style = TerminalStyle.detect(noColorFlag: common.noColor)
    let userDataset = try userFile.map { try ActivationDataset(userFile: $0) }   // a bad file stops us before anything is written
    var output = StepOutput(root: common.outRoot, step: "step2")
    try output.prepare()
    let spec = DatasetSpec(origin: try userFile.map { .file(path: $0, contentFingerprint: try contentFingerprint($0)) } ?? .preset(preset, source),
                           samples: samples, seed: common.seed, normalize: normalize)
    let maths = common.mine ? try learnerMaths(for: source, userFile: userFile) : nil

    // MARK: 2. The source, and 3. collecting from it
    print(style.bold("Step 2 · collecting activations (the data an SAE will learn from)"))
    print(userFile == nil ? "\(preset.rawValue): \(preset.summary); \(samples) samples, seed \(common.seed)" : spec.label)
    if common.mine { print(style.cyan("--mine: collecting with your exercises " + (preset.toyModel != nil && userFile == nil ? "2.1–2.3" : "2.3"))) }
    var dataset: ActivationDataset
    var accuracy: Double?
    if let userFile, let userDataset {
        dataset = userDataset
        print("read \(userFile): no ground truth, so later steps skip what needs it")
    } else {
        switch source {
        case let .toyModel(config):
            let (model, note) = try DataPreparation.toyModel(config, preset: preset, seed: common.seed, root: common.outRoot,
                                                             showProgress: !common.quiet)
            print(note)
            dataset = .collect(from: model, featureProbability: config.featureProbability, samples: samples, seed: common.seed,
                               maths: maths?.collection ?? .reference)
        case let .dictionary(config):
            print("\(config.features) random unit directions in \(config.dims) dimensions (seed \(common.seed))")
            dataset = .collect(from: KnownDictionary(config, seed: common.seed), samples: samples, seed: common.seed)
        case let .classifier(config):
            let trained = DataPreparation.classifier(config, seed: common.seed, showProgress: !common.quiet)
            accuracy = trained.accuracy
            print("trained the classifier (\(config.steps) Adam steps): test accuracy \(formatFixed(100 * trained.accuracy, decimals: 1))%")
            dataset = .collect(from: trained.model, data: trained.data, samples: samples, seed: common.seed)
        }
    }

    // MARK: 4. Look at it
    let statistics = maths?.statistics(dataset.activations) ?? ActivationStatistics(activations: dataset.activations)
    if normalize { dataset.scale(by: statistics.normalisationScale) }
    let report = DatasetReport(dataset: dataset, statistics: statistics, normalized: normalize, style: style)
    (report.shapes + report.statisticsLines).forEach { print($0) }
    let classes = dataset.labels.map { FeatureResponses.oneHot($0, classes: ($0.max() ?? 0) + 1) }
    let responses = (dataset.codes ?? classes).map { FeatureResponses(activations: dataset.activations, indicators: $0) }
    if let responses { report.responseLines(responses, columnsAreClasses: classes != nil).forEach { print($0) } }

    // MARK: 5. Save
    try dataset.write(record: datasetRecord(spec, dataset, statistics), to: &output)
    for (name, svg) in DatasetFigures(dataset: dataset, responses: responses, name: spec.label, columnsAreClasses: classes != nil).all {
        try output.write(svg, as: name)
    }
    try output.write(datasetMetrics(spec, dataset, statistics, responses: responses, accuracy: accuracy, mine: common.mine).prettyText,
                     as: "metrics.json")
    print("\nWrote \(output.directory)/: " + output.written.joined(separator: ", "))
}

/// Flags that do not apply to the chosen data are an error, not silently ignored.
func checkFlagsApply(_ flags: inout FlagParser, preset: Preset, userFile: String?) {
    let generated = ["--features", "--probability"] + ToyModelConfig.modelFlagNames + DictionaryConfig.flagNames
    if userFile != nil {
        for name in ["--preset", "--samples"] + generated where flags.given(name) {
            flags.require(false, "\(name) does not apply with --activations (your file is the data)")
        }
        return
    }
    let (wrong, kind): ([String], String) = switch preset.source {
    case .toyModel: (DictionaryConfig.flagNames, "dictionary presets (dictionary-32x16, dictionary-8x4, dictionary-24x8)")
    case .dictionary: (ToyModelConfig.modelFlagNames, "toy-model presets (curriculum, pentagon)")
    case .classifier: (generated, "toy-model and dictionary presets")
    }
    for name in wrong where flags.given(name) {
        flags.require(false, "\(name) applies to \(kind), not to --preset \(preset.rawValue)")
    }
}

/// A fingerprint of a user's file, so a later step notices when the file changes.
func contentFingerprint(_ path: String) throws(UserError) -> String {
    guard let data = FileManager.default.contents(atPath: path) else { throw UserError("\(path): cannot read the file (missing or not readable)") }
    return fingerprint(bytes: [UInt8](data))
}

/// dataset.json: what the data is, how it was made (and its fingerprint), and where the files are.
func datasetRecord(_ spec: DatasetSpec, _ dataset: ActivationDataset, _ statistics: ActivationStatistics) -> JSONValue {
    var pairs = spec.record.objectValue ?? []
    pairs.append(("fingerprint", .string(spec.fingerprint)))
    pairs.append(("ground_truth", .bool(dataset.hasGroundTruth)))
    pairs.append(("normalization_scale", .number(statistics.normalisationScale)))
    var files: [(String, JSONValue)] = [("activations", .string(ActivationDataset.activationsFile))]
    if dataset.codes != nil { files.append(("codes", .string(ActivationDataset.codesFile))) }
    if dataset.directions != nil { files.append(("directions", .string(ActivationDataset.directionsFile))) }
    if dataset.labels != nil { files.append(("labels", .string(ActivationDataset.labelsFile))) }
    pairs.append(("files", .object(files)))
    pairs.append(("samples_collected", .int(dataset.activations.rows)))
    pairs.append(("dims", .int(dataset.activations.cols)))
    return .object(pairs)
}

/// metrics.json: the numbers the chapter quotes.
func datasetMetrics(_ spec: DatasetSpec, _ dataset: ActivationDataset, _ statistics: ActivationStatistics, responses: FeatureResponses?,
                    accuracy: Double?, mine: Bool) -> JSONValue {
    var pairs: [(String, JSONValue)] = [
        ("step", .string("step2")), ("dataset", .string(spec.label)), ("fingerprint", .string(spec.fingerprint)),
        ("seed", .int(Int(spec.seed))), ("used_learner_code", .bool(mine)),
        ("samples", .int(dataset.activations.rows)), ("dims", .int(dataset.activations.cols)),
        ("mean_norm", .number(statistics.meanNorm)), ("norm_sd", .number(statistics.normStandardDeviation)),
        ("normalization_scale", .number(statistics.normalisationScale)), ("normalized", .bool(spec.normalize)),
        ("max_norm", .number(dataset.activations.rowNorms.max() ?? 0)),
    ]
    if let codes = dataset.codes { pairs.append(("active_distribution", .numbers(activeFeatureDistribution(codes)))) }
    if let accuracy { pairs.append(("classifier_test_accuracy", .number(accuracy))) }
    if let responses {
        let shares = NeuronFeatureShares(W: responses.matrix)
        pairs.append(("polysemantic_neurons", .ints(shares.polysemanticNeurons(among: Array(0..<responses.matrix.cols)))))
        pairs.append(("responses", .array(responses.matrix.nestedRows.map(JSONValue.numbers))))
    }
    return .object(pairs)
}

/// The learner's exercises for `--mine`, or a user error naming the ones still stubs.
func learnerMaths(for source: DataSource, userFile: String?) throws(UserError)
    -> (collection: CollectionMaths, statistics: @Sendable (Matrix) -> ActivationStatistics) {
    var probe = SeededGenerator(seed: 0)
    let usesToyModel = userFile == nil && { if case .toyModel = source { true } else { false } }()
    var stubs: [(String, String)] = []
    if usesToyModel && sampleSparseFeatures(batchSize: 1, probabilities: [0.5], generator: &probe).isPlaceholder {
        stubs.append(("2.1", "sparse feature sampler"))
    }
    if usesToyModel && hiddenActivations(Matrix([[1]]), W: Matrix([[1]])).isPlaceholder { stubs.append(("2.2", "hidden activations")) }
    if activationStatistics(Matrix([[1], [2]])).isPlaceholder { stubs.append(("2.3", "activation statistics")) }
    guard stubs.isEmpty else {
        let names = stubs.map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
        throw UserError("step2 --mine: exercise \(names) \(stubs.count == 1 ? "is" : "are") not implemented yet — edit Exercises/Step2/ "
                        + "(see Chapters/02-activations.md#exercise-\(stubs[0].0.filter(\.isNumber))), or run without --mine")
    }
    return (CollectionMaths(sampleFeatures: sampleSparseFeatures, hiddenActivations: hiddenActivations), activationStatistics)
}
