// The settings of a toy-model run, and the presets that reproduce published pictures.

import Foundation

/// Everything that determines a toy-model training run (with the seed).
public struct ToyModelConfig: Sendable, Equatable {
    /// n, the number of sparse input features.
    public var features: Int
    /// m, the number of hidden dimensions (m < n forces superposition).
    public var hidden: Int
    /// Probability that each feature is on in a sample (1 − sparsity).
    public var featureProbability: Double
    /// Feature i has importance `importanceDecay^i`.
    public var importanceDecay: Double
    /// Peak learning rate.
    public var learningRate: Double
    /// AdamW's decoupled weight decay.
    public var weightDecay: Double
    /// Number of optimiser steps.
    public var steps: Int
    /// Samples per step.
    public var batchSize: Int
    /// Learning-rate decay after warm-up.
    public var decay: LearningRateSchedule.Decay

    public init(features: Int, hidden: Int, featureProbability: Double, importanceDecay: Double,
                learningRate: Double = 1e-3, weightDecay: Double = 0.01, steps: Int = 10_000,
                batchSize: Int = 1024, decay: LearningRateSchedule.Decay = .cosine) {
        self.features = features
        self.hidden = hidden
        self.featureProbability = featureProbability
        self.importanceDecay = importanceDecay
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.steps = steps
        self.batchSize = batchSize
        self.decay = decay
    }

    /// I_i = importanceDecay^i.
    public var importance: [Double] { (0..<features).map { pow(importanceDecay, Double($0)) } }

    /// The schedule these settings imply (no warm-up; decay to 0 for cosine).
    public var schedule: LearningRateSchedule {
        LearningRateSchedule(learningRate: learningRate, totalSteps: steps, decay: decay)
    }

    /// The settings as ordered key–value pairs (for metrics.json and file metadata).
    public var record: [(String, JSONValue)] {
        [
            ("features", .int(features)), ("hidden", .int(hidden)),
            ("feature_probability", .number(featureProbability)),
            ("importance_decay", .number(importanceDecay)),
            ("learning_rate", .number(learningRate)), ("weight_decay", .number(weightDecay)),
            ("steps", .int(steps)), ("batch_size", .int(batchSize)),
            ("lr_decay", .string(decay.rawValue))
        ]
    }
}
