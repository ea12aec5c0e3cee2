// The named settings of DESIGN.md. A preset fixes where the data comes from (a toy model, a known
// dictionary, or a small classifier) and the defaults of every step; flags override any of them.

import Foundation

/// Where a step's activations come from.
public enum DataSource: Sendable, Equatable {
    /// Hidden activations h = W x of the step-1 toy model.
    case toyModel(ToyModelConfig)
    /// a = codes · directions (+ noise) for a random dictionary of known unit directions.
    case dictionary(DictionaryConfig)
    /// The hidden layer of a small MLP trained to classify clustered data.
    case classifier(ClassifierConfig)
}

/// A named setting that reproduces a published (or the curriculum's own) result.
public enum Preset: String, Sendable, CaseIterable {
    case curriculum
    case pentagon
    case dictionary32x16 = "dictionary-32x16"
    case dictionary8x4 = "dictionary-8x4"
    case dictionary24x8 = "dictionary-24x8"
    case classifier

    /// The presets with a toy model (the only ones step 1 trains).
    public static let toyModelPresets: [Preset] = [.curriculum, .pentagon]

    // ANCHOR: presets
    public var source: DataSource {
        switch self {
        case .curriculum:
            .toyModel(ToyModelConfig(features: 10, hidden: 5, featureProbability: 0.1,
                                     importanceDecay: 0.7))
        case .pentagon:
            .toyModel(ToyModelConfig(features: 5, hidden: 2, featureProbability: 0.05,
                                     importanceDecay: 0.9))
        case .dictionary32x16:
            .dictionary(DictionaryConfig(features: 32, dims: 16,
                                         activity: .independent(probability: 0.05)))
        case .dictionary8x4:
            .dictionary(DictionaryConfig(features: 8, dims: 4, activity: .count(1...3),
                                         coefficients: .uniform(0.5, 2)))
        case .dictionary24x8:
            .dictionary(DictionaryConfig(features: 24, dims: 8, activity: .count(2...4),
                                         coefficients: .normal(mean: 1.5, sd: 0.4), noise: 0.03))
        case .classifier: .classifier(ClassifierConfig())
        }
    }
    // ANCHOR_END: presets

    /// The toy model this preset trains, if it has one.
    public var toyModel: ToyModelConfig? {
        if case let .toyModel(config) = source { config } else { nil }
    }

    /// Samples step 2 collects by default.
    public var defaultSamples: Int { 50_000 }

    /// One line for `--help` and reports.
    public var summary: String {
        switch source {
        case let .toyModel(c):
            "toy model, \(c.features) features → \(c.hidden) hidden, p = \(c.featureProbability), "
                + "importance \(c.importanceDecay)^i"
        case let .dictionary(c):
            "\(c.features) known directions in \(c.dims) dims, \(c.activity), coefficients "
                + "\(c.coefficients)"
                + (c.noise > 0 ? ", noise \(c.noise)" : "")
        case let .classifier(c):
            "\(c.classes)-class clustered data in \(c.inputDims) dims, MLP with \(c.hidden) "
                + "hidden ReLUs"
        }
    }
}
