// An SAE saved the way SAELens saves one: a folder with cfg.json and sae_weights.safetensors
// (W_enc [d_in, d_sae], W_dec [d_sae, d_in], b_enc [d_sae], b_dec [d_in]).
//
// One cfg.json that SAELens 5.x and 6.x both load. SAELens 5 requires its flat fields (among them
// hook_head_index, dataset_path and, for TopK, activation_fn_kwargs) and ignores the rest. SAELens
// 6 reads a file as its own layout, keeping `metadata` whole, only when the file names a 6.x
// version in `sae_lens_version`; otherwise it rebuilds metadata from the flat fields and drops
// ours. Our provenance goes under "metadata"; SAELens 5, which writes a fixed set of keys, keeps
// only model_name, hook_name and dataset_path of it when it saves the SAE again. From Python:
// json.load(open("cfg.json")), safetensors.numpy.load_file("sae_weights.safetensors").

import Foundation

public enum SAELensFolder {
    public static let configFile = "cfg.json"
    public static let weightsFile = "sae_weights.safetensors"
    /// The config layout the files follow, named the way SAELens 6 looks for it.
    public static let layoutVersion = "6.0.0"

    /// SAELens's name for an activation; BatchTopK is saved as the JumpReLU it becomes.
    static func architectureName(_ activation: SAEActivation) -> String {
        switch activation {
        case .relu: "standard"
        case .topK: "topk"
        case .batchTopK, .jumpReLU: "jumprelu"
        }
    }

    // MARK: - cfg.json

    /// cfg.json for an SAE of these sizes: SAELens 6's fields, SAELens 5's flat fields (it needs
    /// every one), and `metadata` with the fields SAELens 6 keeps there followed by ours
    /// (`dataset`, when given, also names dataset_path).
    public static func config(
        _ sae: SparseAutoencoder, metadata: [(String, JSONValue)]
    ) -> JSONValue {
        let label = metadata.first { $0.0 == "dataset" }?.1.stringValue
        let provenance: [(String, JSONValue)] = [
            ("model_name", .string("sae-curriculum")), ("hook_name", .string("activations")),
            ("hook_head_index", .null), ("context_size", .int(1)), ("prepend_bos", .bool(false)),
            ("dataset_path", label.map { .string("sae-curriculum/" + $0) } ?? .null),
        ]
        var pairs: [(String, JSONValue)] = [
            ("architecture", .string(architectureName(sae.activation))),
            ("d_in", .int(sae.inputDims)), ("d_sae", .int(sae.latentCount)),
            ("dtype", .string("float64")), ("device", .string("cpu")),
            ("apply_b_dec_to_input", .bool(true)), ("normalize_activations", .string("none")),
            ("reshape_activations", .string("none")),
        ]
        if let k = sae.k {
            pairs += [("k", .int(k)), ("rescale_acts_by_decoder_norm", .bool(false))]
        }
        pairs += [
            ("activation_fn_str", .string(sae.k == nil ? "relu" : "topk")),
            ("activation_fn_kwargs", .object(sae.k.map { [("k", .int($0))] } ?? [])),
            ("finetuning_scaling_factor", .bool(false)), ("hook_layer", .int(0)),
        ] + provenance + [
            ("dataset_trust_remote_code", .bool(false)), ("sae_lens_training_version", .null),
            ("sae_lens_version", .string(layoutVersion)),
            ("metadata", .object(provenance + [("sae_lens_training_version", .null)] + metadata)),
        ]
        return .object(pairs)
    }

    // MARK: - Writing

    /// Writes the folder (each file atomically), creating it if needed.
    /// The architecture follows the SAE's activation: "standard" (ReLU), "topk" (with k) or
    /// "jumprelu" (with a threshold tensor; a BatchTopK SAE must be given its thresholds first).
    public static func write(_ sae: SparseAutoencoder, metadata: [(String, JSONValue)],
                             to folder: String) throws(UserError) {
        if case .batchTopK = sae.activation {
            throw UserError("a BatchTopK SAE is saved as the JumpReLU it implies: "
                            + "set its thresholds first")
        }
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw UserError("cannot create the folder \(folder): \(error.localizedDescription)")
        }
        var tensors = [("W_enc", Tensor(sae.W_enc)), ("b_enc", Tensor(vector: sae.b_enc)),
                       ("W_dec", Tensor(sae.W_dec)), ("b_dec", Tensor(vector: sae.b_dec))]
        if case let .jumpReLU(thresholds) = sae.activation {
            tensors.append(("threshold", Tensor(vector: thresholds)))
        }
        let weights = SafeTensorsFile(tensors: tensors, metadata: [("format", "pt")])
        do {
            try AtomicFile.write(weights.encoded(), to: folder + "/" + weightsFile)
            let text = config(sae, metadata: metadata).prettyText
            try AtomicFile.write(text, to: folder + "/" + configFile)
        } catch {
            throw UserError(error.description)
        }
    }
}
