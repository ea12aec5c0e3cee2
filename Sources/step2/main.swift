// Step 2 — collecting activations. Read alongside Chapters/02-activations.md:
//   1. choose the data: a preset (toy model, known dictionary, classifier) or your own .npy file
//   2. make it: find or train the step-1 toy model, draw the dictionary, or train the classifier,
//      then collect activations in batches with the ground truth (codes and directions, or labels)
//   3. look at it: norms, active features, the normalisation scale, neuron responses
//   4. save the .npy files, dataset.json, metrics.json and the figures

import Foundation
import SAEKit
import Step2Exercises

runStep {
    // MARK: 1. The data
    var flags = FlagParser(
        command: "step2",
        summary: "collect activations with their ground truth (Chapters/02-activations.md)",
        arguments: CommandLine.arguments)
    let choice = DatasetChoice(flags: &flags, toyTrainingFlags: true)
    let common = CommonOptions(
        &flags, mineHelp: "collect with your exercises 2.1–2.3 from Exercises/Step2")
    try flags.finish()
    // a bad file stops us before anything is written
    if let file = choice.userFile { _ = try ActivationDataset(userFile: file) }
    let spec = try choice.spec(seed: common.seed)
    let style = TerminalStyle.detect(noColorFlag: common.noColor)
    var output = StepOutput(root: common.outRoot, step: "step2")
    try output.prepare()
    let usesToyModel = choice.userFile == nil && choice.preset.toyModel != nil
    let mine = common.mine ? try learnerMaths(usesToyModel: usesToyModel) : nil

    // MARK: 2. Make it
    show(style.bold("Step 2 · collecting activations (the data an SAE will learn from)"))
    show(
        choice.userFile == nil
            ? "\(choice.preset.rawValue): \(choice.preset.summary); \(choice.samples) samples, "
                + "seed \(common.seed)"
            : spec.label)
    if common.mine {
        show(
            style.cyan(
                "--mine: collecting with your exercises " + (usesToyModel ? "2.1–2.3" : "2.3")))
    }
    let built = try DatasetArtifact.build(
        spec, root: common.outRoot, showProgress: !common.quiet,
        maths: mine?.collection ?? .reference,
        statistics: mine?.statistics ?? { ActivationStatistics(activations: $0) })
    built.notes.forEach { show($0) }

    // MARK: 3. Look at it
    let report = DatasetReport(
        dataset: built.dataset, statistics: built.statistics, normalized: choice.normalize,
        style: style)
    (report.shapes + report.statisticsLines).forEach { show($0) }
    if let responses = built.responses {
        report.responseLines(responses, columnsAreClasses: built.columnsAreClasses).forEach {
            show($0)
        }
    }
    if let responses = built.responses, let expected = built.expectedResponses {
        report.responsesAgainst(expected, responses).forEach { show($0) }
    }

    // MARK: 4. Save
    try DatasetArtifact.write(built, spec: spec, usedLearnerCode: common.mine, to: &output)
    show("\n" + (try output.finishWithSummary()))
}

/// The learner's exercises for `--mine`, or a user error naming the ones still stubs.
func learnerMaths(
    usesToyModel: Bool
) throws(UserError) -> (
    collection: CollectionMaths, statistics: @Sendable (Matrix) -> ActivationStatistics
) {
    var probe = SeededGenerator(seed: 0)
    var stubs: [(String, String)] = []
    if usesToyModel
        && sampleSparseFeatures(batchSize: 1, probabilities: [0.5], generator: &probe).isPlaceholder
    {
        stubs.append(("2.1", "sparse feature sampler"))
    }
    if usesToyModel && hiddenActivations(Matrix([[1]]), W: Matrix([[1]])).isPlaceholder {
        stubs.append(("2.2", "hidden activations"))
    }
    if activationStatistics(Matrix([[1], [2]])).isPlaceholder {
        stubs.append(("2.3", "activation statistics"))
    }
    try requireImplemented(stubs, command: "step2")
    return (
        CollectionMaths(sampleFeatures: sampleSparseFeatures, hiddenActivations: hiddenActivations),
        activationStatistics
    )
}
