// Step 3 — the sparse autoencoder. Read alongside Chapters/03-sparse-autoencoder.md:
//   1. the data: step 2's activations (reused, or collected first)
//   2. an untrained SAE and its loss terms on a batch
//   3. its gradients, checked against finite differences (and the check's error against ε)
//   4. why decoder norms are fixed: the scaling cheat
//   5. the figure and metrics.json

import Foundation
import SAEKit
import Step3Exercises

runStep {
    // MARK: 1. The data
    var flags = FlagParser(
        command: "step3",
        summary: "build a sparse autoencoder and check its gradients "
            + "(Chapters/03-sparse-autoencoder.md)",
        arguments: CommandLine.arguments)
    let choice = DatasetChoice(flags: &flags, toyTrainingFlags: false)
    flags.section("The SAE")
    let latents = flags.int(
        "--latents", default: choice.preset.saeDefaults.latents, range: 1...100_000,
        help: "h, latents")
    let l1 = flags.double(
        "--l1", default: choice.preset.saeDefaults.l1Coefficient, range: .closed(0, 1000),
        help: "λ, the L1 coefficient")
    let samples = flags.int(
        "--batch", default: 1024, range: 1...1_000_000,
        help: "samples the untrained loss is measured on")
    let common = CommonOptions(&flags, mineHelp: "use your exercises 3.1–3.5 from Exercises/Step3")
    try flags.finish()
    let spec = try choice.spec(seed: common.seed)
    let style = TerminalStyle.detect(noColorFlag: common.noColor)
    var output = StepOutput(root: common.outRoot, step: "step3")
    try output.prepare()
    let mine = common.mine ? try learnerMaths() : nil
    let report = SAEReport(style: style)

    show(style.bold("Step 3 · the sparse autoencoder (Bricken et al. 2023)"))
    let (dataset, _, notes) = try DatasetArtifact.obtain(
        spec, root: common.outRoot, showProgress: !common.quiet)
    notes.forEach { show($0) }
    show(dataset.summary(label: spec.label))
    if common.mine {
        show(
            style.cyan(
                "--mine: loss terms from your 3.1–3.3, gradients from your 3.4, finite "
                    + "differences from your 3.5"
            ))
    }

    // MARK: 2. An untrained SAE
    var random = SeededGenerator(seed: common.seed, stream: "sae-init")
    let sae = SparseAutoencoder.initialised(
        inputDims: dataset.activations.cols, latents: latents, generator: &random)
    show("")
    report.architecture(inputDims: sae.inputDims, latents: latents, l1Coefficient: l1).forEach {
        show($0)
    }
    show(
        "initialised: random unit-norm decoder rows, W_enc = W_decᵀ (Conerly et al. 2024, Gao et "
            + "al. 2024), "
            + "biases 0")
    var batchRandom = SeededGenerator(seed: common.seed, stream: "step3-batch")
    let batch = dataset.activations.selectingRows(
        (0..<samples).map { _ in batchRandom.integer(in: 0...(dataset.activations.rows - 1)) })
    let terms =
        mine?.lossTerms(batch, sae, l1) ?? sae.lossAndGradients(batch, l1Coefficient: l1).terms
    report.lossTerms(
        terms, l1Coefficient: l1, latents: latents, samples: samples, title: "Untrained loss"
    ).forEach { show($0) }

    // MARK: 3. Gradients, checked
    let point = GradientCheck.standardPoint(
        dataset.activations, latents: latents, seed: common.seed)
    let step = 1e-5
    let rows = GradientCheck.run(
        point.sae, batch: point.batch, l1Coefficient: point.l1Coefficient, step: step,
        analytic: mine?.gradients(point.batch, point.sae, point.l1Coefficient),
        numeric: mine?.finiteDifferences ?? { centralDifferences(at: $0, step: $1, of: $2) })
    report.gradientCheck(rows, step: step).forEach { show($0) }
    show(
        style.dim(
            "  (at the untrained SAE with small random biases, on 16 non-zero samples, λ = "
                + "\(point.l1Coefficient): no pre-activation within 1e-4 of the kink)"
        ))
    let againstStep = GradientCheck.errorsAgainstStep(
        point.sae, batch: point.batch, l1Coefficient: point.l1Coefficient,
        analytic: mine?.gradients(point.batch, point.sae, point.l1Coefficient))
    report.errorsAgainstStep(againstStep).forEach { show($0) }

    // MARK: 4. The cheat
    let cheat = [1.0, 2, 10].map { c -> (scale: Double, terms: SAELossTerms) in
        (c, scaledDecoderCheat(sae, by: c).lossAndGradients(batch, l1Coefficient: l1).terms)
    }
    report.cheat(cheat).forEach { show($0) }

    // MARK: 5. Save
    try output.write(
        GradientCheck.stepFigure(againstStep, checkStep: step, name: spec.label),
        as: "gradient-check.svg")
    let metrics = JSONValue.object([
        ("step", .string("step3")), ("dataset", .string(spec.label)),
        ("seed", .int(Int(common.seed))), ("used_learner_code", .bool(common.mine)),
        ("latents", .int(latents)), ("l1_coefficient", .number(l1)),
        (
            "untrained",
            .object([
                ("reconstruction", .number(terms.reconstruction)), ("l1", .number(terms.l1)),
                ("l0", .number(terms.l0)),
                ("total", .number(terms.total))
            ])
        ),
        ("gradient_check", .object(rows.map { ($0.parameter, .number($0.relativeError)) })),
        (
            "gradient_check_against_step",
            .array(
                againstStep.map {
                    .object([
                        ("step", .number($0.step)), ("central", .number($0.central)),
                        ("one_sided", .number($0.oneSided))
                    ])
                })
        ),
        (
            "cheat",
            .array(
                cheat.map {
                    .object([
                        ("scale", .number($0.scale)),
                        ("reconstruction", .number($0.terms.reconstruction)),
                        ("l1", .number($0.terms.l1))
                    ])
                })
        )
    ])
    try output.write(metrics.prettyText, as: "metrics.json")
    show("\n" + (try output.finishWithSummary()))
}

/// The learner's exercises 3.1–3.5, or a user error naming the ones still stubs.
func learnerMaths() throws(UserError) -> (
    lossTerms: (Matrix, SparseAutoencoder, Double) -> SAELossTerms,
    gradients: (Matrix, SparseAutoencoder, Double) -> SAEGradients,
    finiteDifferences: ([Double], Double, ([Double]) -> Double) -> [Double]
) {
    let a = Matrix([[1, 2]]),
        sae = SparseAutoencoder(
            W_enc: Matrix([[1], [0]]), b_enc: [0], W_dec: Matrix([[1, 0]]), b_dec: [0, 0])
    let stubs = [
        ("3.1", "SAE encode", saeEncode(a, sae: sae).isPlaceholder),
        ("3.2", "SAE decode", saeDecode(Matrix([[1]]), sae: sae).isPlaceholder),
        (
            "3.3", "SAE loss terms",
            saeLossTerms(a, reconstruction: a, codes: Matrix([[1]]), l1Coefficient: 1).isPlaceholder
        ),
        ("3.4", "SAE backward pass", saeGradients(a, sae: sae, l1Coefficient: 1).isPlaceholder),
        (
            "3.5", "finite-difference gradient checker",
            finiteDifferenceGradient(at: [1], step: 1e-3) { $0[0] }.isPlaceholder
        )
    ].filter { $0.2 }
    try requireImplemented(stubs.map { ($0.0, $0.1) }, command: "step3")
    return (
        { a, sae, λ in
            let codes = saeEncode(a, sae: sae)
            return saeLossTerms(
                a, reconstruction: saeDecode(codes, sae: sae), codes: codes, l1Coefficient: λ)
        }, { saeGradients($0, sae: $1, l1Coefficient: $2) },
        { finiteDifferenceGradient(at: $0, step: $1, of: $2) }
    )
}
