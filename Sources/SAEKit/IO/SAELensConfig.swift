// What an SAELens cfg.json says about an SAE's maths, read as SAELens 5.x and 6.x read it, and the
// refusal, naming the field, of what this project cannot reproduce exactly.
//
//   architecture            standard: ReLU; topk: each row's k largest z, then ReLU;
//                           jumprelu: z where z > threshold
//   activation_fn_str       SAELens 5: "topk" (k in activation_fn_kwargs) makes a standard SAE TopK
//   apply_b_dec_to_input    false: the encoder reads a, not a − b_dec           → folded into b_enc
//   normalize_activations   expected_average_only_in: inputs × c = √d / E‖a‖    → folded, c known
//                           constant_norm_rescale, layer_norm: per input        → refused
//                           covariance_whitening: (a − μ)·M, M from training    → refused
//   rescale_acts_by_        TopK: z_j·‖W_dec[j]‖ before TopK, f_j / ‖W_dec[j]‖  → folded
//     decoder_norm          before decoding
//   finetuning_scaling_     SAELens 5: codes × a stored per-latent scale        → folded into W_dec
//     factor                before decoding
//
// Everything else in the file (model_name, hook_name, dataset_path, metadata, …) is provenance.

/// The fields of an SAELens cfg.json that change the maths.
public struct SAELensConfig: Sendable, Equatable {
    /// The SAE's activation function.
    public enum Architecture: Sendable, Equatable {
        case standard
        case topK(Int)
        case jumpReLU

        var isTopK: Bool { if case .topK = self { true } else { false } }
    }

    /// d_in.
    public var inputDims: Int
    /// d_sae.
    public var latentCount: Int
    public var architecture: Architecture
    /// `apply_b_dec_to_input` (default true): the encoder subtracts b_dec from its input.
    public var subtractsDecoderBias: Bool
    /// `normalize_activations: expected_average_only_in`: the SAE expects inputs × √d / E‖a‖.
    public var expectsScaledInputs: Bool
    /// TopK's `rescale_acts_by_decoder_norm` (default false).
    public var rescalesByDecoderNorm: Bool
    /// SAELens 5's `finetuning_scaling_factor` (default false).
    public var finetuningScalingFactor: Bool
    /// SAELens 5's TopK: architecture "standard" (or none) with activation_fn_str "topk".
    public var topKFromActivationName: Bool

    /// Reads the fields from a parsed cfg.json; `path` names the file in errors.
    public init(_ config: JSONValue, path: String) throws(UserError) {
        guard let d = config["d_in"]?.intValue, let h = config["d_sae"]?.intValue, d > 0, h > 0
        else {
            throw UserError("\(path): needs positive integers d_in and d_sae")
        }
        (inputDims, latentCount) = (d, h)
        subtractsDecoderBias = try Self.flag(
            config, "apply_b_dec_to_input", default: true, path: path)
        rescalesByDecoderNorm = try Self.flag(
            config, "rescale_acts_by_decoder_norm", default: false,
            path: path)
        finetuningScalingFactor = try Self.flag(config, "finetuning_scaling_factor", default: false,
                                                path: path)
        expectsScaledInputs = try Self.normalisation(config["normalize_activations"], path: path)
        switch config["reshape_activations"] {
        // hook_z flattens heads: d_in
        case nil, .null?, .string("none")?, .string("hook_z")?: break
        case let other?:
            throw UserError("\(path): reshape_activations \(other.compactText) is not supported "
                            + "(none or hook_z)")
        }
        (architecture, topKFromActivationName) = try Self.architecture(
            config, latents: h, path: path)
        if rescalesByDecoderNorm, !architecture.isTopK {
            throw UserError("\(path): rescale_acts_by_decoder_norm is true, which SAELens defines "
                            + "only for topk SAEs")
        }
    }

    // MARK: - Fields

    /// A boolean field, or its default when absent or null.
    private static func flag(_ config: JSONValue, _ key: String, default value: Bool,
                             path: String) throws(UserError) -> Bool {
        switch config[key] {
        case nil, .null?: return value
        case let .bool(flag)?: return flag
        case let other?:
            throw UserError("\(path): \(key) must be true or false, got \(other.compactText)")
        }
    }

    /// normalize_activations: none (also false or null) or expected_average_only_in (also true,
    /// SAELens's old boolean); the per-input normalisations and the whitening are refused.
    private static func normalisation(_ value: JSONValue?, path: String) throws(UserError) -> Bool {
        let unsupported = "this project's SAE is one fixed map for every input, so it cannot read "
            + "this folder (none and expected_average_only_in are supported)"
        switch value {
        case nil, .null?, .bool(false)?, .string("none")?: return false
        case .bool(true)?, .string("expected_average_only_in")?: return true
        case .string("constant_norm_rescale")?:
            throw UserError(
                "\(path): normalize_activations 'constant_norm_rescale' scales each input "
                    + "to norm √d_in and divides its reconstruction by the same factor; "
                    + unsupported)
        case .string("layer_norm")?:
            throw UserError("\(path): normalize_activations 'layer_norm' standardises each input "
                            + "by its own mean and standard deviation and undoes it on the "
                            + "reconstruction; "
                            + unsupported)
        case .string("covariance_whitening")?:
            throw UserError(
                "\(path): normalize_activations 'covariance_whitening' whitens inputs, "
                    + "(a − mean)·M, with statistics SAELens folds into the weights when "
                    + "training ends; this folder was saved before that, and this project "
                    + "does not fold them (none and expected_average_only_in are supported)")
        case let other?:
            throw UserError(
                "\(path): normalize_activations \(other.compactText) is not one SAELens "
                    + "knows (none, expected_average_only_in, constant_norm_rescale, "
                    + "layer_norm, covariance_whitening)")
        }
    }

    // MARK: - Architecture

    /// The activation, from `architecture` and `activation_fn_str` (`activation_fn` before 5.x):
    /// SAELens 5 runs a "standard" SAE whose activation_fn_str is "topk" as TopK, and SAELens 6
    /// converts such a file to architecture "topk" with k = activation_fn_kwargs.k.
    private static func architecture(_ config: JSONValue, latents h: Int, path: String)
        throws(UserError) -> (Architecture, fromActivationName: Bool) {
        let key = config["activation_fn_str"] != nil ? "activation_fn_str" : "activation_fn"
        let activation: String?
        switch config[key] {
        case nil, .null?: activation = nil
        case let .string(name)? where name == "relu" || name == "topk": activation = name
        case let other?:
            throw UserError("\(path): \(key) \(other.compactText) is not supported (relu or topk)")
        }
        let name: String
        switch config["architecture"] {
        case nil, .null?: name = "standard"
        case let .string(value)?: name = value
        case let other?:
            throw UserError("\(path): architecture must be a string, got \(other.compactText)")
        }
        switch (name, activation) {
        case ("standard", "topk"?): return (try topK(config, latents: h, path: path), true)
        case ("topk", "topk"?), ("topk", nil):
            return (try topK(config, latents: h, path: path), false)
        case ("topk", "relu"?):
            throw UserError("\(path): architecture 'topk' with \(key) 'relu' is a ReLU SAE to "
                            + "SAELens 5 and a TopK SAE to SAELens 6; the folder must say which")
        case ("standard", _): return (.standard, false)
        case ("jumprelu", "topk"?):
            throw UserError("\(path): architecture 'jumprelu' with \(key) 'topk' is not supported")
        case ("jumprelu", _): return (.jumpReLU, false)
        default:
            throw UserError("\(path): architecture '\(name)' is not supported "
                            + "(standard, topk or jumprelu)")
        }
    }

    /// TopK's k: `k` (SAELens 6) or `activation_fn_kwargs.k` (SAELens 5); when both are there,
    /// they agree.
    private static func topK(_ config: JSONValue, latents h: Int, path: String)
        throws(UserError) -> Architecture {
        let top = config["k"], kwargs = config["activation_fn_kwargs"]?["k"]
        for (key, value) in [("k", top), ("activation_fn_kwargs.k", kwargs)] {
            if let value, value != .null, !(value.intValue.map { (1...h).contains($0) } ?? false) {
                throw UserError("\(path): a topk SAE needs \(key) in 1...\(h), "
                                + "got \(value.compactText)")
            }
        }
        switch (top?.intValue, kwargs?.intValue) {
        case let (k?, other?) where k != other:
            throw UserError("\(path): k \(k) and activation_fn_kwargs.k \(other) disagree")
        case let (k?, _), let (nil, k?): return .topK(k)
        case (nil, nil):
            throw UserError("\(path): a topk SAE needs k (or activation_fn_kwargs.k) in 1...\(h)")
        }
    }
}
