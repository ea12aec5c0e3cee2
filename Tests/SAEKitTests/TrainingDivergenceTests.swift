// Training that goes non-finite stops at that step, keeps the last finite weights and explains
// itself.

import Foundation
@testable import SAEKit
import Testing

/// Counts calls across @Sendable closures.
final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int { lock.withLock { count += 1; return count } }
}

@Suite("Training divergence")
struct TrainingDivergenceTests {
    static let data: Matrix = {
        var random = SeededGenerator(seed: 4, stream: "divergence")
        return Matrix(rows: 300, cols: 5) { _, _ in random.bernoulli(0.3) ? random.uniform() : 0 }
    }()

    static func config(steps: Int = 50) -> SAETrainingConfig {
        var config = SAETrainingConfig(latents: 10, l1Coefficient: 0.05)
        config.steps = steps
        config.batchSize = 32
        return config
    }

    /// Where a poisoned training step puts its bad value.
    enum Poison: Sendable { case reconstruction, total, gradientOfW_dec }

    /// SAEKit's maths (the matrix form), except that call number `badCall` of the training step has
    /// `value` in `place`.
    static func poisoned(
        at badCall: Int, _ place: Poison, value: Double = .nan
    ) -> SAETrainingMaths {
        var maths = SAETrainingMaths.reference
        let calls = CallCounter()
        maths.trainingStep = { a, sae, λ in
            var result = sae.trainingStep(a, l1Coefficient: λ)
            if calls.next() == badCall {
                switch place {
                case .reconstruction: result.terms.reconstruction = value
                case .total: result.terms.total = value
                case .gradientOfW_dec: result.gradients.W_dec.values[3] = value
                }
            }
            return result
        }
        return maths
    }

    @Test func aNaNLossStopsTrainingAtThatStepWithTheLastFiniteWeights() {
        let trained = trainSAE(
            on: Self.data, config: Self.config(), seed: 1,
            maths: Self.poisoned(at: 7, .reconstruction))
        #expect(trained.divergence?.step == 7)
        #expect(trained.divergence?.quantity == "the reconstruction loss")
        #expect(trained.divergence?.value.isNaN == true)
        #expect(trained.autoencoder.W_enc.isFinite && trained.autoencoder.W_dec.isFinite)
        let healthy = trainSAE(
            on: Self.data, config: Self.config(), seed: 1, maths: Self.poisoned(at: 0, .total))
        #expect(healthy.divergence == nil, "no false alarm on a healthy run")
    }

    @Test func anInfiniteGradientIsCaughtBeforeItReachesTheWeights() {
        let trained = trainSAE(
            on: Self.data, config: Self.config(), seed: 1,
            maths: Self.poisoned(at: 12, .gradientOfW_dec, value: .infinity))
        #expect(
            trained.divergence
                == TrainingDivergence(
                    step: 12, totalSteps: 50, quantity: "the gradient of W_dec", value: .infinity))
        #expect(
            trained.autoencoder.W_dec.isFinite && trained.autoencoder.b_dec.allSatisfy(\.isFinite))
    }

    @Test func theWeightsAreThoseOfTheLastGoodStep() {
        // Divergence at step k leaves the SAE as k − 1 healthy steps of the same run left it.
        let config = Self.config(steps: 40)
        let stopped = trainSAE(
            on: Self.data, config: config, seed: 2, maths: Self.poisoned(at: 9, .total))
        var maths = Self.poisoned(at: 0, .total)             // the same matrix form, never poisoned
        let updates = CallCounter(), normalisations = CallCounter()
        let reference = SAETrainingMaths.reference
        // 8 steps × 4 tensors, then frozen
        maths.adamStep = { parameter, gradient, moments, rate, hyperparameters in
            if updates.next() <= 4 * 8 {
                reference.adamStep(&parameter, gradient, &moments, rate, hyperparameters)
            }
        }
        maths.normaliseDecoder = { decoder in
            normalisations.next() <= 8 ? reference.normaliseDecoder(decoder) : decoder
        }
        let frozen = trainSAE(on: Self.data, config: config, seed: 2, maths: maths)
        #expect(stopped.autoencoder.W_enc.values == frozen.autoencoder.W_enc.values)
        #expect(stopped.autoencoder.b_dec == frozen.autoencoder.b_dec)
    }

    @Test func theToyModelStopsToo() {
        var maths = ToyModelMaths.reference
        let calls = CallCounter()
        let reference = ToyModelMaths.reference
        maths.lossAndGradients = { x, model, importance in
            let (loss, gradients) = reference.lossAndGradients(x, model, importance)
            return (calls.next() == 3 ? .infinity : loss, gradients)
        }
        var config = ToyModelConfig(
            features: 6, hidden: 3, featureProbability: 0.2, importanceDecay: 0.9)
        config.steps = 20
        let trained = trainToyModel(config, seed: 0, maths: maths)
        #expect(
            trained.divergence
                == TrainingDivergence(
                    step: 3, totalSteps: 20, quantity: "the loss", value: .infinity))
        #expect(trained.model.W.isFinite && trained.lossCurve.count == 2)
    }

    @Test func theExplanationNamesTheLikelyCause() {
        let divergence = TrainingDivergence(
            step: 37, totalSteps: 300, quantity: "the loss", value: .nan)
        let tooFast = divergence.explanation(
            command: "step4", learningRate: 0.5, defaultLearningRate: 0.003, l1Coefficient: 0.1,
            usedLearnerCode: false, exercises: "Step4Exercises")
        #expect(
            tooFast
                == "step4: training diverged at step 37 of 300: the loss became nan; likely the learning rate: try --lr 0.003 "
                + "(the default; now 0.5). Nothing from this run was saved; earlier files are untouched."
        )
        let mine = divergence.explanation(
            command: "step4", learningRate: 0.003, defaultLearningRate: 0.003, l1Coefficient: 0.1,
            usedLearnerCode: true, exercises: "Step4Exercises")
        #expect(
            mine.contains(
                "your exercise code (--mine) produced it; run swift test --filter Step4Exercises"))
        let plain = divergence.explanation(
            command: "step1", learningRate: 0.001, defaultLearningRate: 0.001, l1Coefficient: nil,
            usedLearnerCode: false, exercises: "Step1Exercises")
        #expect(plain.contains("try a smaller --lr (now 0.001)") && !plain.contains("--l1"))
    }
}
