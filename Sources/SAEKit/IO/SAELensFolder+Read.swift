// Reading an SAELens folder: ours, or one SAELens 5.x or 6.x wrote. The config's maths fields are
// checked (SAELensConfig), every tensor's shape too, and what cannot be reproduced exactly is
// refused, naming the field or the tensor.

import Foundation

extension SAELensFolder {
    /// SAELens's record of the input scale, `{"scaling_factor": c}`, beside a checkpoint's
    /// cfg.json.
    public static let activationScalerFile = "activation_scaler.json"

    /// Reads an SAELens folder (ours or one trained elsewhere), checking the config and every
    /// shape.
    public static func read(_ folder: String) throws(UserError) -> Contents {
        let configPath = folder + "/" + configFile
        guard let data = FileManager.default.contents(atPath: configPath) else {
            throw UserError("\(folder): no \(configFile) (an SAELens folder holds cfg.json and "
                            + "sae_weights.safetensors)")
        }
        let config: JSONValue
        do { config = try JSONValue(parsing: [UInt8](data)) } catch {
            throw UserError("\(configPath): \(error.description)")
        }
        let settings = try SAELensConfig(config, path: configPath)
        let (d, h) = (settings.inputDims, settings.latentCount)
        let weightsPath = folder + "/" + weightsFile
        let file = try SafeTensorsFile(contentsOf: weightsPath)
        func tensor(_ name: String, _ shape: [Int]) throws(UserError) -> Tensor {
            guard let tensor = file[name] else {
                throw UserError("\(weightsPath): no tensor '\(name)'")
            }
            guard tensor.shape == shape else {
                throw UserError("\(weightsPath): '\(name)' has shape \(tensor.shape), "
                                + "cfg.json implies \(shape)")
            }
            guard tensor.values.allSatisfy(\.isFinite) else {
                throw UserError("\(weightsPath): '\(name)' has NaN or infinite values")
            }
            return tensor
        }
        var names = ["W_enc", "b_enc", "W_dec", "b_dec"]
        let activation: SAEActivation
        switch settings.architecture {
        case .standard: activation = .relu
        case let .topK(k): activation = .topK(k)
        case .jumpReLU:
            activation = .jumpReLU(try tensor("threshold", [h]).values)
            names.append("threshold")
        }
        let scaleNames = ["scaling_factor", "finetuning_scaling_factor"]
        if let extra = file.tensors.map(\.name).first(where: { !(names + scaleNames).contains($0) })
        {
            throw UserError("\(weightsPath): tensor '\(extra)' is not part of an SAELens "
                            + "\(activation.label) SAE (\(names.joined(separator: ", ")))")
        }
        let stored = SparseAutoencoder(
            W_enc: try tensor("W_enc", [d, h]).matrix!,
            b_enc: try tensor("b_enc", [h]).values,
            W_dec: try tensor("W_dec", [h, d]).matrix!,
            b_dec: try tensor("b_dec", [d]).values, activation: activation)
        var contents = Contents(config: config, settings: settings, stored: stored)
        if let name = scaleNames.first(where: { file[$0] != nil }) {
            contents.codeScales = try codeScales(try tensor(name, [h]).values, name: name,
                                                 settings: settings, weightsPath: weightsPath)
        }
        if settings.expectsScaledInputs { contents.recordedInputScale = try recordedScale(folder) }
        let zeroRow = stored.W_dec.rowNorms.firstIndex { !($0 > 0) }
        if settings.rescalesByDecoderNorm, let zero = zeroRow {
            throw UserError(
                "\(configPath): rescale_acts_by_decoder_norm is true but latent \(zero)'s "
                    + "decoder row is zero (SAELens would divide its code by 0)")
        }
        return contents
    }

    /// finetuning_scaling_factor's scales (SAELens 5): all ones are dropped, as SAELens drops them;
    /// any other scale needs the flag, as SAELens requires.
    private static func codeScales(_ scales: [Double], name: String, settings: SAELensConfig,
                                   weightsPath: String) throws(UserError) -> [Double]? {
        if scales.allSatisfy({ $0 == 1 }) { return nil }
        guard settings.finetuningScalingFactor else {
            throw UserError(
                "\(weightsPath): holds '\(name)' (not all 1) but cfg.json's "
                    + "finetuning_scaling_factor is false (SAELens refuses this folder too)")
        }
        if settings.rescalesByDecoderNorm {
            throw UserError("\(weightsPath): finetuning_scaling_factor and "
                            + "rescale_acts_by_decoder_norm together (no SAELens version has both)")
        }
        return scales
    }

    /// expected_average_only_in's factor from activation_scaler.json, or nil when there is none.
    private static func recordedScale(_ folder: String) throws(UserError) -> Double? {
        let path = folder + "/" + activationScalerFile
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let json: JSONValue
        do { json = try JSONValue(parsing: [UInt8](data)) } catch {
            throw UserError("\(path): \(error.description)")
        }
        switch json["scaling_factor"] {
        case nil, .null?: return nil
        case let value?:
            guard let scale = value.doubleValue, scale > 0, scale.isFinite else {
                throw UserError("\(path): scaling_factor must be a positive number, "
                                + "got \(value.compactText)")
            }
            return scale
        }
    }
}
