// Exercise 4.3 — reference solution.

import Foundation
import SAEKit

public func scheduledLearningRate(step: Int, schedule s: LearningRateSchedule) -> Double {
    if step < s.warmupSteps { return s.learningRate * Double(step + 1) / Double(s.warmupSteps) }
    if s.decay == .constant { return s.learningRate }
    let span = Double(max(1, s.totalSteps - 1 - s.warmupSteps))
    let progress = min(1, Double(step - s.warmupSteps) / span)
    let floor = s.finalFraction * s.learningRate
    return floor + (s.learningRate - floor) * (1 + cos(.pi * progress)) / 2
}
