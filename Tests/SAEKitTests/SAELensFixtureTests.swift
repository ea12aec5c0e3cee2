// SAELens folders written by SAELens 5.x and 6.x themselves (Tests/Fixtures/saelens, made by
// make_fixtures.py with sae-lens 5.11.0 and 6.54.12): read here, they give the codes and
// reconstructions SAELens computed, to float32's precision; the settings this project cannot
// reproduce are refused with an error naming the field. No Python needed.

@testable import SAEKit
import Foundation
import Testing

let saelensFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/saelens").path

@Suite("SAELens folders written by SAELens")
struct SAELensFixtureTests {
    /// Each folder with answers, and the field its setting is named by (in a note, when folded).
    static let answered: [(folder: String, field: String?)] = [
        ("v5-topk", "activation_fn_kwargs.k"), ("v5-standard-no-bdec", "apply_b_dec_to_input"),
        ("v5-jumprelu", nil), ("v5-finetuning-scale", "finetuning_scaling_factor"),
        ("v6-standard-no-bdec", "apply_b_dec_to_input"), ("v6-jumprelu", nil),
        ("v6-topk-rescale", "rescale_acts_by_decoder_norm"),
        ("v6-expected-average-scaler", "activation_scaler.json"),
        ("v6-expected-average-no-scaler", nil)
    ]

    @Test(arguments: answered)
    func codesAndReconstructionsAreSAELenss(folder: String, field: String?) throws {
        let path = saelensFixtures + "/" + folder
        let contents = try SAELensFolder.read(path)
        let inputs = try #require(NumPyFile.read(path + "/inputs.npy").matrix)
        let codes = try #require(NumPyFile.read(path + "/codes.npy").matrix)
        let reconstructions = try #require(NumPyFile.read(path + "/reconstructions.npy").matrix)
        #expect(contents.needsInputScale == (folder == "v6-expected-average-no-scaler"))
        let sae = contents.sae ?? contents.estimatingInputScale(from: inputs).sae
        // SAELens computed in float32: a few units in the 7th digit of the largest entry.
        let ours = sae.encode(inputs), decoded = sae.decode(codes)
        #expect(
            (ours - codes).maxAbs <= 2e-6 * max(1, codes.maxAbs), "codes: \((ours - codes).maxAbs)")
        #expect(
            ours.map { $0 != 0 ? 1 : 0 } == codes.map { $0 != 0 ? 1 : 0 }, "the same latents fire")
        #expect((decoded - reconstructions).maxAbs <= 2e-6 * max(1, reconstructions.maxAbs),
                "reconstructions: \((decoded - reconstructions).maxAbs)")
        if let field {
            #expect(contents.notes.contains { $0.contains(field) }, "\(contents.notes)")
        }
        // The setting matters: the stored weights read as a plain SAE (a ReLU one for SAELens 5's
        // TopK) give other codes or other reconstructions.
        guard field != nil || contents.needsInputScale else { return }
        var plain = contents.stored
        if folder == "v5-topk" { plain.activation = .relu }
        let plainCodes = plain.encode(inputs)
        let worst = max(
            (plainCodes - codes).maxAbs, (plain.decode(plainCodes) - reconstructions).maxAbs)
        #expect(worst > 0.05, "the fixture would not catch an ignored setting (\(worst))")
    }

    @Test func aPreSixTopKFolderIsTopKWithOrWithoutItsArchitecture() throws {
        let folder = try copyOfFixture("v5-topk")
        let contents = try SAELensFolder.read(folder)
        #expect(contents.sae?.activation == .topK(2))
        #expect(contents.config["architecture"]?.stringValue == "standard")
        try editConfig(folder) { $0.filter { $0.0 != "architecture" } }
        #expect(try SAELensFolder.read(folder).sae == contents.sae, "no architecture: still TopK")
        try editConfig(folder) { $0.filter { $0.0 != "activation_fn_kwargs" } }
        let message = "\(folder)/cfg.json: a topk SAE needs k (or activation_fn_kwargs.k) in 1...6"
        #expect(throws: UserError(message)) { try SAELensFolder.read(folder) }
    }

    @Test(arguments: [
        (
            "v6-layer-norm",
            "normalize_activations 'layer_norm' standardises each input by its own mean"
        ),
        (
            "v6-constant-norm-rescale",
            "normalize_activations 'constant_norm_rescale' scales each input"
        ),
        ("v6-covariance-whitening", "normalize_activations 'covariance_whitening' whitens inputs")
    ])
    func perInputNormalisationsAreRefusedNamingTheField(folder: String, message: String) throws {
        let path = saelensFixtures + "/" + folder
        do {
            _ = try SAELensFolder.read(path)
            Issue.record("\(folder) was read")
        } catch {
            #expect(
                error.message.hasPrefix(path + "/cfg.json: " + message), "got: \(error.message)")
        }
    }

    // MARK: - Edited copies

    @Test func contradictionsAndUnknownValuesAreRefusedNamingTheField() throws {
        let folder = try copyOfFixture("v6-topk-rescale")
        let original = try configPairs(folder)
        let cases: [(String, JSONValue, String)] = [
            (
                "activation_fn_str", .string("relu"),
                "architecture 'topk' with activation_fn_str 'relu' is a "
                    + "ReLU SAE to SAELens 5 and a TopK SAE to SAELens 6; the folder must say which"
            ),
            (
                "activation_fn_kwargs", .object([("k", .int(3))]),
                "k 2 and activation_fn_kwargs.k 3 disagree"
            ),
            (
                "normalize_activations", .string("mean"),
                "normalize_activations \"mean\" is not one SAELens "
                    + "knows (none, expected_average_only_in, constant_norm_rescale, layer_norm, "
                    + "covariance_whitening)"
            ),
            (
                "apply_b_dec_to_input", .string("yes"),
                "apply_b_dec_to_input must be true or false, got \"yes\""
            ),
            (
                "architecture", .string("gated"),
                "architecture 'gated' is not supported (standard, topk or jumprelu)"
            ),
            (
                "activation_fn_str", .string("tanh-relu"),
                "activation_fn_str \"tanh-relu\" is not supported "
                    + "(relu or topk)"
            )
        ]
        for (key, value, message) in cases {
            try editConfig(folder) { _ in original.filter { $0.0 != key } + [(key, value)] }
            #expect(throws: UserError("\(folder)/cfg.json: " + message)) {
                try SAELensFolder.read(folder)
            }
        }
    }

    @Test func aZeroDecoderRowUnderRescalingAndStrayTensorsAreRefused() throws {
        let folder = try copyOfFixture("v6-topk-rescale")
        let path = folder + "/sae_weights.safetensors"
        let original = try SafeTensorsFile(contentsOf: path)
        var weights = original
        let index = try #require(weights.tensors.firstIndex { $0.name == "W_dec" })
        for c in 0..<4 { weights.tensors[index].tensor.values[3 * 4 + c] = 0 }
        try weights.write(to: path)
        #expect(
            throws: UserError(
                "\(folder)/cfg.json: rescale_acts_by_decoder_norm is true but latent 3's "
                    + "decoder row is zero (SAELens would divide its code by 0)")
        ) {
            try SAELensFolder.read(folder)
        }
        weights = original
        weights.tensors.append(("log_threshold", Tensor(vector: Array(repeating: 0, count: 6))))
        try weights.write(to: path)
        #expect(
            throws: UserError(
                "\(path): tensor 'log_threshold' is not part of an SAELens TopK k=2 SAE "
                    + "(W_enc, b_enc, W_dec, b_dec)")
        ) { try SAELensFolder.read(folder) }
    }

    @Test func aScaleTheConfigDoesNotAllowIsRefused() throws {
        let folder = try copyOfFixture("v5-finetuning-scale")
        try editConfig(folder) {
            $0.map { $0.0 == "finetuning_scaling_factor" ? ($0.0, .bool(false)) : $0 }
        }
        #expect(
            throws: UserError(
                "\(folder)/sae_weights.safetensors: holds 'scaling_factor' (not all 1) "
                    + "but cfg.json's finetuning_scaling_factor is false (SAELens refuses "
                    + "this folder too)")
        ) { try SAELensFolder.read(folder) }
    }
}

// MARK: - Helpers

/// A scratch copy of a fixture folder.
func copyOfFixture(_ name: String) throws -> String {
    let folder = NSTemporaryDirectory() + "saelens-\(name)-\(UUID().uuidString)"
    try FileManager.default.copyItem(atPath: saelensFixtures + "/" + name, toPath: folder)
    return folder
}

/// cfg.json's key-value pairs.
func configPairs(_ folder: String) throws -> [(String, JSONValue)] {
    let data = try #require(FileManager.default.contents(atPath: folder + "/cfg.json"))
    return try #require(JSONValue(parsing: [UInt8](data)).objectValue)
}

/// Rewrites cfg.json through `change`.
func editConfig(
    _ folder: String, _ change: ([(String, JSONValue)]) throws -> [(String, JSONValue)]
) throws {
    try AtomicFile.write(
        JSONValue.object(try change(configPairs(folder))).prettyText, to: folder + "/cfg.json")
}
