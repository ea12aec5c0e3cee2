// Exercise 4.3 — learning-rate schedule (warm-up + cosine).
// Read:  Chapters/04-training.md#exercise-43
// Grade: swift test --filter Step4Exercises        Run with it: swift run step4 --mine

import SAEKit

// ANCHOR: exercise-4.3
/// The learning rate at `step` (0-based): during the first `warmupSteps` steps it rises linearly,
/// reaching the peak at the last warm-up step: lr·(step + 1)/warmupSteps. Then it follows half a
/// cosine from the peak (at step = warmupSteps) down to finalFraction·lr at the last step
/// (totalSteps − 1): floor + (lr − floor)·½(1 + cos(π·p)),
/// p = (step − warmupSteps) / (totalSteps − 1 − warmupSteps), and p = 0 when that denominator is 0
/// (a single step after warm-up stays at the peak).
/// With `decay == .constant` it stays at the peak after warm-up.
public func scheduledLearningRate(step: Int, schedule: LearningRateSchedule) -> Double {
    // Your code here. schedule has learningRate, totalSteps, warmupSteps, decay, finalFraction.
    return .placeholder
}
// ANCHOR_END: exercise-4.3
