// Step 4 — training the SAE. Read alongside Chapters/04-training.md:
//   1. the data (step 2's activations) and the settings (the preset's, adjusted by flags)
//   2. train: Adam with warm-up + cosine, a unit-norm decoder, dead latents resampled
//   3. evaluate: reconstruction, sparsity, and recovery of the true features
//   4. save it as an SAELens folder, and load it back
//   (--sweep l1 trains one SAE per λ instead and draws the sparsity–fidelity frontier)

import Foundation
import SAEKit
import Step3Exercises
import Step4Exercises

/// What `--sweep` sweeps.
enum Sweep: String, CaseIterable { case none, l1 }

/// Where training starts.
enum Start: String, CaseIterable { case random, truth }

runStep {
    // MARK: 1. Data and settings
    var flags = FlagParser(
        command: "step4", summary: "train a sparse autoencoder (Chapters/04-training.md)",
        arguments: CommandLine.arguments)
    let choice = DatasetChoice(flags: &flags, toyTrainingFlags: false)
    let config = SAETrainingConfig(flags: &flags, defaults: choice.preset.saeDefaults)
    let start = flags.choice(
        "--init", default: Start.random,
        help:
            "truth: start with the first decoder rows at the true directions (to see whether "
                + "training keeps them)"
    )
    flags.section("Sweep")
    let sweep = flags.choice(
        "--sweep", default: Sweep.none,
        help: "l1: train one SAE per λ and draw the sparsity–fidelity frontier")
    let l1Values = flags.doubleList(
        "--l1-values", default: [0.1, 0.2, 0.5, 1, 2, 5, 10].map { $0 * config.l1Coefficient },
        range: .closed(0, 1000), help: "the λ values of --sweep l1")
    let common = CommonOptions(&flags, mineHelp: "train with your exercises 3.1–3.4 and 4.1–4.4")
    flags.require(!(sweep == .l1 && common.mine), "--mine trains one SAE; run the sweep without it")
    flags.require(
        !(start == .truth && choice.userFile != nil),
        "--init truth needs the true directions; your own activations have none")
    try flags.finish()
    let spec = try choice.spec(seed: common.seed)
    let style = TerminalStyle.detect(noColorFlag: common.noColor)
    var output = StepOutput(root: common.outRoot, step: "step4")
    try output.prepare()
    let maths = common.mine ? try learnerMaths() : .reference
    let report = SAEReport(style: style)

    show(style.bold("Step 4 · training the sparse autoencoder"))
    let (dataset, scale, notes) = try DatasetArtifact.obtain(
        spec, root: common.outRoot, showProgress: !common.quiet)
    notes.forEach { show($0) }
    let dataL0 = dataset.codes.flatMap { codes in
        dataset.directions.map {
            trueL0(codes, presentFeatures: FeatureRecovery.presentFeatures(of: $0))
        }
    }
    show(dataset.summary(label: spec.label, trueL0: dataL0))

    if sweep == .l1 {
        let progress = ConcurrentProgress(
            label: "λ sweep", trainings: l1Values.count, steps: l1Values.count * config.steps,
            enabled: !common.quiet)
        let points = try sweepL1(
            activations: dataset.activations, directions: dataset.directions, base: config,
            values: l1Values, seed: common.seed,
            requireFinite: { (trained: TrainedSAE) throws(UserError) in
                try trained.requireFinite(
                    command: "step4",
                    what: "training with --l1 \(formatCompact(trained.config.l1Coefficient))",
                    usedLearnerCode: false, exercises: "Step4Exercises")
            }, progress: progress)
        let sweepReport = SweepReport(points: points, trueL0: dataL0, name: spec.label)
        sweepReport.lines(style: style).forEach { show($0) }
        for (name, svg) in sweepReport.figures { try output.write(svg, as: name) }
        try output.write(
            sweepMetrics(points, spec: spec, config: config, trueL0: dataL0).prettyText,
            as: "metrics.json")
        show("\n" + (try output.finishWithSummary()))
        return
    }

    // MARK: 2. Train
    show("")
    report.architecture(
        inputDims: dataset.activations.cols, latents: config.latents,
        l1Coefficient: config.l1Coefficient
    ).forEach { show($0) }
    show(
        "training: \(config.steps) steps × \(config.batchSize) samples, Adam lr "
            + "\(config.learningRate) (warm-up \(config.warmupSteps), \(config.decay.rawValue)), "
            + (config.unitNormDecoder ? "unit-norm decoder" : "free decoder norm")
            + ", resampling every \(config.resampleEvery)")
    if common.mine { show(style.cyan("--mine: training with your exercises 3.1–3.4 and 4.1–4.4")) }
    let initial =
        try start == .truth ? startingAtTheTruth(dataset, config: config, seed: common.seed) : nil
    if let initial, let directions = dataset.directions {
        let recovery = FeatureRecovery(decoder: initial.W_dec, directions: directions)
        show(
            "starting at the truth: decoder rows 0–\(recovery.presentFeatures.count - 1) are the "
                + "true directions (MMCS \(formatFixed(recovery.mmcs, decimals: 4)))"
        )
    }
    var progress = ProgressLine(label: "training", total: config.steps, enabled: !common.quiet)
    let trained = trainSAE(
        on: dataset.activations, config: config, seed: common.seed, initial: initial, maths: maths
    ) { update in
        progress.update(
            update.step,
            [
                "loss " + formatFixed(update.terms.total, decimals: 4),
                "mse " + formatFixed(update.terms.reconstruction, decimals: 5),
                "L1 " + formatFixed(update.terms.l1, decimals: 3),
                "L0 " + formatFixed(update.terms.l0, decimals: 2),
                "dead \(update.deadLatents)"
            ])
    }
    progress.finish()
    try trained.requireFinite(
        command: "step4", usedLearnerCode: common.mine, exercises: "Step3Exercises|Step4Exercises")
    let resampled = trained.resamplings.map(\.count).reduce(0, +)
    show(
        "trained; resampled \(resampled) dead latent\(resampled == 1 ? "" : "s")"
            + (trained.resamplings.isEmpty
                ? ""
                : " (at step" + (trained.resamplings.count == 1 ? " " : "s ")
                    + trained.resamplings.map { "\($0.step)" }.joined(separator: ", ") + ")"))

    // MARK: 3. Evaluate
    let evaluation = SAEArtifact.evaluate(trained.autoencoder, on: dataset)
    report.evaluation(
        evaluation.metrics, recovery: evaluation.recovery, trueL0: dataL0, latents: config.latents
    ).forEach { show($0) }
    if !config.unitNormDecoder {
        let norms = DecoderNormSummary(trained.autoencoder, on: dataset.activations)
        report.freeDecoderNorm(norms, l1Coefficient: config.l1Coefficient).forEach { show($0) }
    }

    // MARK: 4. Save, and load back
    try SAEArtifact.write(
        trained, evaluation: evaluation, dataset: dataset, spec: spec,
        inputScale: spec.normalize ? scale : 1,
        usedLearnerCode: common.mine, to: &output)
    let folder = output.path(SAEArtifact.folderName)
    show(
        "\nSaved \(folder)/ in SAELens's layout (cfg.json, sae_weights.safetensors); loaded back: "
            + "identical weights"
    )
    show(
        "latents-sample.npy: the codes of the first \(min(1000, dataset.activations.rows)) "
            + "samples, to check the SAE from Python"
    )
    show(try output.finishWithSummary(alsoWrote: ["sae/"]))
}

/// An SAE whose first decoder rows are the true directions (unit norm), the rest random,
/// encoder = decoderᵀ.
func startingAtTheTruth(
    _ dataset: ActivationDataset, config: SAETrainingConfig, seed: UInt64
) throws(UserError) -> SparseAutoencoder {
    guard let directions = dataset.directions else {
        throw UserError("step4: --init truth needs the true directions; this data has none")
    }
    let present = FeatureRecovery.presentFeatures(of: directions)
    guard present.count <= config.latents else {
        throw UserError(
            "step4: --init truth needs --latents ≥ \(present.count), the number of true features")
    }
    var random = SeededGenerator(seed: seed, stream: "sae-init")
    var sae = SparseAutoencoder.initialised(
        inputDims: directions.cols, latents: config.latents, generator: &random)
    for (row, feature) in present.enumerated() {
        let direction = directions.row(feature), norm = dot(direction, direction).squareRoot()
        for c in 0..<directions.cols { sae.W_dec[row, c] = direction[c] / norm }
    }
    sae.W_enc = sae.W_dec.transposed
    return sae
}

/// metrics.json of a sweep: one entry per λ.
func sweepMetrics(
    _ points: [SweepPoint], spec: DatasetSpec, config: SAETrainingConfig, trueL0: Double?
) -> JSONValue {
    .object([
        ("step", .string("step4 --sweep l1")), ("dataset", .string(spec.label)),
        ("config", .object(config.record)),
        ("true_l0", trueL0.map(JSONValue.number) ?? .null),
        (
            "points",
            .array(
                points.map { point in
                    .object([
                        ("l1_coefficient", .number(point.l1Coefficient)),
                        ("l0", .number(point.metrics.l0)),
                        ("normalized_mse", .number(point.metrics.normalisedMSE)),
                        ("explained_variance", .number(point.metrics.explainedVariance)),
                        ("dead_latents", .int(point.metrics.deadLatents.count)),
                        ("mmcs", point.recovery.map { .number($0.mmcs) } ?? .null),
                        (
                            "recovered_0_99",
                            point.recovery.map { .int($0.recovered(atLeast: 0.99)) } ?? .null
                        )
                    ])
                })
        )
    ])
}

/// The learner's exercises 3.1–3.4 and 4.1–4.4 as training maths, or a user error naming the stubs.
func learnerMaths() throws(UserError) -> SAETrainingMaths {
    let a = Matrix([[1, 2]]),
        sae = SparseAutoencoder(
            W_enc: Matrix([[1], [0]]), b_enc: [0], W_dec: Matrix([[1, 0]]), b_dec: [0, 0])
    var parameter = [1.0], moments = AdamMoments(count: 1)
    adamStep(
        &parameter, gradient: [1], moments: &moments, learningRate: 0.1,
        hyperparameters: AdamHyperparameters())
    let stubs: [(String, String, Bool)] = [
        ("3.1", "SAE encode", saeEncode(a, sae: sae).isPlaceholder),
        ("3.2", "SAE decode", saeDecode(Matrix([[1]]), sae: sae).isPlaceholder),
        (
            "3.3", "SAE loss terms",
            saeLossTerms(a, reconstruction: a, codes: Matrix([[1]]), l1Coefficient: 1).isPlaceholder
        ),
        ("3.4", "SAE backward pass", saeGradients(a, sae: sae, l1Coefficient: 1).isPlaceholder),
        ("4.1", "Adam step", moments.step == 0),
        (
            "4.2", "unit-norm decoder",
            removeParallelComponent(Matrix([[1, 0]]), decoder: Matrix([[1, 0]])).isPlaceholder
                || normaliseDecoderRows(Matrix([[2, 0]])).isPlaceholder
        ),
        (
            "4.3", "learning-rate schedule",
            scheduledLearningRate(
                step: 0, schedule: LearningRateSchedule(learningRate: 1, totalSteps: 2)
            ).isPlaceholder
        ),
        (
            "4.4", "dead-latent resampling",
            resampleDeadLatents(
                sae, firingCounts: [0], replacements: Matrix([[1, 0]]), encoderScale: 0.2
            ).isPlaceholder
        )
    ]
    try requireImplemented(stubs.filter { $0.2 }.map { ($0.0, $0.1) }, command: "step4")
    return SAETrainingMaths(
        trainingStep: { a, sae, λ in
            let codes = saeEncode(a, sae: sae)
            let terms = saeLossTerms(
                a, reconstruction: saeDecode(codes, sae: sae), codes: codes, l1Coefficient: λ)
            return SAEStep(
                terms: terms, gradients: saeGradients(a, sae: sae, l1Coefficient: λ),
                fired: codes.firingLatents)
        },
        adamStep: {
            adamStep(&$0, gradient: $1, moments: &$2, learningRate: $3, hyperparameters: $4)
        },
        removeParallelComponent: { removeParallelComponent($0, decoder: $1) },
        normaliseDecoder: normaliseDecoderRows,
        learningRate: { scheduledLearningRate(step: $0, schedule: $1) },
        resample: { resampleDeadLatents($0, firingCounts: $1, replacements: $2, encoderScale: $3) })
}
