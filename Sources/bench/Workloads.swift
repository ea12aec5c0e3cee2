// What the bench trains: for each shape, the data and settings a learner's run would use, in two
// states (the SAE at initialisation, and the same SAE after training, when its codes are sparse),
// and the dense worst case the earlier tables used (standard normal data, at initialisation).

import Foundation
import SAEKit

/// One benchmarked SAE shape `d → h`, trained on batches of `batch` rows.
struct Shape {
    var label: String
    var d: Int, h: Int, batch: Int
    /// Where its realistic data come from (nil: only the dense worst case is measured).
    var data: DataSource?
    /// λ and the learning rate of that realistic run (the preset's own).
    var l1: Double, learningRate: Double
    /// Timed steps per run, and the untimed steps that make the "trained" state.
    var steps: Int, trainingSteps: Int
    /// Multiply-adds of the five products of one step, counted dense: encode, decode, ∂W_dec, ∂f,
    /// ∂W_enc.
    var flops: Double { 10 * Double(batch) * Double(d) * Double(h) }
}

/// The four shapes. 64 → 256 has no preset: it uses dictionary-32x16 scaled four times
/// (128 known directions in 64 dimensions, each on with p = 0.05) and that preset's λ.
let allShapes: [Shape] = {
    let curriculum = Preset.curriculum.saeDefaults, dictionary = Preset.dictionary32x16.saeDefaults
    return [
        Shape(
            label: "5 → 20, batch 1024 (curriculum)", d: 5, h: 20, batch: 1024,
            data: Preset.curriculum.source,
            l1: curriculum.l1Coefficient, learningRate: curriculum.learningRate, steps: 2000,
            trainingSteps: 3000),
        Shape(
            label: "16 → 64, batch 1024 (dictionary-32x16)", d: 16, h: 64, batch: 1024,
            data: Preset.dictionary32x16.source,
            l1: dictionary.l1Coefficient, learningRate: dictionary.learningRate, steps: 1000,
            trainingSteps: 3000),
        Shape(
            label: "64 → 256, batch 1024 (dictionary 128 × 64)", d: 64, h: 256, batch: 1024,
            data: .dictionary(
                DictionaryConfig(features: 128, dims: 64, activity: .independent(probability: 0.05))
            ),
            l1: dictionary.l1Coefficient, learningRate: dictionary.learningRate, steps: 200,
            trainingSteps: 3000),
        Shape(
            label: "384 → 3072, batch 4096 (a sentence-embedding model)", d: 384, h: 3072,
            batch: 4096, data: nil,
            l1: 0.1, learningRate: 1e-3, steps: 2, trainingSteps: 0)
    ]
}()

/// The state an SAE is timed in.
enum State: String {
    case initial = "at initialisation"
    case trained = "trained"
    case gaussian = "standard normal data, at initialisation"
}

/// The activations of a shape's realistic data: 50,000 samples, seed 0, as step 2 makes them.
func activations(_ source: DataSource) -> Matrix {
    switch source {
    case let .toyModel(config):
        let model = trainToyModel(config, seed: 0).model
        return ActivationDataset.collect(
            from: model, featureProbability: config.featureProbability, samples: 50_000, seed: 0
        ).activations
    case let .dictionary(config):
        return ActivationDataset.collect(
            from: KnownDictionary(config, seed: 0), samples: 50_000, seed: 0
        ).activations
    case .classifier:
        fatalError("the bench has no classifier workload")
    }
}

/// Standard normal activations, as the first tables used: about half the latents fire at
/// initialisation.
func gaussianActivations(_ shape: Shape) -> Matrix {
    var random = SeededGenerator(seed: 0, stream: "bench")
    return Matrix(rows: max(8 * shape.batch, 4096), cols: shape.d) { _, _ in random.normal() }
}

/// The trainer's settings for timed runs of `shape`: its λ and learning rate, a short warm-up, no
/// resampling.
func timedConfig(_ shape: Shape, state: State) -> SAETrainingConfig {
    var config = SAETrainingConfig(
        latents: shape.h, l1Coefficient: state == .gaussian ? 0.1 : shape.l1)
    config.batchSize = shape.batch
    config.learningRate = state == .gaussian ? 1e-3 : shape.learningRate
    config.warmupSteps = state == .trained ? 100 : 0     // a restarted Adam takes small first steps
    config.resampleEvery = 0
    config.steps = shape.steps
    return config
}
