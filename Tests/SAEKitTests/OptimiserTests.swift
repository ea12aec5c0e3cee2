// Adam(W) and the learning-rate schedule: known answers and a convergence check.

import Foundation
@testable import SAEKit
import Testing

@Suite("Optimiser and schedule")
struct OptimiserTests {
    @Test func firstAdamStepMovesByLearningRateTimesSign() {
        // With bias correction, m̂ = g and v̂ = g² after one step, so the update is lr·g/(|g| + ε).
        var theta = [1.0, -2.0, 0.5]
        var moments = AdamMoments(count: 3)
        adamUpdate(
            &theta, gradient: [0.3, -5, 1e-3], moments: &moments, learningRate: 0.1,
            hyperparameters: AdamHyperparameters())
        #expect(abs(theta[0] - 0.9) < 1e-7)
        #expect(abs(theta[1] - -1.9) < 1e-7)
        #expect(abs(theta[2] - 0.4) < 1e-4)
    }

    /// Chapter 4's unit-norm decoder: a plain step along the projected gradient changes ‖w‖ only to
    /// second order (halving lr quarters the drift), but Adam's step along it does not stay tangent
    /// (it divides coordinate by coordinate), so the drift is first order (halving lr halves it)
    /// and the renormalisation after the update is doing real work.
    @Test func projectionKeepsAPlainStepTangentButNotAdamsStep() {
        let w = Matrix([[1, 2, 3].map { $0 / 14.0.squareRoot() }])              // [1, 3], unit norm
        let g = Matrix([[0.5, -1, 0.2]]).removingRowComponents(along: w)
        #expect(abs(dot(g.row(0), w.row(0))) < 1e-15, "the projected gradient is orthogonal to w")
        func drift(_ lr: Double, adam: Bool) -> Double {
            var theta = w.values
            if adam {
                var moments = AdamMoments(count: 3)
                adamUpdate(&theta, gradient: g.values, moments: &moments, learningRate: lr,
                           hyperparameters: AdamHyperparameters())
            } else {
                theta = zip(theta, g.values).map { $0 - lr * $1 }
            }
            return abs(dot(theta, theta).squareRoot() - 1)
        }
        let plain = drift(1e-3, adam: false) / drift(5e-4, adam: false)
        let adam = drift(1e-3, adam: true) / drift(5e-4, adam: true)
        #expect(abs(plain - 4) < 0.01, "plain step: second order, ratio \(plain)")
        #expect(abs(adam - 2) < 0.01, "Adam's step: first order, ratio \(adam)")
        #expect(drift(1e-3, adam: true) > 100 * drift(1e-3, adam: false))
    }

    @Test func secondStepMatchesHandComputation() {
        let h = AdamHyperparameters(beta1: 0.9, beta2: 0.99, epsilon: 0)
        var theta = [0.0]
        var moments = AdamMoments(count: 1)
        adamUpdate(&theta, gradient: [1], moments: &moments, learningRate: 1, hyperparameters: h)
        adamUpdate(&theta, gradient: [3], moments: &moments, learningRate: 1, hyperparameters: h)
        // m = 0.9·0.1 + 0.1·3 = 0.39, m̂ = 0.39/0.19; v = 0.99·0.01 + 0.01·9 = 0.0999,
        // v̂ = 0.0999/0.0199.
        let expected = -1 - (0.39 / 0.19) / (0.0999 / 0.0199).squareRoot()
        #expect(abs(theta[0] - expected) < 1e-12)
        #expect(moments.step == 2)
    }

    @Test func weightDecayIsDecoupled() {
        // A zero gradient leaves Adam's term at 0: AdamW still shrinks θ by lr·wd·θ.
        var theta = [2.0]
        var moments = AdamMoments(count: 1)
        adamUpdate(
            &theta, gradient: [0], moments: &moments, learningRate: 0.1,
            hyperparameters: AdamHyperparameters(weightDecay: 0.5))
        #expect(abs(theta[0] - (2 - 0.1 * 0.5 * 2)) < 1e-15)
    }

    @Test func fourAtATimeEqualsOneAtATime() {
        // adamUpdate runs SIMD4 groups and a scalar tail; 11 entries take both. Each must be, bit
        // for bit, what a one-entry update (scalar only) gives, over steps with weight decay.
        let h = AdamHyperparameters(weightDecay: 0.01)
        var theta = (0..<11).map { 0.3 * Double($0) - 1.2 }, moments = AdamMoments(count: 11)
        var single = theta.map { [$0] }, singleMoments = (0..<11).map { _ in AdamMoments(count: 1) }
        for step in 1...5 {
            let gradient = (0..<11).map { sin(Double($0 * step)) * 3 }
            adamUpdate(
                &theta, gradient: gradient, moments: &moments, learningRate: 0.01,
                hyperparameters: h)
            for i in 0..<11 {
                adamUpdate(
                    &single[i], gradient: [gradient[i]], moments: &singleMoments[i],
                    learningRate: 0.01, hyperparameters: h)
            }
        }
        #expect(theta == single.map { $0[0] })
        #expect(moments.mean == singleMoments.map { $0.mean[0] })
        #expect(moments.squaredMean == singleMoments.map { $0.squaredMean[0] })
    }

    @Test func adamMinimisesAQuadratic() {
        var theta = [5.0, -3.0]
        var moments = AdamMoments(count: 2)
        for _ in 0..<2000 {
            let gradient = [2 * (theta[0] - 1), 20 * (theta[1] + 2)]   // ∇ of (θ₀−1)² + 10(θ₁+2)²
            adamUpdate(
                &theta, gradient: gradient, moments: &moments, learningRate: 0.05,
                hyperparameters: AdamHyperparameters())
        }
        #expect(abs(theta[0] - 1) < 1e-3 && abs(theta[1] + 2) < 1e-3)
    }

    @Test func cosineScheduleEndpointsAndMiddle() {
        let schedule = LearningRateSchedule(learningRate: 1e-3, totalSteps: 101)
        #expect(schedule.rate(at: 0) == 1e-3)
        #expect(abs(schedule.rate(at: 50) - 5e-4) < 1e-15)
        #expect(abs(schedule.rate(at: 100)) < 1e-15)
        let floored = LearningRateSchedule(learningRate: 1, totalSteps: 11, finalFraction: 0.1)
        #expect(abs(floored.rate(at: 10) - 0.1) < 1e-15)
    }

    @Test func warmupIsLinearThenDecays() {
        let schedule = LearningRateSchedule(learningRate: 1, totalSteps: 20, warmupSteps: 4)
        #expect((0..<4).map(schedule.rate) == [0.25, 0.5, 0.75, 1])
        #expect(schedule.rate(at: 5) < 1 && schedule.rate(at: 5) > schedule.rate(at: 6))
        let constant = LearningRateSchedule(learningRate: 0.3, totalSteps: 10, decay: .constant)
        #expect((0..<10).allSatisfy { constant.rate(at: $0) == 0.3 })
    }

    @Test func centralDifferencesOfAKnownFunction() {
        let gradient = centralDifferences(at: [1, 2]) { $0[0] * $0[0] * $0[1] + sin($0[1]) }
        #expect(abs(gradient[0] - 4) < 1e-8)
        #expect(abs(gradient[1] - (1 + cos(2))) < 1e-8)
    }
}

import Foundation
