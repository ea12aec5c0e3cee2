// The data flags every step from 2 on accepts, declared once: which preset (or your own file), how
// many samples, whether to normalise, and the settings of the generated data. Later steps use them
// to compute the fingerprint of the step-2 dataset they need.

import Foundation

/// The data a step works on, as chosen by flags (the seed comes from the common flags).
public struct DatasetChoice: Sendable {
    public var preset: Preset
    public var userFile: String?
    public var samples: Int
    public var normalize: Bool
    public var source: DataSource

    /// Declares the data flags on `flags` and reads them.
    /// - Parameter toyTrainingFlags: also declare the toy model's training flags (step 2 only: from
    ///   step 3 on, --steps, --lr and --batch belong to the SAE, and the toy model trains with its
    ///   preset's).
    public init(flags: inout FlagParser, toyTrainingFlags: Bool) {
        flags.section("Data")
        preset = flags.choice(
            "--preset", default: Preset.curriculum,
            help: "a named setting; the flags below override it")
        Preset.allCases.forEach { flags.note("\($0.rawValue): \($0.summary)") }
        userFile = flags.optionalString(
            "--activations",
            help: "your own activations [samples, dims] instead of a preset (no ground truth)",
            valueName: "FILE.npy")
        samples = flags.int(
            "--samples", default: preset.defaultSamples, range: 2...5_000_000,
            help: "samples in the dataset")
        normalize = flags.flag(
            "--normalize",
            help: "scale activations so that E‖a‖ = √d (SAELens expected_average_only_in)")
        flags.section("Generated data (toy-model and dictionary presets)")
        let features = flags.int(
            "--features", default: preset.featureCount ?? 10, range: 1...1000,
            help: "n, true features")
        let probability = flags.double(
            "--probability", default: preset.featureProbability ?? 0.1, range: .aboveUpTo(0, 1),
            help: "chance each feature is on in a sample")
        flags.section("Toy-model presets (curriculum, pentagon): the step-1 model")
        var toy = preset.toyModel ?? Preset.curriculum.toyModel!
        toy.features = features
        toy.featureProbability = probability
        toy.readSizeFlags(&flags)
        if toyTrainingFlags {
            flags.section("Toy-model training")
            toy.readTrainingFlags(&flags)
        }
        flags.section("Dictionary presets (dictionary-32x16, dictionary-8x4, dictionary-24x8)")
        var dictionary = preset.dictionary ?? Preset.dictionary32x16.dictionary!
        dictionary.features = features
        dictionary.readFlags(&flags, probability: flags.given("--probability") ? probability : nil)
        source = switch preset.source {
        case .toyModel: .toyModel(toy)
        case .dictionary: .dictionary(dictionary)
        case .classifier: preset.source
        }
        checkApplicable(
            &flags,
            toyFlags: ToyModelConfig.sizeFlagNames
                + (toyTrainingFlags ? ToyModelConfig.trainingFlagNames : []))
    }

    /// Flags that do not apply to the chosen data are an error, not silently ignored.
    private func checkApplicable(_ flags: inout FlagParser, toyFlags: [String]) {
        let generated = ["--features", "--probability"] + toyFlags + DictionaryConfig.flagNames
        if userFile != nil {
            for name in ["--preset", "--samples"] + generated where flags.given(name) {
                flags.require(
                    false, "\(name) does not apply with --activations (your file is the data)")
            }
            return
        }
        let (wrong, kind): ([String], String) = switch preset.source {
            case .toyModel:
                (
                    DictionaryConfig.flagNames,
                    "dictionary presets (dictionary-32x16, dictionary-8x4, dictionary-24x8)"
                )
        case .dictionary: (toyFlags, "toy-model presets (curriculum, pentagon)")
        case .classifier: (generated, "toy-model and dictionary presets")
        }
        for name in wrong where flags.given(name) {
            flags.require(false, "\(name) applies to \(kind), not to --preset \(preset.rawValue)")
        }
    }

    /// The dataset's full specification (a user's file is read to fingerprint its content, and
    /// checked here, before any step creates its output folder).
    public func spec(seed: UInt64) throws(UserError) -> DatasetSpec {
        let origin: DatasetSpec.Origin
        if let userFile {
            guard let data = FileManager.default.contents(atPath: userFile) else {
                throw UserError("\(userFile): cannot read the file (missing or not readable)")
            }
            _ = try ActivationDataset(userFile: userFile)
            origin = .file(path: userFile, contentFingerprint: fingerprint(bytes: [UInt8](data)))
        } else {
            origin = .preset(preset, source)
        }
        return DatasetSpec(origin: origin, samples: samples, seed: seed, normalize: normalize)
    }
}
