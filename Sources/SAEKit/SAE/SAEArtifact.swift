// Step 4's SAE as an artifact: trained, evaluated and written (figures, the SAELens folder,
// latents-sample.npy, metrics.json), and found again by later steps through a fingerprint of the
// data and training settings kept in cfg.json's metadata.

import Foundation

/// A trained SAE's evaluation on its dataset.
public struct SAEEvaluation: Sendable {
    public var metrics: ReconstructionMetrics
    public var recovery: FeatureRecovery?
    /// The data's true L0 (ground truth only).
    public var trueL0: Double?
}

public enum SAEArtifact {
    public static let folderName = "sae"

    /// What identifies a trained SAE: its data, its training settings, its seed.
    public static func fingerprint(
        spec: DatasetSpec, config: SAETrainingConfig, architecture: String
    ) -> String {
        SAEKit.fingerprint(
            .object([
                ("dataset", .string(spec.fingerprint)), ("training", .object(config.record)),
                ("seed", .int(Int(spec.seed))), ("architecture", .string(architecture))
            ]))
    }

    // MARK: - Training and evaluating

    /// Reconstruction, sparsity and (with ground truth) recovery on the whole dataset.
    public static func evaluate(
        _ sae: SparseAutoencoder, on dataset: ActivationDataset
    ) -> SAEEvaluation {
        let recovery = dataset.directions.map {
            FeatureRecovery(decoder: sae.W_dec, directions: $0)
        }
        let trueL0 = dataset.codes.flatMap { codes in
            recovery.map { SAEKit.trueL0(codes, presentFeatures: $0.presentFeatures) }
        }
        return SAEEvaluation(
            metrics: ReconstructionMetrics(sae, on: dataset.activations), recovery: recovery,
            trueL0: trueL0)
    }

    // MARK: - Writing

    /// Writes step 4's files into `output` (ROOT/step4): figures, the SAELens folder (reloaded to
    /// check it), the codes of the first 1,000 samples, and metrics.json.
    /// - Parameter inputScale: the normalisation applied to the data (1 if none), folded into the
    ///   exported weights.
    public static func write(
        _ trained: TrainedSAE, evaluation: SAEEvaluation, dataset: ActivationDataset,
        spec: DatasetSpec,
        inputScale: Double, usedLearnerCode: Bool, to output: inout StepOutput
    ) throws(UserError) {
        try output.prepare()
        for (name, svg) in SAEFigures(
            trained: trained, recovery: evaluation.recovery, name: spec.label
        ).all { try output.write(svg, as: name) }
        let exported = trained.autoencoder.foldingInputScale(inputScale)
        let folder = output.path(folderName)
        var metadata = saeMetadata(spec, config: trained.config, scale: inputScale)
        metadata.append(
            (
                "fingerprint",
                .string(fingerprint(spec: spec, config: trained.config, architecture: "standard"))
            ))
        try SAELensFolder.write(exported, metadata: metadata, to: folder)
        guard try SAELensFolder.read(folder).sae == exported else {
            throw UserError("\(folder) did not load back to the same weights")
        }
        try output.recordWritten(
            [SAELensFolder.weightsFile, SAELensFolder.configFile].map { folderName + "/" + $0 })
        let sample = dataset.activations.selectingRows(
            Array(0..<min(1000, dataset.activations.rows)))
        try output.write(
            NumPyFile.encode(Tensor(trained.autoencoder.encode(sample))), as: "latents-sample.npy")
        let metrics = metricsJSON(
            trained, evaluation: evaluation, dataset: dataset, spec: spec, mine: usedLearnerCode)
        try output.write(metrics.prettyText, as: "metrics.json")
    }

    /// cfg.json's metadata: where this SAE came from.
    static func saeMetadata(
        _ spec: DatasetSpec, config: SAETrainingConfig, scale: Double
    ) -> [(String, JSONValue)] {
        [
            ("source", .string("sae-curriculum step 4 (L1 SAE, Bricken et al. 2023)")),
            ("dataset", .string(spec.label)),
            ("dataset_fingerprint", .string(spec.fingerprint)), ("seed", .int(Int(spec.seed))),
            ("training", .object(config.record)),
            ("input_scale_folded", .number(scale)),
            (
                "convention",
                .string(
                    "f = ReLU((a - b_dec) @ W_enc + b_enc), a_hat = f @ W_dec + b_dec, on raw "
                        + "(unnormalised) activations"
                )
            )
        ]
    }

    /// metrics.json: the final figures of the trained SAE.
    static func metricsJSON(
        _ trained: TrainedSAE, evaluation: SAEEvaluation, dataset: ActivationDataset,
        spec: DatasetSpec, mine: Bool
    ) -> JSONValue {
        let metrics = evaluation.metrics
        var pairs: [(String, JSONValue)] = [
            ("step", .string("step4")), ("dataset", .string(spec.label)),
            ("dataset_fingerprint", .string(spec.fingerprint)),
            ("seed", .int(Int(spec.seed))), ("used_learner_code", .bool(mine)),
            ("config", .object(trained.config.record)),
            ("mse", .number(metrics.mse)), ("normalized_mse", .number(metrics.normalisedMSE)),
            ("explained_variance", .number(metrics.explainedVariance)),
            ("l0", .number(metrics.l0)), ("l1", .number(metrics.l1)),
            ("dead_latents", .int(metrics.deadLatents.count)),
            ("dead_fraction", .number(metrics.deadFraction)),
            ("resampled", .int(trained.resamplings.map(\.count).reduce(0, +))),
            (
                "mean_decoder_norm",
                .number(
                    trained.autoencoder.W_dec.rowNorms.reduce(0, +)
                        / Double(trained.autoencoder.latentCount))
            )
        ]
        if let trueL0 = evaluation.trueL0 { pairs.append(("true_l0", .number(trueL0))) }
        if !trained.config.unitNormDecoder {
            let norms = DecoderNormSummary(trained.autoencoder, on: dataset.activations)
            let effective = norms.effectiveL1Coefficient(trained.config.l1Coefficient)
            pairs.append(
                (
                    "decoder_norms",
                    .object([
                        ("mean", .number(norms.mean)), ("smallest", .number(norms.smallest)),
                        ("largest", .number(norms.largest)), ("l1", .number(norms.l1)),
                        ("unit_norm_l1", .number(norms.unitNormL1)),
                        ("effective_l1_coefficient", .number(effective))
                    ])
                ))
        }
        if let recovery = evaluation.recovery {
            pairs += [
                ("mmcs", .number(recovery.mmcs)),
                ("median_best_cosine", .number(recovery.medianBestCosine)),
                ("recovered_0_9", .int(recovery.recovered(atLeast: 0.9))),
                ("recovered_0_99", .int(recovery.recovered(atLeast: 0.99))),
                ("present_features", .int(recovery.presentFeatures.count)),
                ("best_cosines", .numbers(recovery.bestCosines)),
                ("min_best_cosine", .number(recovery.bestCosines.min() ?? 0))
            ]
        }
        return .object(pairs)
    }

    // MARK: - Finding it again

    /// The SAE for these settings (taking raw activations), reused from ROOT/step4/sae when its
    /// fingerprint matches, otherwise trained and saved there; with one line saying which.
    public static func obtain(
        spec: DatasetSpec, config: SAETrainingConfig, dataset: ActivationDataset,
        inputScale: Double,
        root: String, showProgress: Bool
    ) throws(UserError) -> (sae: SparseAutoencoder, note: String) {
        var output = StepOutput(root: root, step: "step4")
        let folder = output.path(folderName)
        let expected = fingerprint(spec: spec, config: config, architecture: "standard")
        let reason: String
        if let contents = try? SAELensFolder.read(folder), let sae = contents.sae {
            if contents.config["metadata"]?["fingerprint"]?.stringValue == expected {
                return (sae, "using the step-4 SAE in \(folder)/ (same data, settings and seed)")
            }
            reason = "\(folder)/ holds an SAE trained with other settings"
        } else {
            reason =
                FileManager.default.fileExists(atPath: folder)
                ? "\(folder)/ is unreadable" : "no step-4 SAE in \(output.directory)/"
        }
        var progress = ProgressLine(
            label: "training the SAE", total: config.steps, enabled: showProgress)
        let trained = trainSAE(on: dataset.activations, config: config, seed: spec.seed) {
            progress.update($0.step)
        }
        progress.finish()
        try trained.requireFinite(
            command: output.step, what: "training the step-4 SAE", usedLearnerCode: false,
            exercises: "Step4Exercises")
        try write(
            trained, evaluation: evaluate(trained.autoencoder, on: dataset), dataset: dataset,
            spec: spec, inputScale: inputScale,
            usedLearnerCode: false, to: &output)
        let removed = try output.finish()
        return (
            trained.autoencoder.foldingInputScale(inputScale),
            "\(reason): trained it first (step 4, \(spec.label), seed \(spec.seed)) and saved it "
                + "there"
                + (removed.map { "\n" + $0 } ?? "")
        )
    }
}
