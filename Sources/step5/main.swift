// Step 5 — feature matching. Read alongside Chapters/05-feature-matching.md:
//   1. the data and the SAE (step 4's, or any SAELens folder with --sae DIR)
//   2. geometry: cosines, MMCS both ways, one-to-one matching, duplicates, dead latents
//   3. behaviour: how selective each latent is, against the hidden neurons (or class purity)
//   4. causes: ablate and steer through the toy model's read-out
//   5. the report: report.html, figures, metrics.json

import Foundation
import SAEKit
import Step5Exercises

runStep {
    // MARK: 1. The data and the SAE
    var flags = FlagParser(
        command: "step5",
        summary: "match an SAE's latents to the true features (Chapters/05-feature-matching.md)",
        arguments: CommandLine.arguments)
    let choice = DatasetChoice(flags: &flags, toyTrainingFlags: false)
    let config = SAETrainingConfig(flags: &flags, defaults: choice.preset.saeDefaults)
    flags.section("Evaluation")
    let saeFolder = flags.optionalString(
        "--sae",
        help:
            "evaluate this SAELens folder instead of step 4's (cfg.json + sae_weights.safetensors)",
        valueName: "DIR")
    let steeringMax = flags.double(
        "--steer-to", default: 2, range: .aboveUpTo(0, 100),
        help: "steering strengths α run from 0 to this")
    let common = CommonOptions(
        &flags, mineHelp: "analyse with your exercises 5.1–5.5 from Exercises/Step5")
    try flags.finish()
    let spec = try choice.spec(seed: common.seed)
    let style = TerminalStyle.detect(noColorFlag: common.noColor)
    // A bad or mismatched folder stops us before anything is written.
    let loaded = try saeFolder.map(readSAEFolder)
    if let loaded,
        let dims = try spec.dims
            ?? choice.userFile.map({ try ActivationDataset(userFile: $0).activations.cols }),
       loaded.settings.inputDims != dims {
        throw UserError(
            "step5: --sae \(saeFolder!) has d_in \(loaded.settings.inputDims) but this data has "
                + "\(dims) dimensions"
        )
    }
    var output = StepOutput(root: common.outRoot, step: "step5")
    try output.prepare()
    let maths = common.mine ? try learnerMaths() : .reference

    show(style.bold("Step 5 · feature matching: did the SAE find the true features?"))
    let (dataset, scale, notes) = try DatasetArtifact.obtain(
        spec, root: common.outRoot, showProgress: !common.quiet)
    notes.forEach { show($0) }
    // saved SAEs take raw activations
    let raw = spec.normalize ? (1 / scale) * dataset.activations : dataset.activations
    let sae: SparseAutoencoder
    var folderNotes: [String] = []
    if let saeFolder, let loaded {
        (sae, folderNotes) = folderSAE(loaded, raw: raw)
        show("evaluating \(saeFolder) (\(sae.activation.label) SAE, \(sae.latentCount) latents)")
        folderNotes.forEach { show("  " + $0) }
    } else {
        let obtained = try SAEArtifact.obtain(
            spec: spec, config: config, dataset: dataset, inputScale: spec.normalize ? scale : 1,
            root: common.outRoot, showProgress: !common.quiet)
        sae = obtained.sae
        show(obtained.note)
    }
    if common.mine {
        show(
            style.cyan(
                "--mine: cosines, MMCS, matching, responses and ablation from your exercises "
                    + "5.1–5.5"
            ))
    }
    var html = HTMLReport(title: "Step 5 · feature matching — \(spec.label)")
    var metrics: [(String, JSONValue)] = [
        ("step", .string("step5")), ("dataset", .string(spec.label)),
        ("seed", .int(Int(common.seed))),
        ("used_learner_code", .bool(common.mine)), ("latents", .int(sae.latentCount))
    ]
    if saeFolder != nil {
        metrics.append(("sae_folder_notes", .array(folderNotes.map(JSONValue.string))))
    }

    guard let codes = dataset.codes, let directions = dataset.directions else {
        // No known directions: the classifier's labels, or nothing to compare with.
        try classifierOrNothing(
            dataset: dataset, raw: raw, sae: sae, style: style, html: &html, metrics: &metrics,
            output: &output)
        try finish(html: html, metrics: metrics, output: &output)
        return
    }

    // MARK: 2. Geometry
    let analysis = FeatureMatchingAnalysis(
        sae: sae, activations: raw, trueCodes: codes, directions: directions, maths: maths)
    let report = FeatureMatchingReport(analysis: analysis, style: style)
    (report.heatmap + report.geometry).forEach { show($0) }
    let figures = FeatureMatchingFigures(
        analysis: analysis, decoder: sae.W_dec, directions: directions, name: spec.label)
    try output.write(figures.cosines, as: "cosines.svg")
    try output.write(figures.matchedDirections, as: "matched-directions.svg")

    // MARK: 3. Behaviour
    report.behaviour.forEach { show($0) }

    // MARK: 4. Causes
    var causal: [CausalRow] = []
    let alphas = (0...8).map { steeringMax * Double($0) / 8 }
    if case let .preset(preset, .toyModel(toyConfig)) = spec.origin {
        let (readout, _) = try DataPreparation.toyModel(
            toyConfig, preset: preset, seed: spec.seed, root: common.outRoot,
            showProgress: !common.quiet)
        causal = causalChecks(
            analysis, sae: sae, hidden: raw, trueCodes: codes, readout: readout, alphas: alphas,
            maths: maths)
        report.causal(causal, alphas: alphas).forEach { show($0) }
        try output.write(
            FeatureMatchingFigures.ablation(causal, name: spec.label), as: "ablation.svg")
        try output.write(
            FeatureMatchingFigures.steering(causal, alphas: alphas, name: spec.label),
            as: "steering.svg")
    } else {
        show(
            "\nCausal checks need a model downstream of the activations; only the toy-model "
                + "presets have one."
        )
    }

    // MARK: 5. The report
    metrics += analysisMetrics(analysis, causal: causal)
    buildReport(
        &html, analysis: analysis, figures: figures, causal: causal, alphas: alphas,
        label: spec.label)
    try finish(html: html, metrics: metrics, output: &output)
}

/// An SAELens folder given with --sae, or a user error naming the flag.
func readSAEFolder(_ folder: String) throws(UserError) -> SAELensFolder.Contents {
    do {
        return try SAELensFolder.read(folder)
    } catch {
        throw UserError("step5: --sae \(error.message)")
    }
}

/// The folder's SAE for raw activations, and what was folded into it; expected_average_only_in
/// without a recorded factor gets the factor SAELens would estimate on these activations.
// raw: [N, d]
func folderSAE(_ loaded: SAELensFolder.Contents, raw: Matrix) -> (SparseAutoencoder, [String]) {
    if let sae = loaded.sae { return (sae, loaded.notes) }
    let (sae, scale) = loaded.estimatingInputScale(from: raw)
    let note =
        "normalize_activations expected_average_only_in with no "
            + "\(SAELensFolder.activationScalerFile): "
        + "c = √d / mean ‖a‖ = \(formatFixed(scale, decimals: 6)) on these activations (as "
        + "SAELens estimates it "
        + "before training); folded as W_enc × c, W_dec and b_dec ÷ c"
    return (sae, loaded.notes + [note])
}

/// Writes report.html and metrics.json, and says what was written.
func finish(
    html: HTMLReport, metrics: [(String, JSONValue)], output: inout StepOutput
) throws(UserError) {
    try output.write(html.html, as: "report.html")
    try output.write(JSONValue.object(metrics).prettyText, as: "metrics.json")
    show("\n" + (try output.finishWithSummary(note: "open report.html in a browser")))
}

/// The classifier's latents against its neurons by class purity; or, without labels, what can be
/// said.
func classifierOrNothing(
    dataset: ActivationDataset, raw: Matrix, sae: SparseAutoencoder, style: TerminalStyle,
    html: inout HTMLReport,
    metrics: inout [(String, JSONValue)], output: inout StepOutput
) throws(UserError) {
    let codes = sae.encode(raw)
    let alive = codes.firingLatents.filter { $0 }.count
    guard let labels = dataset.labels else {
        show(
            "\nNo ground truth (your own activations): \(alive) of \(sae.latentCount) latents "
                + "fire; nothing to match them against."
        )
        html.paragraph("No ground truth: \(alive) of \(sae.latentCount) latents fire.")
        return
    }
    let classes = (labels.max() ?? 0) + 1
    let latentPurity = classPurity(codes, labels: labels, classes: classes).compactMap { $0 }
    let neuronPurity = classPurity(raw, labels: labels, classes: classes).compactMap { $0 }
    show(
        "\n" + style.bold("Class purity")
            + " (share of a unit's activation on its top class; 1 = fires for one class only):")
    show(
        "  SAE latents: median \(formatFixed(median(latentPurity), decimals: 3)) over "
            + "\(latentPurity.count) alive latents; "
            + "\(latentPurity.filter { $0 >= 0.9 }.count) at ≥ 0.9")
    show(
        "  neurons:     median \(formatFixed(median(neuronPurity), decimals: 3)) over "
            + "\(neuronPurity.count) neurons; "
            + "\(neuronPurity.filter { $0 >= 0.9 }.count) at ≥ 0.9")
    let figure = FeatureMatchingFigures.purity(
        latents: latentPurity, neurons: neuronPurity, name: "classifier")
    try output.write(figure, as: "purity.svg")
    html.tiles([
        ("median latent purity", formatFixed(median(latentPurity), decimals: 3)),
        ("median neuron purity", formatFixed(median(neuronPurity), decimals: 3)),
        ("alive latents", "\(latentPurity.count) of \(sae.latentCount)")
    ])
    html.figure(figure)
    metrics += [
        ("latent_purity_median", .number(median(latentPurity))),
        ("neuron_purity_median", .number(median(neuronPurity))),
        ("latents_pure_0_9", .int(latentPurity.filter { $0 >= 0.9 }.count)),
        ("alive_latents", .int(latentPurity.count)),
        ("neurons_pure_0_9", .int(neuronPurity.filter { $0 >= 0.9 }.count))
    ]
}

/// The numbers chapter 5 quotes.
func analysisMetrics(_ a: FeatureMatchingAnalysis, causal: [CausalRow]) -> [(String, JSONValue)] {
    let matchedSelectivity = a.matches.map { a.latentSelectivity.values[$0.latent] }
    var pairs: [(String, JSONValue)] = [
        ("mmcs_true_to_learned", .number(a.mmcs.trueToLearned)),
        ("mmcs_learned_to_true", .number(a.mmcs.learnedToTrue)),
        ("present_features", .int(a.presentFeatures.count)),
        ("matched_0_9", .int(a.matched(atLeast: 0.9))),
        ("matched_0_99", .int(a.matched(atLeast: 0.99))),
        (
            "matches",
            .array(
                a.matches.map {
                    .object([
                        ("feature", .int($0.feature)), ("latent", .int($0.latent)),
                        ("cosine", .number($0.cosine))
                    ])
                })
        ),
        ("duplicates", .int(a.duplicates.count)), ("dead_latents", .ints(a.deadLatents)),
        ("dead_count", .int(a.deadLatents.count)),
        ("matched_l0", .number(a.l0Split.matched)), ("other_l0", .number(a.l0Split.others)),
        ("matched_selectivity_min", .number(matchedSelectivity.min() ?? 0)),
        ("matched_selectivity_median", .number(median(matchedSelectivity))),
        ("neuron_selectivity_median", .number(median(a.neuronSelectivity.values)))
    ]
    if !causal.isEmpty {
        pairs += [
            ("ablation_drops", .numbers(causal.map(\.effect.drop))),
            ("control_drops", .numbers(causal.map(\.effect.controlDrop))),
            ("ablation_drop_min", .number(causal.map(\.effect.drop).min() ?? 0)),
            ("group_drops", .numbers(causal.map(\.groupDrop))),
            ("group_drop_min", .number(causal.map(\.groupDrop).min() ?? 0)),
            ("control_drop_max_abs", .number(causal.map { abs($0.effect.controlDrop) }.max() ?? 0)),
            ("steering_monotone", .bool(causal.allSatisfy(\.monotone))),
            ("steering_other_change_max", .number(causal.map(\.largestOtherChange).max() ?? 0))
        ]
    }
    return pairs
}

/// report.html for data with known directions.
func buildReport(
    _ html: inout HTMLReport, analysis a: FeatureMatchingAnalysis, figures: FeatureMatchingFigures,
    causal: [CausalRow],
    alphas: [Double], label: String
) {
    let matchedSelectivity = a.matches.map { a.latentSelectivity.values[$0.latent] }
    var tiles = [
        ("MMCS true → learned", formatFixed(a.mmcs.trueToLearned, decimals: 4)),
        ("MMCS learned → true", formatFixed(a.mmcs.learnedToTrue, decimals: 4)),
        (
            "features matched at cos ≥ 0.99",
            "\(a.matched(atLeast: 0.99)) of \(a.presentFeatures.count)"
        ),
        (
            "matched latents' selectivity (min)",
            formatFixed(matchedSelectivity.min() ?? 0, decimals: 3)
        ),
        ("dead latents", "\(a.deadLatents.count) of \(a.cosines.rows)")
    ]
    if !causal.isEmpty {
        tiles.append(
            (
                "smallest ablation drop",
                formatFixed(100 * (causal.map(\.effect.drop).min() ?? 0), decimals: 1) + "%"
            ))
        tiles.append(
            (
                "largest control change",
                formatFixed(
                    100 * (causal.map { abs($0.effect.controlDrop) }.max() ?? 0), decimals: 1) + "%"
            ))
    }
    html.tiles(tiles)
    html.heading("Cosines between decoder and true directions")
    html.paragraph(
        "Rows are latents ordered by their matched feature (then unmatched, then dead latents), "
            + "so a good SAE reads as a diagonal."
    )
    html.figure(figures.cosines)
    html.heading("One-to-one matching")
    let effects = Dictionary(uniqueKeysWithValues: causal.map { ($0.feature, $0) })
    html.table(
        header: [
            "feature", "latent", "cosine", "firing rate", "selectivity", "ablation drop",
            "with duplicates", "control drop"
        ],
        rows: a.matches.map { m in
            [
                String(m.feature), String(m.latent), formatFixed(m.cosine, decimals: 4),
                formatFixed(100 * a.firingRates[m.latent], decimals: 1) + "%",
                formatFixed(a.latentSelectivity.values[m.latent], decimals: 3),
                effects[m.feature].map { formatFixed(100 * $0.effect.drop, decimals: 1) + "%" }
                    ?? "–",
                effects[m.feature].map {
                    $0.duplicates.isEmpty ? "–" : formatFixed(100 * $0.groupDrop, decimals: 1) + "%"
                } ?? "–",
                effects[m.feature].map {
                    formatFixed(100 * $0.effect.controlDrop, decimals: 1) + "%"
                } ?? "–"
            ]
        })
    html.figure(figures.matchedDirections)
    if !causal.isEmpty {
        html.heading("Causal checks")
        html.figure(FeatureMatchingFigures.ablation(causal, name: label))
        html.figure(FeatureMatchingFigures.steering(causal, alphas: alphas, name: label))
    }
    html.heading("Every latent")
    html.openCards()
    let matchOf = Dictionary(uniqueKeysWithValues: a.matches.map { ($0.latent, $0) })
    for latent in a.displayOrder {
        let best = a.bestFeature(of: latent)
        let dead = a.deadLatents.contains(latent)
        var lines: [(String, String)] = [
            ("matched feature", matchOf[latent].map { String($0.feature) } ?? "—"),
            (
                "best cosine",
                "feature \(best): " + formatFixed(a.cosines[latent, best], decimals: 3)
            ),
            ("firing rate", formatFixed(100 * a.firingRates[latent], decimals: 2) + "%"),
            (
                "selectivity",
                dead
                    ? "—"
                    : formatFixed(a.latentSelectivity.values[latent], decimals: 3)
                        + " (feature \(a.latentSelectivity.topFeature[latent]))"
            )
        ]
        if let match = matchOf[latent], let effect = effects[match.feature] {
            lines.append(
                (
                    "ablation drop of output \(match.feature)",
                    formatFixed(100 * effect.effect.drop, decimals: 1) + "%"
                ))
        }
        html.card(
            title: "latent \(latent)" + (dead ? " (dead)" : ""), lines: lines,
            svg: dead ? nil : miniHistogram(a.codes.column(latent)), flagged: dead)
    }
    html.closeCards()
}

/// The learner's exercises 5.1–5.5, or a user error naming the stubs.
func learnerMaths() throws(UserError) -> AnalysisMaths {
    let probe = Matrix([[1, 0]]),
        sae = SparseAutoencoder(
            W_enc: Matrix([[1], [0]]), b_enc: [0], W_dec: Matrix([[1, 0]]), b_dec: [0, 0])
    let readout = ToyModel(W: Matrix.identity(2), b: [0, 0])
    try requireImplemented(
        [
            ("5.1", "cosine-similarity matrix", cosineSimilarities(probe, probe).isPlaceholder),
            ("5.2", "MMCS", meanMaxCosineSimilarity(probe).isPlaceholder),
            ("5.3", "one-to-one matching", oneToOneMatching(probe).isPlaceholder),
            ("5.4", "monosemanticity", isolatedFeatureResponses(probe, codes: probe).isPlaceholder),
            (
                "5.5", "ablation with a negative control",
                latentAblationEffect(
                    hidden: probe, sae: sae, readout: readout, feature: 0, latent: 0, control: 0
                ).isPlaceholder
            )
        ].filter { $0.2 }.map { ($0.0, $0.1) }, command: "step5")
    return AnalysisMaths(
        cosines: cosineSimilarities, meanMaxCosine: meanMaxCosineSimilarity,
        matching: oneToOneMatching,
        isolatedResponses: isolatedFeatureResponses,
        ablation: {
            latentAblationEffect(
                hidden: $0, sae: $1, readout: $2, feature: $3, latent: $4, control: $5)
        })
}
