// The data-generation flags, declared once and shared: step 1 trains with the toy-model flags, and
// step 2 accepts the same ones so it can find (or re-create) the step-1 model made with them, plus
// the dictionary flags for the dictionary presets.

extension ToyModelConfig {
    /// Declares every toy-model flag on `flags` with `defaults` (a preset's), and reads them (step
    /// 1).
    public init(flags: inout FlagParser, defaults: ToyModelConfig) {
        self = defaults
        features = flags.int(
            "--features", default: features, range: 1...1000, help: "n, sparse input features")
        featureProbability = flags.double(
            "--probability", default: featureProbability, range: .aboveUpTo(0, 1),
            help: "chance each feature is on in a sample")
        readModelFlags(&flags)
    }

    /// Declares and reads the flags that shape the model and its training (all but --features and
    /// --probability).
    public mutating func readModelFlags(_ flags: inout FlagParser) {
        readSizeFlags(&flags)
        flags.section("Toy-model training")
        readTrainingFlags(&flags)
    }

    /// --hidden and --importance-decay.
    public mutating func readSizeFlags(_ flags: inout FlagParser) {
        hidden = flags.int(
            "--hidden", default: min(hidden, features), range: 1...max(1, features),
            help: "m, hidden dimensions",
            rangeNote: "at most --features")
        importanceDecay = flags.double(
            "--importance-decay", default: importanceDecay, range: .aboveUpTo(0, 1),
            help: "feature i has importance X^i")
    }

    /// --steps, --batch, --lr, --weight-decay, --schedule.
    public mutating func readTrainingFlags(_ flags: inout FlagParser) {
        steps = flags.int("--steps", default: steps, range: 1...1_000_000, help: "AdamW steps")
        batchSize = flags.int(
            "--batch", default: batchSize, range: 1...65_536, help: "samples per step")
        learningRate = flags.double(
            "--lr", default: learningRate, range: .aboveUpTo(0, 1), help: "peak learning rate")
        weightDecay = flags.double(
            "--weight-decay", default: weightDecay, range: .closed(0, 1), help: "AdamW weight decay"
        )
        decay = flags.choice(
            "--schedule", default: decay, help: "learning-rate decay after the peak")
    }

    /// The flags `readSizeFlags` declares.
    public static let sizeFlagNames = ["--hidden", "--importance-decay"]
    /// The flags `readTrainingFlags` declares.
    public static let trainingFlagNames = [
        "--steps", "--batch", "--lr", "--weight-decay", "--schedule"
    ]
}

extension DictionaryConfig {
    /// Declares and reads the dictionary-only flags; `--probability` (given explicitly) or
    /// `--active` picks the activity.
    public mutating func readFlags(_ flags: inout FlagParser, probability: Double?) {
        dims = flags.int(
            "--dims", default: dims, range: 1...4096, help: "d, dimensions of the activations")
        let defaultRange: ClosedRange<Int>? =
            if case let .count(range) = activity { range } else { nil }
        let active = flags.intRange(
            "--active", default: defaultRange, bounds: 1...max(1, features),
            help: "how many features are on per sample, instead of --probability")
        noise = flags.double(
            "--noise", default: noise, range: .closed(0, 100),
            help: "standard deviation of Gaussian noise added to a")
        flags.require(
            !(flags.given("--active") && probability != nil),
            "use --probability or --active, not both")
        if let probability { activity = .independent(probability: probability) }
        if flags.given("--active"), let active { activity = .count(active) }
    }

    /// The flags `readFlags` declares.
    public static let flagNames = ["--dims", "--active", "--noise"]
}

extension Preset {
    /// The known dictionary this preset generates, if it is a dictionary preset.
    public var dictionary: DictionaryConfig? {
        if case let .dictionary(config) = source { config } else { nil }
    }

    /// The number of true features (nil for the classifier).
    public var featureCount: Int? {
        switch source {
        case let .toyModel(config): config.features
        case let .dictionary(config): config.features
        case .classifier: nil
        }
    }

    /// The per-feature probability, when features are on independently.
    public var featureProbability: Double? {
        switch source {
        case let .toyModel(config): config.featureProbability
        case let .dictionary(config):
            if case let .independent(p) = config.activity { p } else { nil }
        case .classifier: nil
        }
    }
}
