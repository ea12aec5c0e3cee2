// What determines step 2's dataset. Step 2 stores this record (and its fingerprint) in
// dataset.json; a later step builds the spec it expects from its own flags and reuses the files
// only when the fingerprints agree.

/// The settings a dataset is made from.
public struct DatasetSpec: Sendable {
    /// Generated from a preset, or read from a user's file.
    public enum Origin: Sendable {
        case preset(Preset, DataSource)
        case file(path: String, contentFingerprint: String)
    }

    public var origin: Origin
    public var samples: Int
    public var seed: UInt64
    /// Scale activations so that E‖a‖ = √d (SAELens's expected_average_only_in).
    public var normalize: Bool

    public init(origin: Origin, samples: Int, seed: UInt64, normalize: Bool) {
        self.origin = origin
        self.samples = samples
        self.seed = seed
        self.normalize = normalize
    }

    /// "curriculum" or "your activations (path)".
    public var label: String {
        switch origin {
        case let .preset(preset, _): preset.rawValue
        case let .file(path, _): "your activations (\(path))"
        }
    }

    /// The identifying record.
    public var record: JSONValue {
        let source: JSONValue = switch origin {
        case let .preset(preset, .toyModel(config)):
                .object([
                    ("kind", .string("toy-model")), ("preset", .string(preset.rawValue)),
                    ("config", .object(config.record))
                ])
        case let .preset(preset, .dictionary(config)):
                .object([
                    ("kind", .string("dictionary")), ("preset", .string(preset.rawValue)),
                    ("config", .object(config.record))
                ])
        case let .preset(preset, .classifier(config)):
                .object([
                    ("kind", .string("classifier")), ("preset", .string(preset.rawValue)),
                    ("config", .object(config.record))
                ])
        case let .file(path, content):
                .object([
                    ("kind", .string("file")), ("path", .string(path)),
                    ("content_fingerprint", .string(content))
                ])
        }
        let samplesRecord: JSONValue = if case .file = origin { .null } else { .int(samples) }
        return .object([
            ("source", source), ("samples", samplesRecord), ("seed", .int(Int(seed))),
            ("normalize", .bool(normalize))
        ])
    }

    public var fingerprint: String { SAEKit.fingerprint(record) }

    /// The dimension of the activations, known from the settings alone (nil for a user's file: read
    /// it).
    public var dims: Int? {
        switch origin {
        case let .preset(_, .toyModel(config)): config.hidden
        case let .preset(_, .dictionary(config)): config.dims
        case let .preset(_, .classifier(config)): config.hidden
        case .file: nil
        }
    }
}
