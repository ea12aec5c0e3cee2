// Training the toy model: sample a sparse batch, forward, loss, backward, AdamW, repeat.
// The maths comes in as function values so `step1 --mine` can run the learner's own.

/// The three functions a training step needs. `.reference` is SAEKit's; exercises 1.1–1.3 supply
/// the learner's.
public struct ToyModelMaths: Sendable {
    /// x' = ReLU(x·WᵀW + b).  x: [B, n] -> [B, n]
    public var forward: @Sendable (_ x: Matrix, _ model: ToyModel) -> Matrix
    /// (1/B) Σ_b Σ_i I_i (x − x')².
    public var loss:
        @Sendable (_ x: Matrix, _ reconstruction: Matrix, _ importance: [Double]) -> Double
    /// ∂L/∂W and ∂L/∂b.
    public var gradients:
        @Sendable (_ x: Matrix, _ model: ToyModel, _ importance: [Double]) -> ToyModelGradients
    /// The loss and gradients of one batch: the three functions above, or one fused pass when
    /// available.
    public var lossAndGradients:
        @Sendable (_ x: Matrix, _ model: ToyModel, _ importance: [Double]) -> (
            Double, ToyModelGradients
        )

    /// Maths made of three separate functions (the learner's exercises 1.1–1.3).
    public init(forward: @escaping @Sendable (Matrix, ToyModel) -> Matrix,
                loss: @escaping @Sendable (Matrix, Matrix, [Double]) -> Double,
                gradients: @escaping @Sendable (Matrix, ToyModel, [Double]) -> ToyModelGradients) {
        self.forward = forward
        self.loss = loss
        self.gradients = gradients
        self.lossAndGradients = { x, model, importance in
            (loss(x, forward(x, model), importance), gradients(x, model, importance))
        }
    }

    /// SAEKit's implementations, with loss and gradients from a single forward pass.
    public static let reference: ToyModelMaths = {
        var maths = ToyModelMaths(
            forward: { x, model in model.forward(x) },
            loss: { x, reconstruction, importance in
                ToyModel.loss(x, reconstruction: reconstruction, importance: importance)
            },
            gradients: { x, model, importance in model.gradients(x, importance: importance) })
        maths.lossAndGradients = { x, model, importance in
            model.lossAndGradients(x, importance: importance)
        }
        return maths
    }()
}

/// Where training is, for a progress display.
public struct TrainingProgress: Sendable {
    public var step: Int
    public var totalSteps: Int
    public var loss: Double
}

/// A trained toy model and how it got there.
public struct TrainedToyModel: Sendable {
    public var model: ToyModel
    public var config: ToyModelConfig
    public var seed: UInt64
    /// The training loss of every step.
    public var lossCurve: [Double]
    /// The loss on 10,000 fresh samples after training.
    public var finalLoss: Double
    /// Set when training stopped early on a non-finite loss or gradient (the weights are the last
    /// finite ones).
    public var divergence: TrainingDivergence? = nil
}

/// Samples used to measure the final loss (drawn from their own stream).
public let toyModelEvaluationSamples = 10_000

// ANCHOR: toy-training-loop
/// Trains a toy model with AdamW on fresh sparse batches.
/// - Parameters:
///   - config: sizes, sparsity, importance and optimiser settings.
///   - seed: seeds the initial W ("init" stream), the batches ("data") and the evaluation set
///     ("eval").
///   - maths: forward, loss and gradients (SAEKit's unless the learner's are plugged in).
///   - progress: called about 100 times during training.
public func trainToyModel(_ config: ToyModelConfig, seed: UInt64, maths: ToyModelMaths = .reference,
                          progress: (TrainingProgress) -> Void = { _ in }) -> TrainedToyModel {
    var initRandom = SeededGenerator(seed: seed, stream: "init")
    var dataRandom = SeededGenerator(seed: seed, stream: "data")
    var model = ToyModel.initialised(
        features: config.features, hidden: config.hidden, generator: &initRandom)
    let sampler = SparseFeatureSampler(
        features: config.features, probability: config.featureProbability)
    let importance = config.importance
    let schedule = config.schedule
    let adam = AdamHyperparameters(weightDecay: config.weightDecay)
    var momentsW = AdamMoments(count: model.W.values.count)
    var momentsB = AdamMoments(count: model.b.count)
    var lossCurve = [Double]()
    lossCurve.reserveCapacity(config.steps)
    let reportEvery = max(1, config.steps / 100)

    for step in 0..<config.steps {
        let x = sampler.sample(batchSize: config.batchSize, generator: &dataRandom)   // [B, n]
        let (loss, gradients) = maths.lossAndGradients(x, model, importance)
        let watched = [("the loss", [loss]), ("the gradient of W", gradients.W.values),
                       ("the gradient of b", gradients.b)]
        if let problem = TrainingDivergence.check(watched, step: step + 1, of: config.steps) {
            return TrainedToyModel(
                model: model, config: config, seed: seed, lossCurve: lossCurve, finalLoss: .nan,
                divergence: problem)
        }
        let learningRate = schedule.rate(at: step)
        adamUpdate(
            &model.W.values, gradient: gradients.W.values, moments: &momentsW,
            learningRate: learningRate, hyperparameters: adam)
        adamUpdate(
            &model.b, gradient: gradients.b, moments: &momentsB, learningRate: learningRate,
            hyperparameters: adam)
        lossCurve.append(loss)
        if (step + 1) % reportEvery == 0 || step + 1 == config.steps {
            progress(TrainingProgress(step: step + 1, totalSteps: config.steps, loss: loss))
        }
    }

    var evalRandom = SeededGenerator(seed: seed, stream: "eval")
    let evaluation = sampler.sample(batchSize: toyModelEvaluationSamples, generator: &evalRandom)
    let finalLoss = maths.loss(evaluation, maths.forward(evaluation, model), importance)
    return TrainedToyModel(
        model: model, config: config, seed: seed, lossCurve: lossCurve, finalLoss: finalLoss)
}
// ANCHOR_END: toy-training-loop
