// An SAE saved the way SAELens saves one: a folder with cfg.json and sae_weights.safetensors
// (W_enc [d_in, d_sae], W_dec [d_sae, d_in], b_enc [d_sae], b_dec [d_in]). The config is SAELens's
// flat layout, which its loader accepts from every version; our own provenance goes under "metadata".
// From Python: json.load(open("cfg.json")) and safetensors.numpy.load_file("sae_weights.safetensors").

import Foundation

public enum SAELensFolder {
    public static let configFile = "cfg.json"
    public static let weightsFile = "sae_weights.safetensors"

    /// SAELens's name for an activation; BatchTopK is saved as the JumpReLU it becomes after training.
    static func architectureName(_ activation: SAEActivation) -> String {
        switch activation {
        case .relu: "standard"
        case .topK: "topk"
        case .batchTopK, .jumpReLU: "jumprelu"
        }
    }

    /// cfg.json for an SAE of these sizes.
    public static func config(_ sae: SparseAutoencoder, metadata: [(String, JSONValue)]) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("architecture", .string(architectureName(sae.activation))), ("d_in", .int(sae.inputDims)), ("d_sae", .int(sae.latentCount)),
            ("dtype", .string("float64")), ("device", .string("cpu")), ("apply_b_dec_to_input", .bool(true)),
            ("normalize_activations", .string("none")),
            ("activation_fn_str", .string(sae.k == nil ? "relu" : "topk")),
            ("model_name", .string("sae-curriculum")), ("hook_name", .string("activations")), ("hook_layer", .int(0)),
            ("context_size", .int(1)), ("prepend_bos", .bool(false)),
        ]
        if let k = sae.k { pairs.append(("k", .int(k))) }
        pairs.append(("metadata", .object(metadata)))
        return .object(pairs)
    }

    /// Writes the folder (each file atomically), creating it if needed.
    /// The architecture follows the SAE's activation: "standard" (ReLU), "topk" (with k) or "jumprelu"
    /// (with a threshold tensor; a BatchTopK SAE must be given its thresholds first).
    public static func write(_ sae: SparseAutoencoder, metadata: [(String, JSONValue)], to folder: String) throws(UserError) {
        if case .batchTopK = sae.activation { throw UserError("a BatchTopK SAE is saved as the JumpReLU it implies: set its thresholds first") }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw UserError("cannot create the folder \(folder): \(error.localizedDescription)")
        }
        var tensors = [("W_enc", Tensor(sae.W_enc)), ("b_enc", Tensor(vector: sae.b_enc)), ("W_dec", Tensor(sae.W_dec)), ("b_dec", Tensor(vector: sae.b_dec))]
        if case let .jumpReLU(thresholds) = sae.activation { tensors.append(("threshold", Tensor(vector: thresholds))) }
        let weights = SafeTensorsFile(tensors: tensors, metadata: [("format", "pt")])
        do {
            try AtomicFile.write(weights.encoded(), to: folder + "/" + weightsFile)
            try AtomicFile.write(config(sae, metadata: metadata).prettyText, to: folder + "/" + configFile)
        } catch {
            throw UserError(error.description)
        }
    }
}
