// The folders this project writes, through SAELens: their cfg.json has what SAELens 5.x requires
// and what makes SAELens 6.x keep metadata; SAELens itself loaded and re-saved them (the committed
// Tests/Fixtures/saelens/v5-resaved-ours-*, v6-resaved-ours-*, made by make_fixtures.py), and the
// re-saved folders read back here as the same SAE, with the provenance each version keeps. The
// README's claim names exactly the versions those fixtures were made with.

@testable import SAEKit
import Foundation
import Testing

@Suite("SAELens 5.x and 6.x load this project's folders")
struct SAELensCompatibilityTests {
    static let metadata: [(String, JSONValue)] = [
        ("source", .string("sae-curriculum test fixture")), ("dataset", .string("fixture")),
        ("seed", .int(31)),
        ("training", .object([("steps", .int(10)), ("l1", .number(0.5))])),
        ("input_scale_folded", .number(1)),
        ("fingerprint", .string("0123456789abcdef")),
    ]

    /// The SAEs of Tests/Fixtures/saelens/ours-*.
    static func ours(_ name: String) -> SparseAutoencoder {
        var (sae, _) = SAETests.randomSAE(d: 4, h: 6, seed: 31)
        switch name {
        case "topk": sae.activation = .topK(2)
        case "jumprelu": sae.activation = .jumpReLU([0.05, 0.3, 0.1, 0.2, 0.4, 0.15])
        default: break
        }
        return sae
    }

    static let names = ["standard", "topk", "jumprelu"]

    // MARK: - The layout

    @Test(arguments: names)
    func theConfigHasWhatSAELens5RequiresAndMarksItselfForSAELens6(name: String) throws {
        let sae = Self.ours(name)
        let config = SAELensFolder.config(sae, metadata: Self.metadata)
        // SAELens 5's SAEConfig fields without a default (after handle_config_defaulting),
        // 5.0–5.11.
        let required = [
            "architecture", "d_in", "d_sae", "activation_fn_str", "apply_b_dec_to_input",
            "context_size", "model_name", "hook_name", "hook_layer", "hook_head_index",
            "prepend_bos", "dataset_path", "normalize_activations", "dtype", "device"
        ]
        for key in required { #expect(config[key] != nil, "SAELens 5 needs \(key)") }
        #expect(config["hook_name"]?.stringValue?.hasSuffix("_z") == false, "not a hook_z SAE")
        if let k = sae.k {
            #expect(
                config["activation_fn_str"] == .string("topk")
                    && config["activation_fn_kwargs"]?["k"] == .int(k),
                "SAELens 5's TopK reads k from activation_fn_kwargs")
            #expect(
                config["k"] == .int(k) && config["rescale_acts_by_decoder_norm"] == .bool(false))
        } else {
            #expect(config["activation_fn_str"] == .string("relu"))
        }
        // SAELens 6 reads a config as its own (keeping metadata) when it names a
        // version ≥ 6.0.0-rc.0.
        let version = try #require(config["sae_lens_version"]?.stringValue
                                   ?? config["metadata"]?["sae_lens_version"]?.stringValue)
        #expect((version.split(separator: ".").first.flatMap { Int($0) } ?? 0) >= 6)
        for (key, value) in Self.metadata {
            #expect(config["metadata"]?[key] == value, "metadata keeps \(key)")
        }
        for key in [
            "model_name", "hook_name", "hook_head_index", "context_size", "prepend_bos",
            "dataset_path"
        ] {
            #expect(config["metadata"]?[key] == config[key], "SAELens 6 finds \(key) in metadata")
        }
        #expect(config["dataset_path"] == .string("sae-curriculum/fixture"))
        #expect(
            try SAELensConfig(config, path: "cfg.json").architecture
                == (sae.k.map { .topK($0) } ?? (name == "jumprelu" ? .jumpReLU : .standard)))
    }

    @Test(arguments: names)
    func theCommittedFoldersAreWhatTheWriterWrites(name: String) throws {
        let folder = saelensFixtures + "/ours-" + name
        if ProcessInfo.processInfo.environment["SAE_WRITE_SAELENS_FIXTURES"] == "1" {
            try SAELensFolder.write(Self.ours(name), metadata: Self.metadata, to: folder)
        }
        let scratch = NSTemporaryDirectory() + "saelens-ours-\(UUID().uuidString)"
        try SAELensFolder.write(Self.ours(name), metadata: Self.metadata, to: scratch)
        for file in [SAELensFolder.configFile, SAELensFolder.weightsFile] {
            let committed = FileManager.default.contents(atPath: folder + "/" + file)
            let written = FileManager.default.contents(atPath: scratch + "/" + file)
            let stale =
                "\(folder)/\(file) is stale: SAE_WRITE_SAELENS_FIXTURES=1 swift test --filter "
                + "SAELensCompatibility, then make_fixtures.py with SAELens 5 and 6"
            #expect(committed == written, "\(stale)")
        }
    }

    // MARK: - Through SAELens

    @Test(arguments: ["5", "6"], names)
    func aFolderResavedBySAELensReadsBackWithItsProvenance(major: String, name: String) throws {
        let folder = saelensFixtures + "/v\(major)-resaved-ours-" + name
        let contents = try SAELensFolder.read(folder)
        let sae = try #require(contents.sae)
        #expect(
            sae == Self.ours(name), "the same weights and activation after SAELens's load and save")
        #expect(contents.notes.isEmpty)
        let inputs = try #require(NumPyFile.read(folder + "/inputs.npy").matrix)
        let codes = try #require(NumPyFile.read(folder + "/codes.npy").matrix)
        #expect(
            (sae.encode(inputs) - codes).maxAbs <= 1e-14, "SAELens's codes, computed in float64")
        let config = contents.config
        if major == "6" {
            for (key, value) in Self.metadata {
                #expect(config["metadata"]?[key] == value, "SAELens 6 kept metadata.\(key)")
            }
        } else {
            // SAELens 5 writes a fixed set of keys: metadata is gone, the flat provenance stays.
            #expect(config["metadata"] == nil)
            #expect(
                config["model_name"] == .string("sae-curriculum")
                    && config["dataset_path"] == .string("sae-curriculum/fixture"))
        }
    }

    @Test func theReadmeClaimsTheVersionsTheFixturesWereMadeWith() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(
            contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let data = try #require(
            FileManager.default.contents(atPath: saelensFixtures + "/versions.json"))
        let versions = try #require(JSONValue(parsing: [UInt8](data)).objectValue)
        #expect(versions.map(\.0) == ["5", "6"])
        let majors = versions.map { "\($0.0).x" }.joined(separator: " and ")
        let exact = versions.compactMap(\.1.stringValue).joined(separator: " and ")
        #expect(
            readme.contains("SAELens \(majors) load"),
            "README names the major versions checked: \(majors)")
        #expect(
            readme.contains("sae-lens \(exact)"),
            "README names the versions the fixtures were made with: \(exact)")
    }
}
