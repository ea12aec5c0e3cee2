// Step 1 — the toy model of superposition. Read alongside Chapters/01-superposition.md:
//   1. choose a setting (a preset, adjusted by flags)
//   2. pick whose maths to train with (SAEKit's, or yours with --mine)
//   3. train x' = ReLU(WᵀWx + b) on sparse features
//   4. read superposition off W: WᵀW, norms, interference, dimensions per feature, neurons
//   5. save the figures, the model and metrics.json

import Foundation
import SAEKit
import Step1Exercises

runStep {
    // MARK: 1. The setting
    var flags = FlagParser(
        command: "step1",
        summary: "train the toy model of superposition (Chapters/01-superposition.md)",
        arguments: CommandLine.arguments)
    flags.section("Setting")
    let preset = flags.choice(
        "--preset", default: Preset.curriculum,
        help: "a named setting; the flags below override it",
        allowed: Preset.toyModelPresets)
    Preset.toyModelPresets.forEach { flags.note("\($0.rawValue): \($0.summary)") }
    let config = ToyModelConfig(flags: &flags, defaults: preset.toyModel!)
    let common = CommonOptions(
        &flags,
        mineHelp: "train with your exercises 1.1–1.3 (and 1.4 when done) from Exercises/Step1")
    try flags.finish()

    let style = TerminalStyle.detect(noColorFlag: common.noColor)
    var output = StepOutput(root: common.outRoot, step: "step1")
    try output.prepare()

    // MARK: 2. Whose maths
    let maths = common.mine ? try learnerMaths() : .reference
    let learnerMetrics = common.mine && !superpositionMetrics(Matrix.identity(2)).isPlaceholder

    // MARK: 3. Train
    ToyModelReport.plan(config, preset: preset.rawValue, seed: common.seed, style: style).forEach {
        show($0)
    }
    if common.mine {
        show(style.cyan("--mine: training with your exercises 1.1–1.3; metrics from "
                         + (learnerMetrics ? "your 1.4" : "SAEKit (your 1.4 is still a stub)")))
    }
    var progress = ProgressLine(label: "training", total: config.steps, enabled: !common.quiet)
    let trained = trainToyModel(config, seed: common.seed, maths: maths) { update in
        progress.update(update.step, ["loss " + formatFixed(update.loss, decimals: 5)])
    }
    progress.finish()
    if let divergence = trained.divergence {
        throw UserError(
            divergence.explanation(
                command: "step1", learningRate: config.learningRate,
                defaultLearningRate: ToyModelConfig(
                    features: 1, hidden: 1, featureProbability: 1, importanceDecay: 1
                ).learningRate,
                l1Coefficient: nil, usedLearnerCode: common.mine, exercises: "Step1Exercises"))
    }
    guard trained.model.W.isFinite, trained.finalLoss.isFinite else {
        throw UserError(
            "step1: the trained model's final loss is \(formatCompact(trained.finalLoss)); try a "
                + "smaller --lr (now \(config.learningRate))"
                + (common.mine
                    ? " or check your exercises with swift test --filter Step1Exercises" : ""))
    }

    // MARK: 4. Read superposition off W
    let metrics =
        learnerMetrics
        ? superpositionMetrics(trained.model.W) : SuperpositionMetrics(W: trained.model.W)
    let report = ToyModelReport(trained: trained, metrics: metrics, style: style)
    for section in [report.training, report.gram, report.features, report.summary, report.neurons] {
        section.forEach { show($0) }
    }

    // MARK: 5. Save
    try trained.writeArtifacts(
        preset: preset.rawValue, metrics: metrics, usedLearnerCode: common.mine, to: &output)
    show("\n" + (try output.finishWithSummary()))
}

/// The learner's exercises 1.1–1.3 as training maths, or a user error naming the ones still stubs.
func learnerMaths() throws(UserError) -> ToyModelMaths {
    let x = Matrix([[0.5, 0]]), model = ToyModel(W: Matrix([[1, 0.5]]), b: [0, 0])
    let stubs = [
        ("1.1", "toy model forward", toyModelForward(x, model: model).isPlaceholder),
        (
            "1.2", "importance-weighted loss",
            importanceWeightedLoss(x, reconstruction: x, importance: [1, 1]).isPlaceholder
        ),
        (
            "1.3", "toy model gradients",
            toyModelGradients(x, model: model, importance: [1, 1]).isPlaceholder
        )
    ].filter { $0.2 }
    try requireImplemented(stubs.map { ($0.0, $0.1) }, command: "step1")
    return ToyModelMaths(
        forward: toyModelForward, loss: importanceWeightedLoss, gradients: toyModelGradients)
}
