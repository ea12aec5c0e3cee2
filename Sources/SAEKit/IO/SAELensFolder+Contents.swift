// A folder SAELens wrote, read: its stored weights and the settings that turn them into an SAE for
// raw activations, folded in the order SAELens applies them (SparseAutoencoder+Folding.swift), each
// named in a note so that a step can say what it did.

extension SAELensFolder {
    /// A folder read: its config, its weights, and how they become an SAE for raw activations.
    public struct Contents: Sendable {
        /// cfg.json as parsed.
        public var config: JSONValue
        /// The fields of cfg.json that change the maths.
        public var settings: SAELensConfig
        /// expected_average_only_in's factor c, when the folder records it
        /// (activation_scaler.json).
        public var recordedInputScale: Double?
        /// The weights as stored, with the activation.
        var stored: SparseAutoencoder
        /// finetuning_scaling_factor's per-latent scales, when they are not all 1.
        var codeScales: [Double]?

        /// True when the SAE expects inputs × c (expected_average_only_in) and the folder does not
        /// record c: only data can give it (`estimatingInputScale(from:)`).
        public var needsInputScale: Bool {
            settings.expectsScaledInputs && recordedInputScale == nil
        }

        /// The SAE taking raw activations, every setting folded in; nil when `needsInputScale`.
        public var sae: SparseAutoencoder? {
            needsInputScale ? nil : folded(inputScale: recordedInputScale)
        }

        /// The SAE taking raw activations, with c estimated on `activations` the way SAELens
        /// estimates it before training: c = √d / mean ‖a‖.
        // activations: [N, d]
        public func estimatingInputScale(from activations: Matrix)
            -> (sae: SparseAutoencoder, scale: Double) {
            let norms = activations.rowNorms
            let meanNorm = norms.reduce(0, +) / Double(max(norms.count, 1))
            let scale = Double(settings.inputDims).squareRoot() / meanNorm
            return (folded(inputScale: scale), scale)
        }

        /// The stored weights with the settings folded in, in SAELens's order: the encoder's input
        /// (b_dec subtracted or not) is the scaled input; SAELens's own folding of the scale comes
        /// next; code scales and decoder norms are read from the decoder that folding leaves.
        func folded(inputScale: Double?) -> SparseAutoencoder {
            var sae = stored
            if !settings.subtractsDecoderBias { sae = sae.foldingDecoderBiasIntoEncoder() }
            if let inputScale { sae = sae.foldingInputScale(inputScale) }
            if let codeScales { sae = sae.foldingCodeScales(codeScales) }
            if settings.rescalesByDecoderNorm { sae = sae.foldingDecoderNorms() }
            return sae
        }

        /// One line for each setting folded into the weights (none for a plain folder like ours).
        public var notes: [String] {
            var notes: [String] = []
            if case let .topK(k) = settings.architecture, settings.topKFromActivationName {
                notes.append("architecture 'standard' with activation_fn_str 'topk' and "
                             + "activation_fn_kwargs.k = \(k) (SAELens 5's layout): a TopK SAE")
            }
            if !settings.subtractsDecoderBias {
                notes.append("apply_b_dec_to_input false: the encoder reads a, not a − b_dec; "
                             + "folded as b_enc + b_dec·W_enc")
            }
            if let scale = recordedInputScale {
                notes.append("normalize_activations expected_average_only_in: inputs × c = "
                             + "\(formatCompact(scale)) (\(activationScalerFile)); folded as "
                             + "W_enc × c, W_dec and b_dec ÷ c")
            }
            if codeScales != nil {
                notes.append(
                    "finetuning_scaling_factor: codes × a per-latent scale before decoding; "
                        + "folded into W_dec's rows")
            }
            if settings.rescalesByDecoderNorm {
                notes.append(
                    "rescale_acts_by_decoder_norm true: pre-activations × ‖W_dec[j]‖, codes "
                        + "÷ ‖W_dec[j]‖ before decoding; folded, so every decoder row has norm 1")
            }
            return notes
        }
    }
}
