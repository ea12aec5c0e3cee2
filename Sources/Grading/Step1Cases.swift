// The fixed, seeded inputs step 1's exercises are graded on: small enough to print, with batch,
// feature and hidden sizes that differ in most cases (so a sum over the wrong axis cannot pass),
// negative biases (so the ReLU matters), and edge cases chosen at each formula's boundaries: a
// sample with no active feature, one feature, every pre-activation negative, more hidden
// dimensions than features, tiny and huge values. The gradient cases keep every pre-activation
// at least 1e-3 away from 0, so finite differences are exact there.

import Foundation

import SAEKit

/// An input for exercises 1.1 and 1.3.
struct ToyCase: Sendable {
    var x: Matrix
    var model: ToyModel
    var importance: [Double]
}

/// An input for exercise 1.2: a batch and a reconstruction of it.
struct LossCase: Sendable {
    var x: Matrix
    var reconstruction: Matrix
    var importance: [Double]
}

enum Step1Cases {
    /// (batch, features, hidden) of the random cases.
    static let sizes = [(4, 5, 3), (3, 6, 2), (1, 4, 4), (6, 3, 2)]

    /// The random toy-model cases, each away from ReLU kinks.
    static let random: [GradingCase<ToyCase>] = sizes.enumerated().map { index, size in
        randomCase(batch: size.0, features: size.1, hidden: size.2, seed: UInt64(101 + index))
    }

    // MARK: - 1.1 forward

    /// A square W first: x·W·Wᵀ fits there, so reading W the wrong way round gets its hint instead
    /// of a shape trap. Then the random cases and the boundaries.
    static let forward: [GradingCase<ToyCase>] =
        [squareCase] + random
        + [zeroSample, oneFeature, allNegative, moreHidden, tinyValues, hugeValues]

    /// x·WᵀW is negative somewhere, so that a missing ReLU and a bias after it give different x'.
    static let squareCase = randomCase(
        batch: 2, features: 3, hidden: 3, seed: 100,
        note: "W square (m = n), where x·W·Wᵀ also fits",
        where: { $0.x.matmulTransposed($0.model.W).matmul($0.model.W).values.contains { $0 < 0 } })

    // MARK: - 1.3 gradients

    /// Random cases and the boundaries that keep every pre-activation away from the ReLU's kink.
    static let gradients: [GradingCase<ToyCase>] =
        random + [zeroSample, oneFeature, allNegative, neverFires, moreHidden]

    /// Every toy-model case whose pre-activations keep away from the ReLU's kink (the gradient
    /// cases; GradingCaseTests checks them).
    static var toy: [GradingCase<ToyCase>] { gradients }

    // MARK: - Boundaries of the toy model

    static let zeroSample = toyCase(
        "a sample with no active feature (row 1 of x is 0): there x' = ReLU(b)",
        x: Matrix([[0.5, 0, 0.8, 0.2], [0, 0, 0, 0], [0.9, 0.3, 0, 0.6]]),
        W: Matrix([[0.9, -0.4, 0.3, 0.5], [0.2, 0.8, -0.6, 0.4]]),
        b: [0.3, -0.4, 0.2, -0.1])

    static let oneFeature = toyCase(
        "one feature and one hidden dimension (n = m = 1)",
        x: Matrix([[0.6], [0], [0.9]]), W: Matrix([[0.8]]), b: [-0.1])

    static let allNegative = toyCase(
        "every pre-activation negative (b = −5): x' is all 0, and so is every gradient",
        x: Matrix([[0.5, 0.2, 0.9], [0.1, 0.7, 0]]),
        W: Matrix([[0.6, -0.3, 0.8], [0.4, 0.9, -0.2]]),
        b: [-5, -5, -5])

    static let neverFires = toyCase(
        "feature 2's pre-activation is negative in every sample (b₂ = −3): it passes no gradient",
        x: Matrix([[0.7, 0.4, 0.9], [0.2, 0.8, 0], [0.6, 0, 0.5]]),
        W: Matrix([[0.9, -0.5, 0.4], [0.3, 0.7, 0.6]]),
        b: [0.1, -0.2, -3])

    static let moreHidden = randomCase(batch: 3, features: 2, hidden: 4, seed: 150,
                                       note: "more hidden dimensions than features (m = 4 > n = 2)")

    static let tinyValues = scaledCase(
        "tiny values: x and b about 1e-8 (the ReLU's threshold is 0)", zeroSample.input,
        by: 1e-8, written: "1e-8")
    static let hugeValues = scaledCase("huge values: x and b about 1e8", zeroSample.input, by: 1e8,
                                       written: "1e8")

    /// `base` with x and b multiplied by `factor` (W kept), printed as factor × the base values.
    static func scaledCase(_ label: String, _ base: ToyCase, by factor: Double,
                           written: String) -> GradingCase<ToyCase> {
        let input = ToyCase(x: factor * base.x,
                            model: ToyModel(W: base.model.W, b: base.model.b.map { factor * $0 }),
                            importance: base.importance)
        let scale = written + " × "
        var x = printed("x", base.x)
        x[0] = "x \(base.x.shape) = " + scale + "("
        let b = printed("b", base.model.b).replacingOccurrences(of: "= [", with: "= \(scale)[")
        return GradingCase(label: label, input: input,
                           printedInput: x + [")"] + printed("W", base.model.W)
                               + [b, printed("importance", base.importance)])
    }

    /// A case from explicit values; importance 0.7^i unless given.
    static func toyCase(_ label: String, x: Matrix, W: Matrix, b: [Double],
                        importance: [Double]? = nil) -> GradingCase<ToyCase> {
        let importance = importance ?? (0..<x.cols).map { pow(0.7, Double($0)) }
        let input = ToyCase(x: x, model: ToyModel(W: W, b: b), importance: importance)
        return GradingCase(label: label, input: input, printedInput: printedToyCase(input))
    }

    static func printedToyCase(_ c: ToyCase) -> [String] {
        printed("x", c.x) + printed("W", c.model.W)
            + [printed("b", c.model.b), printed("importance", c.importance)]
    }

    /// A random case whose pre-activations are all at least 1e-3 away from 0.
    static func randomCase(batch: Int, features: Int, hidden: Int, seed: UInt64,
                           note: String? = nil,
                           where condition: (ToyCase) -> Bool = { _ in true })
        -> GradingCase<ToyCase> {
        var attemptSeed = seed
        while true {
            var random = SeededGenerator(seed: attemptSeed, stream: "grading")
            let x = Matrix(rows: batch, cols: features) { _, _ in
                random.bernoulli(0.6) ? random.uniform(0.1, 1) : 0
            }
            let W = Matrix(rows: hidden, cols: features) { _, _ in random.normal() * 0.7 }
            let b = (0..<features).map { _ in random.normal() * 0.3 }
            let importance = (0..<features).map { _ in random.uniform(0.2, 1) }
            let model = ToyModel(W: W, b: b)
            let input = ToyCase(x: x, model: model, importance: importance)
            let z = model.forwardPass(x).preActivation
            let awayFromKinks = z.values.allSatisfy { abs($0) > 1e-3 }
            if awayFromKinks && condition(input) {
                let size = "B = \(batch) samples, n = \(features) features, m = \(hidden) hidden"
                let label = (note.map { $0 + ": " } ?? "") + size + " (seed \(attemptSeed))"
                return GradingCase(label: label, input: input, printedInput: printedToyCase(input))
            }
            attemptSeed += 1000
        }
    }

    // MARK: - 1.2 loss

    /// The random cases with the model's own reconstruction, then reconstructions chosen to test
    /// the loss's boundaries.
    static let loss: [GradingCase<LossCase>] = random.map { gradingCase in
        let c = gradingCase.input
        return lossCase(gradingCase.label + ", x' = the model's forward pass", x: c.x,
                        reconstruction: c.model.forward(c.x), importance: c.importance)
    } + lossBoundaries

    static let lossBoundaries: [GradingCase<LossCase>] = {
        let x = Matrix([[0.5, 0, 0.8], [0.9, 0.3, 0], [0, 0.6, 0.2]])
        let signed = Matrix([[0.2, -0.3, 0.1], [-0.4, 0.5, -0.2], [0.3, 0.1, -0.6]])
        return [
            lossCase("a perfect reconstruction (x' = x): L = 0", x: x, reconstruction: x,
                     importance: [1, 0.7, 0.49]),
            lossCase("errors of both signs (x' above and below x)", x: x,
                     reconstruction: x + signed, importance: [1, 0.7, 0.49]),
            lossCase("feature 1 has importance 0: its errors do not count", x: x,
                     reconstruction: x + signed, importance: [0.8, 0, 0.5]),
            lossCase("one feature (n = 1)", x: Matrix([[0.4], [0], [0.9], [0.2]]),
                     reconstruction: Matrix([[0.1], [0.3], [0.7], [0.2]]), importance: [0.6]),
            lossCase("one sample (B = 1)", x: Matrix([[0.3, 0.8]]),
                     reconstruction: Matrix([[0.5, 0.1]]), importance: [1, 0.7]),
            lossCase("huge errors (about 1e4)", x: 1e4 * x, reconstruction: 1e4 * (x + signed),
                     importance: [1, 0.7, 0.49]),
        ]
    }()

    static func lossCase(_ label: String, x: Matrix, reconstruction: Matrix,
                         importance: [Double]) -> GradingCase<LossCase> {
        GradingCase(label: label,
                    input: LossCase(x: x, reconstruction: reconstruction, importance: importance),
                    printedInput: printed("x", x) + printed("x' (reconstruction)", reconstruction)
                        + [printed("importance", importance)])
    }
}
