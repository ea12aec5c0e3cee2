// The inputs exercises 4.1–4.4 are graded on: small seeded cases, then edges chosen at each
// formula's boundaries (a gradient that is always 0, gradients of 1e-8 and 1e8, Adam resumed at
// t = 100, a zero decoder row, rows of norm 1e-8 and 1e8, schedules with no step after warm-up,
// every latent dead, a zero replacement), then the size step 4 trains at.

import SAEKit

// MARK: - 4.1

/// Parameters, the moments they start from, a sequence of gradients, hyperparameters and rate.
struct AdamCase: Sendable {
    var parameter: [Double]
    var moments: AdamMoments
    var gradients: [[Double]]
    var hyperparameters: AdamHyperparameters
    var learningRate: Double
}

// MARK: - 4.2

struct DecoderCase: Sendable {
    var gradient: Matrix
    var decoder: Matrix
    var unnormalised: Matrix
}

// MARK: - 4.4

struct ResampleCase: Sendable {
    var sae: SparseAutoencoder
    var firingCounts: [Int]
    var replacements: Matrix
}

enum Step4Cases {
    // MARK: - 4.1

    static func adamCase(_ label: String, _ input: AdamCase) -> GradingCase<AdamCase> {
        let h = input.hyperparameters
        var printedInput = [printedPrecisely("parameter", input.parameter)]
        if input.moments.step > 0 {
            printedInput += ["moments.step = \(input.moments.step)",
                             printedPrecisely("moments.mean", input.moments.mean),
                             printedPrecisely("moments.squaredMean", input.moments.squaredMean)]
        }
        printedInput += input.gradients.enumerated().map {
            printedPrecisely("gradient \($0.offset + 1)", $0.element)
        }
        return GradingCase(
            label: "\(label): \(input.gradients.count) updates of \(input.parameter.count) "
                + "parameter\(input.parameter.count == 1 ? "" : "s"), lr \(input.learningRate), "
                + "β₁ \(h.beta1), β₂ \(h.beta2), ε \(h.epsilon), weight decay \(h.weightDecay)",
            input: input, printedInput: printedInput)
    }

    static let adam: [GradingCase<AdamCase>] = {
        let settings = [(AdamHyperparameters(), 0.01), (AdamHyperparameters(epsilon: 1e-3), 0.1),
                        (AdamHyperparameters(weightDecay: 0.1), 0.05)]
        let random = settings.enumerated().map { index, setting in
            var random = SeededGenerator(seed: UInt64(401 + index), stream: "grading")
            let parameter = (0..<5).map { _ in random.normal() }
            let gradients = (0..<3).map { _ in (0..<5).map { _ in random.normal() * 1e-2 } }
            return adamCase("seed \(401 + index)",
                            AdamCase(parameter: parameter, moments: AdamMoments(count: 5),
                                     gradients: gradients, hyperparameters: setting.0,
                                     learningRate: setting.1))
        }
        var resumed = AdamMoments(count: 4)
        resumed.mean = [0.01, -0.02, 0.005, 0]
        resumed.squaredMean = [1e-4, 4e-4, 2.5e-5, 1e-6]
        resumed.step = 100
        return random + [
            adamCase("entry 0's gradient is 0 at every update (a dead latent's weight); entries of "
                     + "1e-8 and 1e8",
                     AdamCase(parameter: [0.5, -1.2, 2.0, 0.3], moments: AdamMoments(count: 4),
                              gradients: [[0, 3e-8, 2e8, 0.01], [0, -1e-8, 5e7, -0.02],
                                          [0, 2e-8, -1e8, 0.015]],
                              hyperparameters: AdamHyperparameters(), learningRate: 1e-3)),
            adamCase("resumed at t = 100, with moments from earlier training",
                     AdamCase(parameter: [0.4, -0.8, 1.5, -0.1], moments: resumed,
                              gradients: [[0.012, -0.03, 0.004, 0.002],
                                          [0.008, -0.01, 0.006, -0.001],
                                          [0.015, -0.025, 0.001, 0.003]],
                              hyperparameters: AdamHyperparameters(), learningRate: 3e-3)),
            adamCase("a single parameter (n = 1) with β₁ = 0.5, β₂ = 0.9",
                     AdamCase(parameter: [1.0], moments: AdamMoments(count: 1),
                              gradients: [[0.3], [-0.1], [0.2]],
                              hyperparameters: AdamHyperparameters(beta1: 0.5, beta2: 0.9),
                              learningRate: 0.1)),
        ]
    }()

    /// One update of every parameter of step 4's SAE, as one training step makes (in 4 calls).
    static let adamScale: StepScale<AdamCase> = {
        let (d, h) = (TrainingStepSize.inputDims, TrainingStepSize.latents)
        let count = 2 * d * h + h + d
        var random = SeededGenerator(seed: 451, stream: "grading-scale")
        let parameter = (0..<count).map { _ in random.normal() * 0.3 }
        let gradient = (0..<count).map { _ in random.normal() * 1e-2 }
        return StepScale(
            label: "one update of the \(count) parameters of step 4's SAE (W_enc, b_enc, W_dec, "
                + "b_dec of d = \(d), h = \(h), \(TrainingStepSize.preset.rawValue)), as each "
                + "training step makes in 4 calls",
            input: AdamCase(parameter: parameter, moments: AdamMoments(count: count),
                            gradients: [gradient], hyperparameters: AdamHyperparameters(),
                            learningRate: TrainingStepSize.config.learningRate),
            command: TrainingStepSize.trainingCommand, callsPerRun: TrainingStepSize.config.steps,
            advice: "update m, v and θ entry by entry in one loop over the parameter; building new "
                + "arrays for every entry costs far more than the arithmetic in a debug build")
    }()

    // MARK: - 4.2

    static func decoderCase(_ label: String, _ input: DecoderCase, precisely: Bool = false)
        -> GradingCase<DecoderCase> {
        func show(_ name: String, _ matrix: Matrix) -> [String] {
            precisely ? printedPrecisely(name, matrix) : printed(name, matrix)
        }
        return GradingCase(label: label, input: input,
                           printedInput: show("gradient", input.gradient)
                               + show("decoder (unit rows)", input.decoder)
                               + show("to normalise", input.unnormalised))
    }

    static let decoder: [GradingCase<DecoderCase>] = randomDecoders + [
        decoderCase("gradient row 0 parallel to its decoder row (nothing is left), row 1 "
                    + "orthogonal (all of it is left); rows to normalise of norm 5e-9, 1e8, 0 "
                    + "(left as it is) and 3",
                    DecoderCase(gradient: Matrix([[1.5, 2, 0], [0.3, -0.7, 0], [1, -2, 0.5],
                                                  [-3, 0.2, 4]]),
                                decoder: Matrix([[0.6, 0.8, 0], [0, 0, -1], [0.48, 0.6, 0.64],
                                                 [0, 1, 0]]),
                                unnormalised: Matrix([[3e-9, -4e-9, 0], [6e7, 0, 8e7], [0, 0, 0],
                                                      [-2, 1, 2]])),
                    precisely: true),
        decoderCase("one latent in one dimension (h = d = 1)",
                    DecoderCase(gradient: Matrix([[0.7]]), decoder: Matrix([[-1]]),
                                unnormalised: Matrix([[-0.25]]))),
    ]

    /// (h, d) of the random decoder cases.
    static let randomDecoderSizes = [(5, 3), (4, 6), (1, 2)]

    static let randomDecoders: [GradingCase<DecoderCase>] =
        randomDecoderSizes.enumerated().map { index, size in
        var random = SeededGenerator(seed: UInt64(421 + index), stream: "grading")
        let unnormalised = Matrix(rows: size.0, cols: size.1) { _, _ in random.normal() * 2 }
        var decoder = Matrix(rows: size.0, cols: size.1) { _, _ in random.normal() }
        decoder.normaliseRows()
        let gradient = Matrix(rows: size.0, cols: size.1) { _, _ in random.normal() }
        return decoderCase("h = \(size.0) latents, d = \(size.1) (seed \(421 + index))",
                           DecoderCase(gradient: gradient, decoder: decoder,
                                       unnormalised: unnormalised))
    }

    /// Step 4's decoder, projected and renormalised once per training step.
    static let decoderScale: StepScale<DecoderCase> = {
        let (d, h) = (TrainingStepSize.inputDims, TrainingStepSize.latents)
        var random = SeededGenerator(seed: 452, stream: "grading-scale")
        var decoder = Matrix(rows: h, cols: d) { _, _ in random.normal() }
        decoder.normaliseRows()
        return StepScale(
            label: "step 4's decoder, [\(h), \(d)] (\(TrainingStepSize.preset.rawValue))",
            input: DecoderCase(gradient: Matrix(rows: h, cols: d) { _, _ in random.normal() / 100 },
                               decoder: decoder,
                               unnormalised: Matrix(rows: h, cols: d) { _, _ in random.normal() }),
            command: TrainingStepSize.trainingCommand, callsPerRun: TrainingStepSize.config.steps,
            advice: "one pass per row: its dot product (or norm) first, then the update of its "
                + "entries")
    }()

    // MARK: - 4.3

    static func scheduleCase(_ note: String, _ s: LearningRateSchedule)
        -> GradingCase<LearningRateSchedule> {
        GradingCase(label: note + "peak \(s.learningRate), \(s.totalSteps) steps, \(s.warmupSteps) "
                        + "warm-up, \(s.decay.rawValue) to \(s.finalFraction) of the peak; every "
                        + "step 0…\(s.totalSteps - 1)",
                    input: s, printedInput: [])
    }

    static let schedule: [GradingCase<LearningRateSchedule>] = [
        scheduleCase("", LearningRateSchedule(learningRate: 3e-3, totalSteps: 100, warmupSteps: 10,
                                              decay: .cosine, finalFraction: 0.1)),
        scheduleCase("", LearningRateSchedule(learningRate: 1, totalSteps: 21, warmupSteps: 0,
                                              decay: .cosine, finalFraction: 0)),
        scheduleCase("", LearningRateSchedule(learningRate: 0.5, totalSteps: 30, warmupSteps: 5,
                                              decay: .constant, finalFraction: 0)),
        scheduleCase("warm-up of a single step; ",
                     LearningRateSchedule(learningRate: 2e-4, totalSteps: 12, warmupSteps: 1,
                                          decay: .cosine, finalFraction: 0.25)),
        scheduleCase("warm-up covers every step; ",
                     LearningRateSchedule(learningRate: 0.2, totalSteps: 8, warmupSteps: 8,
                                          decay: .cosine, finalFraction: 0)),
        scheduleCase("one step after warm-up (p's denominator is 0: p = 0, the peak); ",
                     LearningRateSchedule(learningRate: 0.4, totalSteps: 5, warmupSteps: 4,
                                          decay: .cosine, finalFraction: 0.1)),
        scheduleCase("a one-step schedule (p's denominator is 0: p = 0, the peak); ",
                     LearningRateSchedule(learningRate: 0.7, totalSteps: 1, warmupSteps: 0,
                                          decay: .cosine, finalFraction: 0.5)),
    ]

    /// Every step of step 4's schedule (the run asks for each rate once).
    static let scheduleScale = StepScale(
        label: "every step of step 4's schedule, \(TrainingStepSize.config.steps) steps "
            + "(\(TrainingStepSize.preset.rawValue))",
        input: TrainingStepSize.config.schedule, command: TrainingStepSize.trainingCommand,
        callsPerRun: 1,
        advice: "compute each step's rate directly from the formula, without a loop over the "
            + "earlier steps")

    // MARK: - 4.4

    static func resampleCase(_ label: String, counts: [Int], d: Int, seed: UInt64,
                             zeroReplacement: Int? = nil) -> GradingCase<ResampleCase> {
        var random = SeededGenerator(seed: seed, stream: "grading")
        let h = counts.count
        let sae = SparseAutoencoder(W_enc: Matrix(rows: d, cols: h) { _, _ in random.normal() },
                                    b_enc: (0..<h).map { _ in random.normal() },
                                    W_dec: Matrix(rows: h, cols: d) { _, _ in random.normal() },
                                    b_dec: (0..<d).map { _ in random.normal() })
        let dead = counts.filter { $0 == 0 }.count
        let replacements = Matrix(rows: dead, cols: d) { r, _ in
            r == zeroReplacement ? 0 : random.normal() * 2
        }
        return GradingCase(label: label + "firing counts \(counts), d = \(d), encoderScale 0.2",
                           input: ResampleCase(sae: sae, firingCounts: counts,
                                               replacements: replacements),
                           printedInput: printed("W_enc", sae.W_enc) + [printed("b_enc", sae.b_enc)]
                               + printed("W_dec", sae.W_dec)
                               + printed("replacements", replacements))
    }

    static let resample: [GradingCase<ResampleCase>] = [
        resampleCase("", counts: [3, 0, 5, 0, 0, 1], d: 3, seed: 441),
        resampleCase("", counts: [0, 2, 0, 7], d: 4, seed: 442),
        resampleCase("", counts: [4, 4, 1], d: 2, seed: 443),
        resampleCase("every latent dead (no alive norm to average: the mean is taken as 1); ",
                     counts: [0, 0, 0], d: 2, seed: 444),
        resampleCase("replacement row 1 is zero (its latent is left as it is, and not listed); ",
                     counts: [0, 3, 0, 0], d: 3, seed: 445, zeroReplacement: 1),
        resampleCase("one dimension; ", counts: [5, 0], d: 1, seed: 446),
        resampleCase("latent 0 fired once (rare, alive) before the dead latent 1; ",
                     counts: [1, 0, 2], d: 2, seed: 447),
    ]

    /// Step 4's SAE with every other latent dead, resampled a few times per run.
    static let resampleScale: StepScale<ResampleCase> = {
        let (d, h) = (TrainingStepSize.inputDims, TrainingStepSize.latents)
        let sae = TrainingStepSize.randomSAE(batch: 1, seed: 454).sae
        var random = SeededGenerator(seed: 454, stream: "grading-replacements")
        let counts = (0..<h).map { $0 % 2 == 0 ? 0 : 1 + $0 }
        return StepScale(
            label: "step 4's SAE, d = \(d), h = \(h), \(h / 2) latents dead "
                + "(\(TrainingStepSize.preset.rawValue))",
            input: ResampleCase(sae: sae, firingCounts: counts,
                                replacements: Matrix(rows: h / 2, cols: d) { _, _ in
                                    random.normal()
                                }),
            command: TrainingStepSize.trainingCommand,
            callsPerRun: TrainingStepSize.resamplingsPerRun,
            advice: "compute the alive latents' mean encoder norm once, not once per dead latent")
    }()
}
