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
    var flags = FlagParser(command: "step1", summary: "train the toy model of superposition (Chapters/01-superposition.md)",
                           arguments: CommandLine.arguments)
    flags.section("Setting")
    let preset = flags.choice("--preset", default: ToyModelPreset.curriculum, help: "a named setting; the flags below override it")
    ToyModelPreset.allCases.forEach { flags.note("\($0.rawValue): \($0.summary)") }
    var config = preset.config
    config.features = flags.int("--features", default: config.features, range: 1...1000, help: "n, sparse input features")
    config.hidden = flags.int("--hidden", default: config.hidden, range: 1...max(1, config.features),
                              help: "m, hidden dimensions", rangeNote: "at most --features")
    config.featureProbability = flags.double("--probability", default: config.featureProbability, range: .aboveUpTo(0, 1),
                                             help: "chance each feature is on in a sample")
    config.importanceDecay = flags.double("--importance-decay", default: config.importanceDecay, range: .aboveUpTo(0, 1),
                                          help: "feature i has importance X^i")
    flags.section("Training")
    config.steps = flags.int("--steps", default: config.steps, range: 1...1_000_000, help: "AdamW steps")
    config.batchSize = flags.int("--batch", default: config.batchSize, range: 1...65_536, help: "samples per step")
    config.learningRate = flags.double("--lr", default: config.learningRate, range: .aboveUpTo(0, 1), help: "peak learning rate")
    config.weightDecay = flags.double("--weight-decay", default: config.weightDecay, range: .closed(0, 1), help: "AdamW weight decay")
    config.decay = flags.choice("--schedule", default: config.decay, help: "learning-rate decay after the peak")
    let common = CommonOptions(&flags, mineHelp: "train with your exercises 1.1–1.3 (and 1.4 when done) from Exercises/Step1")
    try flags.finish()

    let style = TerminalStyle.detect(noColorFlag: common.noColor)
    var output = StepOutput(root: common.outRoot, step: "step1")
    try output.prepare()

    // MARK: 2. Whose maths
    let maths = common.mine ? try learnerMaths() : .reference
    let learnerMetrics = common.mine && !superpositionMetrics(Matrix.identity(2)).isPlaceholder

    // MARK: 3. Train
    ToyModelReport.plan(config, preset: preset.rawValue, seed: common.seed, style: style).forEach { print($0) }
    if common.mine {
        print(style.cyan("--mine: training with your exercises 1.1–1.3; metrics from "
                         + (learnerMetrics ? "your 1.4" : "SAEKit (your 1.4 is still a stub)")))
    }
    var progress = ProgressLine(label: "training", total: config.steps, enabled: !common.quiet)
    let trained = trainToyModel(config, seed: common.seed, maths: maths) { update in
        progress.update(update.step, ["loss " + formatFixed(update.loss, decimals: 5)])
    }
    guard trained.model.W.isFinite, trained.finalLoss.isFinite else {
        throw UserError("step1: training diverged (non-finite weights or loss); try a smaller --lr (now \(config.learningRate))"
                        + (common.mine ? " or check your exercises with swift test --filter Step1Exercises" : ""))
    }

    // MARK: 4. Read superposition off W
    let metrics = learnerMetrics ? superpositionMetrics(trained.model.W) : SuperpositionMetrics(W: trained.model.W)
    let report = ToyModelReport(trained: trained, metrics: metrics, style: style)
    for section in [report.training, report.gram, report.features, report.summary, report.neurons] {
        section.forEach { print($0) }
    }

    // MARK: 5. Save
    for (name, svg) in ToyModelFigures(trained: trained, metrics: metrics, name: preset.rawValue).all {
        try output.write(svg, as: name)
    }
    try output.write(trained.safetensors.encoded(), as: "toy-model.safetensors")
    try output.write(trained.metricsJSON(preset: preset.rawValue, metrics: metrics, usedLearnerCode: common.mine).prettyText,
                     as: "metrics.json")
    print("\nWrote \(output.directory)/: " + output.written.joined(separator: ", "))
}

/// The learner's exercises 1.1–1.3 as training maths, or a user error naming the ones still stubs.
func learnerMaths() throws(UserError) -> ToyModelMaths {
    let x = Matrix([[0.5, 0]]), model = ToyModel(W: Matrix([[1, 0.5]]), b: [0, 0])
    let stubs = [
        ("1.1", "toy model forward", toyModelForward(x, model: model).isPlaceholder),
        ("1.2", "importance-weighted loss", importanceWeightedLoss(x, reconstruction: x, importance: [1, 1]).isPlaceholder),
        ("1.3", "toy model gradients", toyModelGradients(x, model: model, importance: [1, 1]).isPlaceholder),
    ].filter { $0.2 }
    guard stubs.isEmpty else {
        let names = stubs.map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
        throw UserError("step1 --mine: exercise \(names) \(stubs.count == 1 ? "is" : "are") not implemented yet — "
                        + "edit Exercises/Step1/ (see Chapters/01-superposition.md#exercise-\(stubs[0].0.filter(\.isNumber))), "
                        + "or run without --mine")
    }
    return ToyModelMaths(forward: toyModelForward, loss: importanceWeightedLoss, gradients: toyModelGradients)
}
