// Step 6 — TopK sparse autoencoders, contrasted with L1. Read alongside Chapters/06-topk.md:
//   1. the data, and the L1 SAE of step 4 (trained again here, to time it)
//   2. TopK and BatchTopK at the L1 SAE's L0, and TopK once more without AuxK
//   3. side by side: fidelity, recovery, shrinkage against the truth, dead latents, time
//   4. the frontier: k for TopK and BatchTopK, λ for L1, on the same data
//   5. save the TopK SAE as an SAELens folder, the figures and metrics.json

import Foundation
import SAEKit
import Step6Exercises

runStep {
    // MARK: 1. Data and settings
    var flags = FlagParser(
        command: "step6",
        summary: "TopK sparse autoencoders, contrasted with L1 (Chapters/06-topk.md)",
        arguments: CommandLine.arguments)
    let choice = DatasetChoice(flags: &flags, toyTrainingFlags: false)
    let config = SAETrainingConfig(flags: &flags, defaults: choice.preset.saeDefaults)
    flags.section(
        "TopK and BatchTopK (the settings above apply to them too, except λ and resampling)")
    let kFlag = flags.int(
        "--k", default: 0, range: 0...100_000,
        help: "TopK's k, latents kept per sample (0: the L1 SAE's L0, rounded)")
    let batchKFlag = flags.double(
        "--batch-k", default: 0, range: .closed(0, 100_000),
        help: "BatchTopK's k, latents per sample on average (0: the L1 SAE's L0)")
    let auxKFlag = flags.int(
        "--aux-k", default: 0, range: 0...100_000,
        help: "AuxK's k_aux, dead latents per sample that model the residual (0: ⌈d/2⌉)")
    let auxCoefficient = flags.double(
        "--aux-coefficient", default: 1.0 / 32, range: .closed(0, 100),
        help: "AuxK's α (0: no AuxK)")
    flags.section("Frontier")
    let frontierK = flags.doubleList(
        "--frontier-k", default: [1, 2, 3, 4], range: .aboveUpTo(0, 100_000),
        help: "k values for TopK (rounded) and BatchTopK")
    let frontierL1 = flags.doubleList(
        "--frontier-l1", default: [0.25, 0.5, 1, 2, 4].map { $0 * config.l1Coefficient },
        range: .aboveUpTo(0, 1000),
        help: "λ values for L1")
    let noFrontier = flags.flag(
        "--no-frontier", help: "skip the frontier (train only the SAEs compared side by side)")
    let common = CommonOptions(
        &flags, mineHelp: "train TopK with your exercises 6.1–6.3 and measure with 6.4–6.5")
    for (name, value) in [
        ("--k", Double(kFlag)), ("--batch-k", batchKFlag), ("--aux-k", Double(auxKFlag))
    ] + frontierK.map({ ("--frontier-k", $0) }) {
        flags.require(
            value <= Double(config.latents),
            "\(name) \(formatCompact(value)) must be at most --latents (\(config.latents))")
    }
    try flags.finish()
    let spec = try choice.spec(seed: common.seed)
    let style = TerminalStyle.detect(noColorFlag: common.noColor)
    var output = StepOutput(root: common.outRoot, step: "step6")
    try output.prepare()
    let (trainingMaths, measuring) =
        common.mine ? try learnerMaths() : (SAETrainingMaths.reference, MeasurementMaths.reference)
    let report = ComparisonReport(style: style)

    show(style.bold("Step 6 · TopK sparse autoencoders, contrasted with L1"))
    let (dataset, scale, notes) = try DatasetArtifact.obtain(
        spec, root: common.outRoot, showProgress: !common.quiet)
    notes.forEach { show($0) }
    let activeCounts = dataset.codes.flatMap { codes in
        dataset.directions.map {
            activeFeatureCounts(codes, presentFeatures: FeatureRecovery.presentFeatures(of: $0))
        }
    }
    let dataL0 = activeCounts.map { Double($0.reduce(0, +)) / Double(max(1, $0.count)) }
    let severalOn = activeCounts.map { counts in
        Double(counts.filter { $0 >= 2 }.count) / Double(max(1, counts.count))
    }
    show(
        dataset.summary(label: spec.label, trueL0: dataL0)
            + (severalOn.map {
                "; \(formatFixed(100 * $0, decimals: 1))% of samples have 2 or more features on"
            } ?? ""))
    if common.mine {
        show(
            style.cyan(
                "--mine: TopK trained with your exercises 6.1–6.3, every SAE measured with your "
                    + "6.4–6.5"
            ))
    }
    let measure: @Sendable (TimedTraining) -> Scorecard = { run in
        Scorecard(run, on: dataset, maths: measuring)
    }
    /// A bar over the trainings' steps with an ETA on a terminal; otherwise a line as each ends.
    let progress = { (label: String, configs: [SAETrainingConfig]) in
        ConcurrentProgress(
            label: label, trainings: configs.count, steps: configs.map(\.steps).reduce(0, +),
            enabled: !common.quiet)
    }

    // MARK: 2. The L1 SAE, then TopK and BatchTopK at its L0
    show(
        "\nThe L1 SAE: step 4's settings (\(config.latents) latents, λ "
            + "\(formatCompact(config.l1Coefficient, decimals: 4)), "
            + "\(config.steps) steps × \(config.batchSize))")
    let requireFinite = { (run: TimedTraining) throws(UserError) in
        try run.trained.requireFinite(
            command: "step6", what: "training the \(run.trained.config.activation.label) SAE",
            usedLearnerCode: common.mine && run.trained.config.activation.isTopK,
            exercises: "Step6Exercises")
    }
    let l1Run = trainConcurrently([config], on: dataset.activations, seed: common.seed,
                                  progress: progress("training the L1 SAE", [config]))[0]
    try requireFinite(l1Run)
    let l1 = measure(l1Run)
    let l0 = l1.metrics.l0
    let k = kFlag > 0 ? kFlag : min(config.latents, max(1, Int(l0.rounded())))
    let batchK = batchKFlag > 0 ? batchKFlag : (l0 * 100).rounded() / 100
    let auxK = auxKFlag > 0 ? auxKFlag : min(config.latents, (dataset.activations.cols + 1) / 2)
    let topK = config.withActivation(.topK(k), auxK: auxK, auxKCoefficient: auxCoefficient)
    var withoutAuxK = topK
    withoutAuxK.auxKCoefficient = 0
    let matched = [
        topK, withoutAuxK,
        config.withActivation(.batchTopK(batchK), auxK: auxK, auxKCoefficient: auxCoefficient)
    ]
    let frontierConfigs =
        noFrontier
        ? []
        : frontierL1.filter { $0 != config.l1Coefficient }.map(config.withL1)
            + Set(frontierK.map { max(1, Int($0.rounded())) }).sorted().filter { $0 != k }.map {
                config.withActivation(.topK($0), auxK: auxK, auxKCoefficient: auxCoefficient)
            }
            + frontierK.filter { $0 != batchK }.map {
                config.withActivation(.batchTopK($0), auxK: auxK, auxKCoefficient: auxCoefficient)
            }
    show(
        "L1 SAE: L0 \(formatFixed(l0, decimals: 2)) → TopK with k = \(k)"
            + (kFlag > 0 ? " (--k)" : " (its L0, rounded)")
            + ", BatchTopK with k = \(formatCompact(batchK)) per sample on average; training "
            + "\(matched.count + frontierConfigs.count) SAEs"
    )
    let runs = trainConcurrently(
        matched + frontierConfigs, on: dataset.activations, seed: common.seed,
        maths: { $0.activation.isTopK ? trainingMaths : .reference },
        progress: progress(
            "training \(matched.count + frontierConfigs.count) SAEs", matched + frontierConfigs))
    for run in runs { try requireFinite(run) }
    let cards = mapConcurrently(runs, measure)                                   // one SAE per core
    let (topKCard, noAuxCard, batchCard) = (cards[0], cards[1], cards[2])

    // MARK: 3. Side by side
    let chosen = [kFlag > 0 ? "--k" : nil, batchKFlag > 0 ? "--batch-k" : nil].compactMap { $0 }
    let title = chosen.isEmpty ? "Side by side at the L1 SAE's L0 (\(spec.label))"
        : "Side by side, k from \(chosen.joined(separator: " and ")) "
            + "(\(spec.label); the L1 SAE's L0 is \(formatFixed(l0, decimals: 2)))"
    report.sideBySide([l1, topKCard, batchCard], title: title).forEach { show($0) }
    // samples with more true features than k
    let crowded = activeCounts.map { counts in counts.map { $0 > k } }
    let crowdedShare = crowded.map {
        squaredErrorShare(
            dataset.activations,
            reconstruction: topKCard.trained.autoencoder.forwardPass(dataset.activations)
                .reconstruction,
            selected: $0)
    }
    if let crowded, let crowdedShare {
        let fraction = Double(crowded.filter { $0 }.count) / Double(max(1, crowded.count))
        show(
            "  \(topKCard.name): \(formatFixed(100 * crowdedShare, decimals: 1))% of its squared "
                + "error is on the "
                + "\(formatFixed(100 * fraction, decimals: 1))% of samples with more than \(k) "
                + "true feature\(k == 1 ? "" : "s") on"
        )
    }
    if l1.shrinkage != nil {
        report.shrinkagePerFeature([l1, topKCard, batchCard]).forEach { show($0) }
    }
    report.deadLatents(with: topKCard, without: noAuxCard, config: topK).forEach { show($0) }

    // MARK: 4. The frontier
    let frontier = Frontier([l1] + [topKCard, batchCard] + Array(cards.dropFirst(3)))
    if !noFrontier { report.frontier(frontier).forEach { show($0) } }

    // MARK: 5. Save
    if !noFrontier {
        try output.write(
            ComparisonFigures.frontier(frontier, trueL0: dataL0, name: spec.label),
            as: "frontier.svg")
    }
    if l1.shrinkage != nil {
        try output.write(
            ComparisonFigures.shrinkage([l1, topKCard, batchCard], name: spec.label),
            as: "shrinkage.svg")
    }
    if (topKCard.trained.deadHistory + noAuxCard.trained.deadHistory).contains(where: { $0 > 0 }) {
        try output.write(
            ComparisonFigures.deadLatents(
                [
                    ("\(topKCard.name) with AuxK", topKCard),
                    ("\(topKCard.name) without AuxK", noAuxCard)
                ],
                name: spec.label), as: "dead-latents.svg")
    }
    let inputScale = spec.normalize ? scale : 1
    for (card, folder) in [(topKCard, "topk-sae"), (batchCard, "batchtopk-sae")] {
        let exported = card.trained.autoencoder.foldingInputScale(inputScale)
        try SAELensFolder.write(
            exported, metadata: metadata(card, spec: spec, scale: inputScale),
            to: output.path(folder))
        guard try SAELensFolder.read(output.path(folder)).sae == exported else {
            throw UserError("\(output.path(folder)) did not load back to the same weights")
        }
        try output.recordWritten(
            [SAELensFolder.weightsFile, SAELensFolder.configFile].map { folder + "/" + $0 })
    }
    var metrics: [(String, JSONValue)] = [
        ("step", .string("step6")), ("dataset", .string(spec.label)),
        ("seed", .int(Int(common.seed))),
        ("used_learner_code", .bool(common.mine)),
        ("true_l0", dataL0.map(JSONValue.number) ?? .null),
        ("several_features_fraction", severalOn.map(JSONValue.number) ?? .null),
        ("topk_error_share_crowded", crowdedShare.map(JSONValue.number) ?? .null),
        ("l1", l1.record), ("topk", topKCard.record), ("topk_without_auxk", noAuxCard.record),
        ("batchtopk", batchCard.record),
        ("aux_k", .int(auxK)), ("aux_k_coefficient", .number(auxCoefficient)),
        ("dead_window", .int(config.deadWindow))
    ]
    if !noFrontier { metrics += frontier.record() }
    try output.write(JSONValue.object(metrics).prettyText, as: "metrics.json")
    show(
        "\nSaved \(output.path("topk-sae"))/ (SAELens \"topk\", k = \(k)) and "
            + "\(output.path("batchtopk-sae"))/ (SAELens \"jumprelu\", BatchTopK's threshold)"
    )
    show(try output.finishWithSummary(alsoWrote: ["topk-sae/", "batchtopk-sae/"]))
}

/// cfg.json's metadata for a saved TopK or BatchTopK SAE.
func metadata(_ card: Scorecard, spec: DatasetSpec, scale: Double) -> [(String, JSONValue)] {
    [
        (
            "source",
            .string("sae-curriculum step 6 (\(card.name), Gao et al. 2024 / Bussmann et al. 2024)")
        ), ("dataset", .string(spec.label)),
        ("dataset_fingerprint", .string(spec.fingerprint)), ("seed", .int(Int(spec.seed))),
        ("training", .object(card.trained.config.record)),
        ("input_scale_folded", .number(scale)),
        (
            "convention",
            .string(
                "z = (a - b_dec) @ W_enc + b_enc; topk: keep each row's k largest positive z "
                    + "(ties: lower index); "
                    + "jumprelu: keep z > threshold; a_hat = f @ W_dec + b_dec")
        )
    ]
}

extension SAEActivation {
    var isTopK: Bool { if case .topK = self { true } else { false } }
}

/// The learner's exercises 6.1–6.3 as TopK training maths and 6.4–6.5 as measurements, or a user
/// error naming the stubs.
func learnerMaths() throws(UserError) -> (SAETrainingMaths, MeasurementMaths) {
    let a = Matrix([[1, 2]]),
        sae = SparseAutoencoder(
            W_enc: Matrix([[1], [0]]), b_enc: [0], W_dec: Matrix([[1, 0]]), b_dec: [0, 0],
            activation: .topK(1))
    let stubs: [(String, String, Bool)] = [
        ("6.1", "TopK activation", topKActivation(a, k: 1).isPlaceholder),
        ("6.2", "TopK backward", topKGradients(a, sae: sae).isPlaceholder),
        (
            "6.3", "AuxK loss on dead latents",
            auxKLoss(a, sae: sae, dead: [true], kAux: 1).isPlaceholder
        ),
        (
            "6.4", "shrinkage against the true coefficients",
            matchedShrinkage(
                latentCodes: Matrix([[1]]), trueMagnitudes: Matrix([[1]]), pairs: [(0, 0)]
            ).isPlaceholder
                || reconstructionBias(a, reconstruction: a).isPlaceholder
        ),
        (
            "6.5", "normalised MSE and explained variance",
            normalisedMSE(a, reconstruction: a).isPlaceholder
        )
    ]
    try requireImplemented(stubs.filter { $0.2 }.map { ($0.0, $0.1) }, command: "step6")
    var training = SAETrainingMaths.reference
    training.trainingStep = { a, sae, _ in
        let codes = topKActivation(
            a.addingToEachRow(sae.b_dec.map { -$0 }).matmul(sae.W_enc).addingToEachRow(sae.b_enc),
            k: sae.k ?? sae.latentCount)
        let terms = SAELossTerms(
            a, reconstruction: sae.decode(codes), codes: codes, l1Coefficient: 0)
        return SAEStep(
            terms: terms, gradients: topKGradients(a, sae: sae), fired: codes.firingLatents)
    }
    training.auxKStep = { auxKLoss($0, sae: $1, dead: $2, kAux: $3) }
    let measuring = MeasurementMaths(
        fidelity: { normalisedMSE($0, reconstruction: $1) },
        shrinkageRatios: { matchedShrinkage(latentCodes: $0, trueMagnitudes: $1, pairs: $2) },
        reconstructionBias: { reconstructionBias($0, reconstruction: $1) })
    return (training, measuring)
}
