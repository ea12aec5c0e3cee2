// The size at which `swift run step1 --mine` calls exercises 1.1–1.4, read from the settings the
// step uses: the largest toy-model preset (curriculum, 10 features → 5 hidden), its batch of 1024
// and its 10,000 training steps, and the evaluation set the loss is measured on at the end.

import SAEKit

enum Step1Scale {
    /// The toy model step 1 trains by default (the largest of its presets).
    static let config: ToyModelConfig = Preset.toyModelPresets
        .compactMap(\.toyModel).max { $0.features * $0.hidden < $1.features * $1.hidden }!

    static let command = "swift run step1 --mine"

    /// Calls per run of forward and loss: one per training step, and the evaluation set (10,000
    /// samples) counted in batches.
    static let forwardCalls = config.steps
        + (toyModelEvaluationSamples + config.batchSize - 1) / config.batchSize

    static let label = "a batch of \(config.batchSize) samples, \(config.features) features, "
        + "\(config.hidden) hidden"

    static let matrixAdvice = "Matrix's matmul, matmulTransposed, addingToEachRow and relu run "
        + "compiled, vectorised kernels even in a debug build, while loops over x[r, c] in a debug "
        + "build take ~50 ns per entry. Or build everything optimised: "
        + "swift run -c release step1 --mine."

    /// A training batch at the step's size: sparse features, a W like an initialised model's and
    /// a small bias of either sign.
    static let toyCase: ToyCase = {
        var random = SeededGenerator(seed: 1, stream: "grading-scale")
        let sampler = SparseFeatureSampler(features: config.features,
                                           probability: config.featureProbability)
        let x = sampler.sample(batchSize: config.batchSize, generator: &random)
        let W = Matrix(rows: config.hidden, cols: config.features) { _, _ in random.normal() * 0.4 }
        let b = (0..<config.features).map { _ in random.normal() * 0.1 }
        return ToyCase(x: x, model: ToyModel(W: W, b: b), importance: config.importance)
    }()

    static let forward = StepScale(label: label, input: toyCase, command: command,
                                   callsPerRun: forwardCalls, advice: matrixAdvice)

    static let loss = StepScale(
        label: label,
        input: LossCase(x: toyCase.x, reconstruction: toyCase.model.forward(toyCase.x),
                        importance: toyCase.importance),
        command: command, callsPerRun: forwardCalls,
        advice: "one pass over the entries is enough (x − x', squared, weighted, summed); loops "
            + "over x[r, c] in a debug build take ~50 ns per entry. Or build everything optimised: "
            + "swift run -c release step1 --mine.")

    static let gradients = StepScale(label: label, input: toyCase, command: command,
                                     callsPerRun: config.steps,
                                     advice: "write the chain rule with whole-matrix operations "
                                         + "(transposedMatmul, matmulTransposed, scalingColumns, "
                                         + "columnSums): " + matrixAdvice)

    /// Step 1 reads superposition off the trained W once.
    static let metrics = StepScale(
        label: "W [\(config.hidden), \(config.features)]",
        input: {
            var random = SeededGenerator(seed: 2, stream: "grading-scale")
            return Matrix(rows: config.hidden, cols: config.features) { _, _ in
                random.normal() * 0.5
            }
        }(),
        command: command, callsPerRun: 1,
        advice: "each measure needs the n × n overlaps W_i·W_j once (W.transposedMatmul(W)).")
}
