// The fixed, seeded inputs step 1's exercises are graded on: small enough to print, with batch,
// feature and hidden sizes that differ in most cases (so a sum over the wrong axis cannot pass),
// negative biases (so the ReLU matters), and no pre-activation near 0 (so finite differences are exact).

import Foundation

import SAEKit

/// An input for exercises 1.1–1.3.
struct ToyCase: Sendable {
    var x: Matrix
    var model: ToyModel
    var importance: [Double]
    var seed: UInt64
}

enum Step1Cases {
    /// (batch, features, hidden) of the graded cases.
    static let sizes = [(4, 5, 3), (3, 6, 2), (1, 4, 4), (6, 3, 2)]

    /// The toy-model cases, each away from ReLU kinks.
    static let toy: [GradingCase<ToyCase>] = sizes.enumerated().map { index, size in
        let toyCase = makeToyCase(batch: size.0, features: size.1, hidden: size.2, seed: UInt64(101 + index))
        return GradingCase(label: "B = \(size.0) samples, n = \(size.1) features, m = \(size.2) hidden (seed \(toyCase.seed))",
                           input: toyCase,
                           printedInput: printed("x", toyCase.x) + printed("W", toyCase.model.W)
                               + [printed("b", toyCase.model.b), printed("importance", toyCase.importance)])
    }

    static func makeToyCase(batch: Int, features: Int, hidden: Int, seed: UInt64) -> ToyCase {
        var attemptSeed = seed
        while true {
            var random = SeededGenerator(seed: attemptSeed, stream: "grading")
            let x = Matrix(rows: batch, cols: features) { _, _ in random.bernoulli(0.6) ? random.uniform(0.1, 1) : 0 }
            let W = Matrix(rows: hidden, cols: features) { _, _ in random.normal() * 0.7 }
            let b = (0..<features).map { _ in random.normal() * 0.3 }
            let importance = (0..<features).map { _ in random.uniform(0.2, 1) }
            let model = ToyModel(W: W, b: b)
            let z = model.forwardPass(x).preActivation
            if z.values.allSatisfy({ abs($0) > 1e-3 }) {
                return ToyCase(x: x, model: model, importance: importance, seed: attemptSeed)
            }
            attemptSeed += 1000
        }
    }

    /// Embeddings W for exercise 1.4: random, the regular pentagon, random, and one with a zero column.
    static let embeddings: [GradingCase<Matrix>] = {
        var random = SeededGenerator(seed: 141, stream: "grading")
        let randomW = Matrix(rows: 3, cols: 5) { _, _ in random.normal() * 0.7 }
        let pentagon = Matrix(rows: 2, cols: 5) { r, c in
            let angle = 2 * Double.pi * Double(c) / 5
            return r == 0 ? cos(angle) : sin(angle)
        }
        let tall = Matrix(rows: 4, cols: 6) { _, _ in random.normal() * 0.7 }
        var withZero = Matrix(rows: 3, cols: 4) { _, _ in random.normal() * 0.7 }
        for r in 0..<3 { withZero[r, 2] = 0 }
        return [
            GradingCase(label: "random W [3, 5] (seed 141)", input: randomW, printedInput: printed("W", randomW)),
            GradingCase(label: "the regular pentagon: 5 unit features in 2 dims", input: pentagon, printedInput: printed("W", pentagon)),
            GradingCase(label: "random W [4, 6] (seed 141)", input: tall, printedInput: printed("W", tall)),
            GradingCase(label: "W [3, 4] whose feature 2 is the zero column (see the chapter's rule for ‖W_i‖ = 0)",
                        input: withZero, printedInput: printed("W", withZero)),
        ]
    }()
}
