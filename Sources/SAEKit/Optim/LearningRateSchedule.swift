// Learning-rate schedules: constant, or linear warm-up followed by a cosine decay.

import Foundation

/// How the learning rate moves over training: a peak `learningRate`, reached after
/// `warmupSteps` of linear warm-up, then (for `.cosine`) decayed along half a cosine to
/// `finalFraction × learningRate` at the last step.
public struct LearningRateSchedule: Sendable, Equatable {
    /// The shape after warm-up.
    public enum Decay: String, Sendable, CaseIterable { case constant, cosine }

    public var learningRate: Double
    public var totalSteps: Int
    public var warmupSteps: Int
    public var decay: Decay
    public var finalFraction: Double

    public init(
        learningRate: Double, totalSteps: Int, warmupSteps: Int = 0, decay: Decay = .cosine,
        finalFraction: Double = 0
    ) {
        self.learningRate = learningRate
        self.totalSteps = totalSteps
        self.warmupSteps = warmupSteps
        self.decay = decay
        self.finalFraction = finalFraction
    }

    /// The learning rate for `step` (0-based: the first update uses `rate(at: 0)`).
    public func rate(at step: Int) -> Double {
        if step < warmupSteps {
            return learningRate * Double(step + 1) / Double(warmupSteps)
        }
        switch decay {
        case .constant:
            return learningRate
        case .cosine:
            let span = max(1, totalSteps - 1 - warmupSteps)
            let progress = min(1, Double(step - warmupSteps) / Double(span))
            let floor = finalFraction * learningRate
            return floor + (learningRate - floor) * 0.5 * (1 + cos(Double.pi * progress))
        }
    }
}
